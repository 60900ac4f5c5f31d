#include "sqlgen/tsql_select_sql.hpp"

#include "common/error.hpp"
#include "sqlgen/identifier_quoting.hpp"
#include "sqlgen/tsql_predicate.hpp"

namespace mssql_upsert::sqlgen {

std::string tsql_table_reference(const QualifiedName &table) {
  return quote_tsql_identifier(table.schema, "remote schema name") + "." +
         quote_tsql_identifier(table.name, "remote table name");
}

std::string build_tsql_describe_sql(const QualifiedName &table) {
  return "SELECT TOP 0 * FROM " + tsql_table_reference(table);
}

std::string build_tsql_select_sql(const QualifiedName &table,
                                  const std::vector<std::string> &columns,
                                  const std::optional<std::string> &remote_filter) {
  if (columns.empty())
    throw Error("no columns to select from " + tsql_table_reference(table),
                sqlstate::kInvalidParameterValue);
  std::string sql = "SELECT ";
  for (std::size_t i = 0; i < columns.size(); ++i)
    sql += (i ? ", " : "") + quote_tsql_identifier(columns[i], "remote column name");
  sql += " FROM " + tsql_table_reference(table);
  if (remote_filter && !remote_filter->empty()) {
    TsqlPredicateShape shape = check_tsql_predicate(*remote_filter);
    sql += " WHERE (" + *remote_filter + (shape.ends_in_line_comment ? "\n)" : ")");
  }
  return sql;
}

} // namespace mssql_upsert::sqlgen
