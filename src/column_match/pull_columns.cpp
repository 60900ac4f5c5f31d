#include "column_match/pull_columns.hpp"

#include "common/error.hpp"
#include "column_match/column_lookup.hpp"

#include <algorithm>
#include <set>

namespace mssql_upsert::sync {

namespace {

std::string join_names(const LocalTableInfo &local, const std::vector<std::size_t> &indexes) {
  std::string out;
  for (std::size_t i : indexes)
    out += (out.empty() ? "" : ", ") + local.columns[i].name;
  return out;
}

std::vector<std::size_t> resolve_key(const LocalTableInfo &local,
                                     const std::optional<std::vector<std::string>> &key_columns) {
  std::vector<std::size_t> key;
  if (!key_columns) {
    if (local.primary_key.empty())
      throw Error("local table " + local.display_name + " has no primary key",
                  sqlstate::kInvalidColumnReference, "",
                  "Pass key_columns => ARRAY['...'] naming columns with a unique index.");
    return local.primary_key;
  }
  if (key_columns->empty())
    throw Error("key_columns must name at least one column", sqlstate::kInvalidParameterValue);
  for (const std::string &name : *key_columns) {
    auto index = find_column(local.columns, name, local.display_name);
    if (!index)
      throw Error("key column \"" + name + "\" does not exist in local table " +
                      local.display_name,
                  sqlstate::kUndefinedColumn);
    if (std::find(key.begin(), key.end(), *index) != key.end())
      throw Error("key column \"" + name + "\" is listed twice", sqlstate::kInvalidParameterValue);
    key.push_back(*index);
  }
  const std::set<std::size_t> wanted(key.begin(), key.end());
  bool has_unique_index = std::any_of(
      local.unique_indexes.begin(), local.unique_indexes.end(), [&](const auto &columns) {
        return std::set<std::size_t>(columns.begin(), columns.end()) == wanted;
      });
  if (!has_unique_index)
    throw Error("local table " + local.display_name + " has no unique index on (" +
                    join_names(local, key) + ")",
                sqlstate::kInvalidColumnReference, "",
                "ON CONFLICT needs a unique index or primary key on exactly the key columns; "
                "create one or choose other key_columns.");
  return key;
}

} // namespace

PullColumns match_pull_columns(const std::string &remote_display_name,
                               const std::vector<RemoteColumnInfo> &remote,
                               const LocalTableInfo &local,
                               const std::optional<std::vector<std::string>> &requested,
                               const std::optional<std::vector<std::string>> &key_columns) {
  const std::vector<std::size_t> key = resolve_key(local, key_columns);

  // The local columns to fill, in local order unless the caller gave a list.
  std::vector<std::size_t> wanted_local;
  if (requested) {
    if (requested->empty())
      throw Error("columns must name at least one column", sqlstate::kInvalidParameterValue);
    for (const std::string &name : *requested) {
      auto index = find_column(local.columns, name, local.display_name);
      if (!index)
        throw Error("column \"" + name + "\" does not exist in local table " + local.display_name,
                    sqlstate::kUndefinedColumn);
      if (std::find(wanted_local.begin(), wanted_local.end(), *index) != wanted_local.end())
        throw Error("column \"" + name + "\" is listed twice", sqlstate::kInvalidParameterValue);
      wanted_local.push_back(*index);
    }
    for (std::size_t k : key) // the key always travels
      if (std::find(wanted_local.begin(), wanted_local.end(), k) == wanted_local.end())
        wanted_local.push_back(k);
  } else {
    for (std::size_t i = 0; i < local.columns.size(); ++i)
      if (!local.columns[i].generated &&
          (!local.columns[i].identity_always || std::find(key.begin(), key.end(), i) != key.end()))
        wanted_local.push_back(i);
  }

  PullColumns result;
  for (std::size_t local_index : wanted_local) {
    const LocalColumnInfo &column = local.columns[local_index];
    if (column.generated)
      throw Error("column \"" + column.name + "\" of " + local.display_name +
                      " is a generated column and cannot be pulled into",
                  sqlstate::kFeatureNotSupported);
    bool is_key = std::find(key.begin(), key.end(), local_index) != key.end();
    if (column.identity_always && !is_key)
      throw Error("column \"" + column.name + "\" of " + local.display_name +
                      " is an identity column GENERATED ALWAYS and can be pulled into only as a "
                      "key column",
                  sqlstate::kFeatureNotSupported, "",
                  "Leave it out of columns (it keeps its generated value), or make it GENERATED "
                  "BY DEFAULT.");
    auto remote_index = find_column(remote, column.name, remote_display_name);
    if (!remote_index) {
      if (is_key || requested)
        throw Error(std::string(is_key ? "key column" : "column") + " \"" + column.name + "\" of " +
                        local.display_name + " has no matching column in remote table " +
                        remote_display_name,
                    sqlstate::kUndefinedColumn);
      if (column.not_null && !column.has_default)
        throw Error("column \"" + column.name + "\" of " + local.display_name +
                        " is NOT NULL without a default and has no matching column in remote "
                        "table " + remote_display_name,
                    sqlstate::kNotNullViolation);
      continue; // keeps its default on insert, its value on update
    }
    if (!remote[*remote_index].readable)
      throw Error("remote column \"" + remote[*remote_index].name + "\" of " +
                      remote_display_name + " has type " + remote[*remote_index].type_name +
                      ", which cannot be pulled into column \"" + column.name + "\" (" +
                      column.type_name + ")",
                  sqlstate::kDatatypeMismatch);
    result.pairs.push_back({*remote_index, local_index});
    result.overrides_identity = result.overrides_identity || column.identity_always;
  }
  if (result.pairs.empty())
    throw Error("no column of local table " + local.display_name +
                    " matches a column of remote table " + remote_display_name,
                sqlstate::kUndefinedColumn);
  for (std::size_t k : key)
    for (std::size_t p = 0; p < result.pairs.size(); ++p)
      if (result.pairs[p].local_index == k)
        result.key_pairs.push_back(p);
  return result;
}

} // namespace mssql_upsert::sync
