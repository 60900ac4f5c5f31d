#include "column_match/push_columns.hpp"

#include "common/error.hpp"
#include "column_match/column_lookup.hpp"

#include <algorithm>
#include <set>

namespace mssql_upsert::sync {

namespace {

bool contains(const std::vector<std::size_t> &list, std::size_t value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

std::string left_out_reason(const PushRemoteColumn &column) {
  return column.is_computed ? "a computed column" : "a rowversion column";
}

// The remote key columns, as indexes into remote.
// The caller's key is unique remotely when it is, as a set, one of the unique keys.
bool is_unique_key(const std::string &remote_display_name, const std::vector<PushRemoteColumn> &remote,
                   const PushRemoteKeys &remote_keys, const std::vector<std::size_t> &key) {
  const std::set<std::size_t> wanted(key.begin(), key.end());
  for (const std::vector<std::string> &names : remote_keys.unique_keys) {
    std::set<std::size_t> columns;
    for (const std::string &name : names)
      if (auto index = find_column(remote, name, remote_display_name))
        columns.insert(*index);
    if (columns.size() == names.size() && columns == wanted)
      return true;
  }
  return false;
}

std::vector<std::size_t> resolve_key(const std::string &remote_display_name,
                                     const std::vector<PushRemoteColumn> &remote,
                                     const PushRemoteKeys &remote_keys,
                                     const std::optional<std::vector<std::string>> &key_columns) {
  const std::vector<std::string> &remote_primary_key = remote_keys.primary_key;
  if (key_columns && key_columns->empty())
    throw Error("key_columns must name at least one column", sqlstate::kInvalidParameterValue);
  if (!key_columns && remote_primary_key.empty())
    throw Error("remote table " + remote_display_name + " has no primary key",
                sqlstate::kInvalidColumnReference, "",
                "Pass key_columns => ARRAY['...'] naming columns that identify its rows.");
  std::vector<std::size_t> key;
  for (const std::string &name : key_columns ? *key_columns : remote_primary_key) {
    auto index = find_column(remote, name, remote_display_name);
    if (!index)
      throw Error("key column \"" + name + "\" does not exist in remote table " + remote_display_name,
                  sqlstate::kUndefinedColumn);
    if (contains(key, *index))
      throw Error("key column \"" + name + "\" is listed twice", sqlstate::kInvalidParameterValue);
    if (remote[*index].is_computed || remote[*index].is_rowversion)
      throw Error("key column \"" + remote[*index].name + "\" of " + remote_display_name + " is " +
                      left_out_reason(remote[*index]) + " and cannot be written",
                  sqlstate::kInvalidColumnReference);
    key.push_back(*index);
  }
  if (key_columns && !is_unique_key(remote_display_name, remote, remote_keys, key)) {
    std::string names;
    for (std::size_t k : key)
      names += (names.empty() ? "" : ", ") + remote[k].name;
    throw Error("remote table " + remote_display_name + " has no primary key, unique constraint or "
                    "unique index on (" + names + ")",
                sqlstate::kInvalidColumnReference, "",
                "The MERGE must find at most one remote row per source row: key_columns must be "
                "exactly the columns of a primary key, unique constraint or unfiltered unique "
                "index of the remote table; create one or choose other key_columns.");
  }
  return key;
}

} // namespace

PushColumns match_push_columns(const std::string &remote_display_name,
                               const std::vector<PushRemoteColumn> &remote,
                               const PushRemoteKeys &remote_keys,
                               const std::vector<PushSourceColumn> &source,
                               const std::optional<std::vector<std::string>> &requested,
                               const std::optional<std::vector<std::string>> &key_columns) {
  const std::string source_display = "the push source";
  const std::vector<std::size_t> key =
      resolve_key(remote_display_name, remote, remote_keys, key_columns);

  // The source columns to push, in source order.
  std::vector<std::size_t> wanted;
  if (requested) {
    if (requested->empty())
      throw Error("columns must name at least one column", sqlstate::kInvalidParameterValue);
    for (const std::string &name : *requested) {
      auto index = find_column(source, name, source_display);
      if (!index)
        throw Error("column \"" + name + "\" does not exist in the push source",
                    sqlstate::kUndefinedColumn);
      if (contains(wanted, *index))
        throw Error("column \"" + name + "\" is listed twice", sqlstate::kInvalidParameterValue);
      wanted.push_back(*index);
    }
  }

  PushColumns result;
  std::vector<std::size_t> remote_taken;
  for (std::size_t s = 0; s < source.size(); ++s) {
    const PushSourceColumn &column = source[s];
    auto remote_index = find_column(remote, column.name, remote_display_name);
    const bool is_key = remote_index && contains(key, *remote_index);
    if (requested && !contains(wanted, s) && !is_key)
      continue;
    if (!remote_index)
      throw Error("column \"" + column.name + "\" of the push source has no matching column in remote table " +
                      remote_display_name,
                  sqlstate::kUndefinedColumn, "",
                  "Rename it in a query source, or choose the columns to push with columns => ARRAY[...].");
    const PushRemoteColumn &target = remote[*remote_index];
    if (contains(remote_taken, *remote_index))
      throw Error("remote column \"" + target.name + "\" is filled by two source columns",
                  sqlstate::kInvalidColumnReference);
    if (target.is_computed || target.is_rowversion) {
      if (requested)
        throw Error("remote column \"" + target.name + "\" of " + remote_display_name + " is " +
                        left_out_reason(target) + " and cannot be written",
                    sqlstate::kInvalidColumnReference);
      continue; // SQL Server computes it
    }
    if (!target.bulk)
      throw Error("remote column \"" + target.name + "\" of " + remote_display_name + " has type " +
                      target.type_name + ", which the push cannot write",
                  sqlstate::kFeatureNotSupported, "", "Leave it out with columns => ARRAY[...].");
    if (!remote::source_kind_fits(column.kind, target.bulk->shape))
      throw Error("column \"" + column.name + "\" (" + column.type_name +
                      ") of the push source cannot be stored in remote column \"" + target.name +
                      "\" (" + target.bulk->type_name + ")",
                  sqlstate::kDatatypeMismatch, "",
                  "Cast it in a query source, e.g. SELECT ..., x::text AS x FROM ...; the README "
                  "lists the type pairs the push accepts.");
    remote_taken.push_back(*remote_index);
    result.pairs.push_back({s, *remote_index, is_key});
    result.inserts_identity = result.inserts_identity || target.is_identity;
  }
  for (std::size_t k : key)
    if (!contains(remote_taken, k))
      throw Error("key column \"" + remote[k].name + "\" of remote table " + remote_display_name +
                      " is not in the push source",
                  sqlstate::kUndefinedColumn);
  return result;
}

} // namespace mssql_upsert::sync
