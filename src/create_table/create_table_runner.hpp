// mssql_upsert_create_table's work: check the caller may create the table,
// read the remote table's definition from SQL Server's catalog, and create the
// local table and its indexes (sqlgen/pg_create_table builds the DDL) through
// SPI, one statement per call.
#pragma once

#include <string>

namespace mssql_upsert::create_table {

struct CreateTableRequest {
  std::string server;
  std::string remote_table;
  std::string local_table; // as written: public.orders, "Sales"."Orders", orders
  bool if_not_exists = true;
  bool create_indexes = true;
  bool fold_names = false;
};

// Returns the DDL it ran ("stmt;\nstmt;"), or a comment saying why nothing ran.
std::string run_create_table(const CreateTableRequest &request);

} // namespace mssql_upsert::create_table
