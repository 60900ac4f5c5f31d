#include "named_sync/compare_deletes.hpp"

#include "common/ascii.hpp"
#include "common/delete_guard.hpp"
#include "named_sync/local_query.hpp"
#include "pg/local_table.hpp"
#include "pg/pg_guard.hpp"
#include "pull/pull_runner.hpp"
#include "sqlgen/identifier_quoting.hpp"

extern "C" {
#include "utils/acl.h"
#include "utils/builtins.h"
}

namespace mssql_upsert::named_sync {

namespace {

constexpr const char *kKeyTable = "pg_temp.mssql_upsert_sync_keys";

// The local key column names: key_columns as the local table spells them, or its primary key.
std::vector<std::string> local_key_names(const SyncDefinition &d, Oid relid) {
  pg::LocalTable local = pg::read_local_table(relid);
  std::vector<std::string> names;
  if (!d.key_columns) {
    for (std::size_t index : local.info.primary_key)
      names.push_back(local.info.columns[index].name);
  } else {
    for (const std::string &wanted : *d.key_columns) {
      const std::string *found = nullptr;
      for (const auto &column : local.info.columns)
        if (column.name == wanted || (!found && equals_ignoring_ascii_case(column.name, wanted)))
          found = &column.name;
      if (found)
        names.push_back(*found);
    }
  }
  if (names.empty() || (d.key_columns && names.size() != d.key_columns->size()))
    throw Error("deletes => 'compare' needs the key of local table " + d.local_table,
                sqlstate::kInvalidParameterValue, "",
                "Give the table a primary key or pass key_columns naming its columns.");
  return names;
}

// "a, b" and "k.a = t.a AND k.b = t.b" for the key columns.
std::string key_list(const std::vector<std::string> &keys) {
  std::string out;
  for (const std::string &key : keys)
    out += (out.empty() ? "" : ", ") + sqlgen::quote_pg_identifier(key, "key column");
  return out;
}

std::string key_match(const std::vector<std::string> &keys) {
  std::string out;
  for (const std::string &key : keys) {
    const std::string quoted = sqlgen::quote_pg_identifier(key, "key column");
    out += (out.empty() ? "" : " AND ") + ("k." + quoted) + " = t." + quoted;
  }
  return out;
}

std::string local_where(const SyncDefinition &d) {
  return d.local_filter && !d.local_filter->empty() ? " WHERE (" + *d.local_filter + ")" : "";
}

} // namespace

void check_compare_deletes(const SyncDefinition &d, Oid relid) {
  pg::require_table_privileges(relid, ACL_DELETE | ACL_SELECT);
  local_key_names(d, relid);
  if (d.local_filter && !d.local_filter->empty()) {
    const std::string probe = "SELECT FROM " + d.local_table + " t" + local_where(d) + " LIMIT 0";
    require_single_statement(probe, "local_filter");
    execute_statement(probe);
  }
}

int64_t run_compare_deletes(const SyncDefinition &d, Oid relid) {
  const std::vector<std::string> keys = local_key_names(d, relid);
  pg::require_table_privileges(relid, ACL_DELETE | ACL_SELECT);
  const std::string keys_sql = key_list(keys);
  // Not DROP ... IF EXISTS: in a session without a temp schema yet it sends
  // the caller a NOTICE ("schema pg_temp does not exist").
  if (query_value(std::string("SELECT pg_catalog.to_regclass('") + kKeyTable + "') IS NOT NULL") ==
      std::optional<std::string>("t"))
    execute_statement(std::string("DROP TABLE ") + kKeyTable);
  execute_statement(std::string("CREATE TEMP TABLE mssql_upsert_sync_keys AS SELECT ") + keys_sql +
                    " FROM " + d.local_table + " WITH NO DATA");
  execute_statement(std::string("ALTER TABLE ") + kKeyTable + " ADD PRIMARY KEY (" + keys_sql +
                    ")");

  pull::PullRequest keys_pull;
  keys_pull.server = d.server;
  keys_pull.remote_table = d.remote_table;
  keys_pull.local_table = pg::pg_call(
      [] { return DatumGetObjectId(DirectFunctionCall1(regclassin, CStringGetDatum(kKeyTable))); });
  keys_pull.key_columns = keys;
  keys_pull.columns = keys;
  keys_pull.remote_filter = d.remote_filter;
  keys_pull.chunk_rows = d.chunk_rows;
  pull::run_pull(keys_pull);

  const std::string filter = local_where(d);
  const std::string absent =
      " FROM " + d.local_table + " t" + (filter.empty() ? " WHERE " : filter + " AND ") +
      "NOT EXISTS (SELECT FROM " + kKeyTable + " k WHERE " + key_match(keys) + ")";
  const int64_t total = std::stoll(
      query_value("SELECT count(*) FROM " + d.local_table + " t" + filter).value_or("0"));
  const int64_t doomed = std::stoll(query_value("SELECT count(*)" + absent).value_or("0"));
  check_delete_fraction(d.name, doomed, total, d.local_table, d.max_delete_fraction,
                        "remote table");
  const int64_t deleted =
      doomed > 0 ? static_cast<int64_t>(execute_statement("DELETE" + absent)) : 0;
  execute_statement(std::string("DROP TABLE ") + kKeyTable);
  return deleted;
}

} // namespace mssql_upsert::named_sync
