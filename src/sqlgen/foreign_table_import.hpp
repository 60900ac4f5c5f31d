// IMPORT FOREIGN SCHEMA: the catalog query sent to SQL Server, the mapping of
// SQL Server column types to PostgreSQL types (the README's pull type table),
// and the CREATE FOREIGN TABLE statements. Names keep their case; every name
// is quoted on the PostgreSQL side and kept in the OPTIONS verbatim.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace mssql_upsert::sqlgen {

// One row per column of the schema's tables and views, ordered by table and
// column position:
//   TABLE_NAME, COLUMN_NAME, DATA_TYPE, CHARACTER_MAXIMUM_LENGTH (-1 = max),
//   NUMERIC_PRECISION, NUMERIC_SCALE, IS_NULLABLE ('YES'/'NO')
std::string build_tsql_import_columns_sql(const std::string &remote_schema);

struct RemoteColumnDef {
  std::string table;
  std::string column;
  std::string data_type; // SQL Server's name: int, nvarchar, decimal, ...
  int max_length = 0;
  int precision = 0;
  int scale = 0;
  bool nullable = true;
};

// "integer", "numeric(10,2)", "text", ...; nullopt for types the scan cannot
// read (sql_variant, geography, geometry, hierarchyid, CLR types).
std::optional<std::string> pg_type_for_remote_column(const RemoteColumnDef &column);

struct ImportedTable {
  std::string ddl;                          // CREATE FOREIGN TABLE ...
  std::vector<std::string> skipped_columns; // "Shape (geography)": left out
};

// columns: all of one remote table, in order. Throws Error when a name is too
// long for PostgreSQL (63 bytes) or no column has a readable type.
ImportedTable build_pg_foreign_table_ddl(const std::string &server, const std::string &local_schema,
                                         const std::string &remote_schema,
                                         const std::vector<RemoteColumnDef> &columns);

} // namespace mssql_upsert::sqlgen
