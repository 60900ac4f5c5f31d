#include "push/push_plan.hpp"

#include "common/repeated_key.hpp"
#include "remote/bulk_key.hpp"
#include "sqlgen/identifier_quoting.hpp"
#include "sqlgen/staging_name.hpp"

#include <algorithm>

namespace mssql_upsert::push {

PushTarget push_target(const PushRequest &request, RemoteTable remote, const std::string &remote_display) {
  PushTarget target;
  target.display = remote_display;
  if (!request.foreign_columns) {
    for (const sync::PushRemoteColumn &column : remote.columns)
      target.tsql_names.push_back(column.name);
    target.table = std::move(remote);
    return target;
  }
  target.display = remote_display + " as foreign table " + request.foreign_table_display + " declares it";
  std::vector<std::size_t> kept = sync::map_foreign_columns(
      request.foreign_table_display, remote_display, remote.columns, *request.foreign_columns, target.table.columns);
  for (std::size_t i = 0; i < kept.size(); ++i) {
    if (i > 0 && kept[i] == kept[i - 1])
      throw Error("columns \"" + target.table.columns[i - 1].name + "\" and \"" + target.table.columns[i].name +
                      "\" of foreign table " + request.foreign_table_display + " both name remote column \"" +
                      remote.columns[kept[i]].name + "\"",
                  sqlstate::kInvalidColumnReference, "", "A push fills each remote column from one column.");
    target.tsql_names.push_back(remote.columns[kept[i]].name);
  }
  // The remote keys under the foreign table's column names.
  auto declared_name = [&](const std::string &tsql_name) -> std::optional<std::string> {
    auto at = std::find(target.tsql_names.begin(), target.tsql_names.end(), tsql_name);
    if (at == target.tsql_names.end())
      return std::nullopt;
    return target.table.columns[at - target.tsql_names.begin()].name;
  };
  for (const std::vector<std::string> &unique : remote.keys.unique_keys) {
    std::vector<std::string> names;
    for (const std::string &column : unique)
      if (auto name = declared_name(column))
        names.push_back(*name);
    if (names.size() == unique.size()) // else it cannot be the MERGE key
      target.table.keys.unique_keys.push_back(std::move(names));
  }
  for (const std::string &key : remote.keys.primary_key) {
    if (auto name = declared_name(key)) {
      target.table.keys.primary_key.push_back(*name);
      continue;
    }
    if (request.key_columns) { // the caller's key replaces the primary key
      target.table.keys.primary_key.clear();
      break;
    }
    throw Error("primary key column \"" + key + "\" of remote table " + remote_display +
                    " is not a column of foreign table " + request.foreign_table_display,
                sqlstate::kUndefinedColumn, "",
                "Add it to the foreign table, or pass key_columns => ARRAY['...'] naming columns it declares.");
  }
  return target;
}

PushPlan plan_push(const PushRequest &request, const sqlgen::QualifiedName &remote_name,
                   const PushTarget &target, const SourceRowReader &reader) {
  const RemoteTable &remote = target.table;
  PushPlan plan;
  plan.matched = sync::match_push_columns(target.display, remote.columns, remote.keys,
                                          reader.columns(), request.columns, request.key_columns);
  plan.spec.target = remote_name;
  plan.spec.staging_table = sqlgen::tsql_staging_table_name(remote_name.schema, remote_name.name,
                                                            request.writer_id, request.partition_id);
  plan.staging_reference = sqlgen::quote_tsql_identifier(plan.spec.staging_table, "staging table name");
  for (const sync::PushPair &pair : plan.matched.pairs) {
    const sync::PushRemoteColumn &column = remote.columns[pair.remote_index];
    plan.spec.columns.push_back({target.tsql_names[pair.remote_index], pair.is_key, column.is_identity,
                                 sqlgen::tsql_change_test_for_type(column.type_name)});
    plan.source_columns.push_back(pair.source_index);
    plan.bulk_columns.push_back(*column.bulk);
    if (pair.is_key && !remote::bulk_equality_is_exact(*column.bulk))
      plan.keys_checked_locally = false;
  }
  return plan;
}

std::vector<std::string> key_names(const PushPlan &plan) {
  std::vector<std::string> names;
  for (const sqlgen::TsqlMergeColumn &column : plan.spec.columns)
    if (column.is_key)
      names.push_back(column.name);
  return names;
}

std::string row_key(const PushPlan &plan, const SourceRowReader &reader, HeapTuple tuple) {
  std::vector<std::optional<std::string>> values;
  for (std::size_t c = 0; c < plan.spec.columns.size(); ++c)
    if (plan.spec.columns[c].is_key)
      values.push_back(reader.text_of(tuple, plan.source_columns[c]));
  return format_key(key_names(plan), values);
}

std::string bulk_key(const PushPlan &plan, const std::vector<remote::BulkValue> &row) {
  std::string key;
  for (std::size_t c = 0; c < plan.spec.columns.size(); ++c)
    if (plan.spec.columns[c].is_key)
      remote::append_bulk_key(row[c], plan.bulk_columns[c], key);
  return key;
}

} // namespace mssql_upsert::push
