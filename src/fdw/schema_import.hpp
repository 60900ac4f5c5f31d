// IMPORT FOREIGN SCHEMA: reads the remote schema's columns from SQL Server's
// INFORMATION_SCHEMA and returns one CREATE FOREIGN TABLE per table or view
// (sqlgen/foreign_table_import builds them). Columns of types the scan cannot
// read are left out with a NOTICE naming them.
#pragma once

#include "pg/pg_headers.hpp"

extern "C" {
#include "nodes/parsenodes.h"
}

namespace mssql_upsert::fdw {

List *import_foreign_schema(ImportForeignSchemaStmt *stmt, Oid server_id);

} // namespace mssql_upsert::fdw
