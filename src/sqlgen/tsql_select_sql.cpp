#include "sqlgen/tsql_select_sql.hpp"

#include "sqlgen/identifier_quoting.hpp"

namespace mssql_upsert::sqlgen {

std::string tsql_table_reference(const QualifiedName &table) {
  return quote_tsql_identifier(table.schema) + "." + quote_tsql_identifier(table.name);
}

std::string build_tsql_describe_sql(const QualifiedName &table) {
  return "SELECT TOP 0 * FROM " + tsql_table_reference(table);
}

std::string build_tsql_select_sql(const QualifiedName &table, const std::vector<std::string> &columns,
                                  const std::optional<std::string> &remote_filter) {
  std::string sql = "SELECT ";
  for (std::size_t i = 0; i < columns.size(); ++i)
    sql += (i ? ", " : "") + quote_tsql_identifier(columns[i]);
  sql += " FROM " + tsql_table_reference(table);
  if (remote_filter && !remote_filter->empty())
    sql += " WHERE (" + *remote_filter + ")";
  return sql;
}

} // namespace mssql_upsert::sqlgen
