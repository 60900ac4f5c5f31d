// Which remote column fills which local column in a pull, and which local
// columns form the conflict key. Pure logic: the PostgreSQL side supplies the
// catalogs of both tables, this decides and explains every refusal.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace mssql_upsert::sync {

struct RemoteColumnInfo {
  std::string name;      // as SQL Server spells it
  std::string type_name; // as SQL Server declares it, for messages: "nvarchar(50)"
  bool readable = true;  // false for types the pull cannot read
};

struct LocalColumnInfo {
  std::string name;      // as PostgreSQL stores it
  std::string type_name; // format_type output, for messages
  bool not_null = false;
  bool has_default = false;
  bool generated = false;       // GENERATED ALWAYS AS (expr) STORED: cannot be written
  bool identity_always = false; // GENERATED ALWAYS AS IDENTITY: only inserted, overriding it
};

struct LocalTableInfo {
  std::string display_name; // schema-qualified, quoted as for messages
  std::vector<LocalColumnInfo> columns;
  std::vector<std::size_t> primary_key; // indexes into columns, in key order; empty if none
  // Column sets of the unique indexes usable by ON CONFLICT (valid, immediate,
  // non-partial, no expressions), each as indexes into columns.
  std::vector<std::vector<std::size_t>> unique_indexes;
};

struct ColumnPair {
  std::size_t remote_index;
  std::size_t local_index;
};

struct PullColumns {
  std::vector<ColumnPair> pairs;         // in remote SELECT order
  std::vector<std::size_t> key_pairs;    // indexes into pairs, in key order
  // A key column is GENERATED ALWAYS AS IDENTITY: the merge inserts with
  // OVERRIDING SYSTEM VALUE (keys are never updated).
  bool overrides_identity = false;
};

// Matches columns by name, case-insensitively as SQL Server does (an exact
// match wins over a case-insensitive one). requested: the caller's column list
// (local or remote spellings), or all local columns that have a remote twin.
// key_columns: the caller's key, or the local primary key. An identity column
// GENERATED ALWAYS is pulled into only as part of the key (it could not be
// updated). Throws Error.
PullColumns match_pull_columns(const std::string &remote_display_name,
                               const std::vector<RemoteColumnInfo> &remote,
                               const LocalTableInfo &local,
                               const std::optional<std::vector<std::string>> &requested,
                               const std::optional<std::vector<std::string>> &key_columns);

} // namespace mssql_upsert::sync
