// What a foreign table reads on SQL Server, from its options and its columns'
// options: the remote table (schema_name, table_name; dbo and the foreign
// table's own name by default) or query, and each column's remote name
// (column_name, or the column's own name).
#pragma once

#include "pg/pg_headers.hpp"
#include "sqlgen/tsql_scan_sql.hpp"

#include <string>
#include <vector>

namespace mssql_upsert::fdw {

struct ForeignTableDef {
  Oid relid = InvalidOid;
  Oid server_id = InvalidOid;
  std::string display_name; // "schema"."table", for messages
  sqlgen::ScanSource source;
  std::vector<std::string> remote_columns; // by attnum - 1; empty for dropped columns
  std::vector<std::string> local_columns;  // by attnum - 1
  bool use_remote_estimate = false;        // the table's option, else the server's
};

ForeignTableDef read_foreign_table_def(Oid relid);

} // namespace mssql_upsert::fdw
