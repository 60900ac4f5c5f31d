// Which source column fills which remote column in a push, and which remote
// columns form the MERGE key. Pure logic: the PostgreSQL side describes the
// source (a table or a query), the remote catalog describes the target; this
// decides and explains every refusal.
#pragma once

#include "remote/bulk_load.hpp"
#include "remote/mssql_value_encoding.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace mssql_upsert::sync {

struct PushRemoteColumn {
  std::string name;      // as SQL Server spells it
  std::string type_name; // sys.types name, e.g. "nvarchar" (for the MERGE's change test)
  std::optional<remote::BulkColumn> bulk; // nullopt: a type bulk load cannot fill
  bool is_identity = false;
  bool is_computed = false;
  bool is_rowversion = false;
};

// The remote table's keys, from its catalog.
struct PushRemoteKeys {
  std::vector<std::string> primary_key; // key order; empty if none
  // The key columns of every unique index and unique constraint that holds for
  // all rows (not filtered, not disabled), the primary key's included.
  std::vector<std::vector<std::string>> unique_keys;
};

struct PushSourceColumn {
  std::string name;      // as the source names it
  std::string type_name; // format_type output, for messages
  remote::SourceKind kind = remote::SourceKind::Text;
};

struct PushPair {
  std::size_t source_index;
  std::size_t remote_index;
  bool is_key = false;
};

struct PushColumns {
  std::vector<PushPair> pairs; // in the order they are staged (source order)
  bool inserts_identity = false; // an IDENTITY column is among them
};

// Matches names as SQL Server does (exact first, else case-insensitive).
// requested: the caller's column list (source spellings), or every source
// column; the key always travels. Every pushed source column needs a remote
// twin. Remote computed and rowversion columns are left out (an error when
// named as a key or in requested). key_columns: the caller's key (remote or
// source spellings), which must be exactly the columns of one of the remote
// unique keys (else one source row could update several remote rows), or the
// remote primary key. Throws Error.
PushColumns match_push_columns(const std::string &remote_display_name,
                               const std::vector<PushRemoteColumn> &remote,
                               const PushRemoteKeys &remote_keys,
                               const std::vector<PushSourceColumn> &source,
                               const std::optional<std::vector<std::string>> &requested,
                               const std::optional<std::vector<std::string>> &key_columns);

} // namespace mssql_upsert::sync
