// A foreign table of this wrapper named in place of server + remote table by
// mssql_upsert_pull and mssql_upsert_push: its server, remote table and column
// names (column_name options).
#pragma once

#include "pg/pg_headers.hpp"

extern "C" {
#include "nodes/parsenodes.h"
}
#include "column_match/foreign_columns.hpp"

#include <string>
#include <vector>

namespace mssql_upsert::fdw {

struct ForeignTableTarget {
  std::string server;
  std::string remote_table; // a T-SQL reference: [schema].[table]
  std::string display_name; // "schema"."table", for messages
  std::vector<sync::ForeignColumn> columns;
};

// Refuses a relation that is not a foreign table, a foreign table that reads a
// query, and a caller without the privileges in mode on it (ACL_SELECT for a
// pull; ACL_INSERT | ACL_UPDATE for a push). function_name is for messages.
ForeignTableTarget read_foreign_table_target(Oid relid, AclMode mode, const char *function_name);

} // namespace mssql_upsert::fdw
