#include "sqlgen/foreign_table_import.hpp"

#include "common/error.hpp"
#include "sqlgen/identifier_quoting.hpp"
#include "sqlgen/pg_column_type.hpp"

namespace mssql_upsert::sqlgen {

std::string build_tsql_import_columns_sql(const std::string &remote_schema) {
  return "SELECT c.TABLE_NAME, c.COLUMN_NAME, c.DATA_TYPE, c.CHARACTER_MAXIMUM_LENGTH, "
         "c.NUMERIC_PRECISION, c.NUMERIC_SCALE, c.IS_NULLABLE FROM INFORMATION_SCHEMA.COLUMNS "
         "AS c WHERE c.TABLE_SCHEMA = " +
         quote_tsql_string(remote_schema) + " ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION";
}

std::optional<std::string> pg_type_for_remote_column(const RemoteColumnDef &column) {
  return pg_type_for_remote_type({column.data_type, column.max_length, column.precision, column.scale},
                                 TypeDetail::Base);
}

ImportedTable build_pg_foreign_table_ddl(const std::string &server, const std::string &local_schema,
                                         const std::string &remote_schema,
                                         const std::vector<RemoteColumnDef> &columns) {
  ImportedTable imported;
  if (columns.empty())
    throw Error("no columns to import", sqlstate::kInvalidParameterValue);
  const std::string &table = columns.front().table;
  std::string column_list;
  for (const RemoteColumnDef &column : columns) {
    std::optional<std::string> type = pg_type_for_remote_column(column);
    if (!type) {
      imported.skipped_columns.push_back(column.column + " (" + column.data_type + ")");
      continue;
    }
    column_list += std::string(column_list.empty() ? "\n  " : ",\n  ") +
                   quote_pg_identifier(column.column, "imported column name") + " " + *type +
                   " OPTIONS (column_name " + quote_pg_string(column.column) + ")" +
                   (column.nullable ? "" : " NOT NULL");
  }
  if (column_list.empty())
    throw Error("remote table [" + remote_schema + "].[" + table +
                    "] has no column of a type mssql_upsert_fdw can read",
                sqlstate::kFeatureNotSupported, "", "Leave it out with EXCEPT.");
  imported.ddl = "CREATE FOREIGN TABLE " + quote_pg_identifier(local_schema, "local schema name") +
                 "." + quote_pg_identifier(table, "imported table name") + " (" + column_list +
                 "\n) SERVER " + quote_pg_identifier(server, "server name") +
                 " OPTIONS (schema_name " + quote_pg_string(remote_schema) + ", table_name " +
                 quote_pg_string(table) + ")";
  return imported;
}

} // namespace mssql_upsert::sqlgen
