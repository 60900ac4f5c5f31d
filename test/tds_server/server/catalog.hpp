// PLANNED, NOT YET IMPLEMENTED: the full translator/catalog design. The running
// server uses server/tsql_rewriter.hpp (a smaller front end) and keeps declared
// types in column comments; replace that with this design or delete this file.
// The test server's catalog: each table's declared SQL Server columns, kept in
// the backend database (schema tds_catalog) so FreeTDS sees real SQL Server types.
// Identifiers are case-insensitive: backend objects use lower-cased names.
#pragma once

#include "wire/sql_type.hpp"

#include <optional>
#include <string>
#include <vector>

namespace tds_server {

struct TableName {
  std::string schema; // "dbo" when not given; "#" prefix names live in the session
  std::string name;   // as declared; "#x" for temp tables
};

struct CatalogColumn {
  tds::ColumnMeta meta;
  std::string default_sql; // backend PostgreSQL expression, "" = none
};

struct CatalogTable {
  TableName name;
  std::vector<CatalogColumn> columns; // in ordinal order
  std::vector<std::string> primary_key; // column names, in key order
  std::string pk_constraint_name;
  bool temporary = false;
  bool is_view = false;        // catalog views (sys.*, INFORMATION_SCHEMA.*)
  std::string backend_name;    // quoted, qualified PostgreSQL name, e.g. "dbo"."orders" or pg_temp."#stg_x"
};

class Catalog {
public:
  virtual ~Catalog() = default;
  // Case-insensitive lookup; temp tables (#x) are the session's own.
  virtual std::optional<CatalogTable> find_table(const TableName &name) = 0;
};

// DDL creating schema tds_catalog (tables holding the declared types, and the
// sys.* / INFORMATION_SCHEMA.* views over them) in the backend; idempotent.
std::string catalog_bootstrap_sql();

} // namespace tds_server
