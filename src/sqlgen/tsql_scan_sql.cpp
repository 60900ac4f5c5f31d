#include "sqlgen/tsql_scan_sql.hpp"

#include "common/error.hpp"
#include "sqlgen/identifier_quoting.hpp"
#include "sqlgen/tsql_predicate.hpp"
#include "sqlgen/tsql_select_sql.hpp"

namespace mssql_upsert::sqlgen {

namespace {

std::string source_text(const ScanSource &source) {
  if (source.table)
    return tsql_table_reference(*source.table);
  if (source.query.empty())
    throw Error("a foreign table needs a remote table or a query",
                sqlstate::kInvalidParameterValue);
  // Checked again here, whatever the catalog holds: the validator may not have
  // seen it (a catalog written by an older version, or by hand).
  check_tsql_derived_query(source.query);
  // A trailing -- comment in the query must not swallow the closing parenthesis.
  return "(" + source.query + "\n) AS [q]";
}

} // namespace

std::string build_tsql_scan_sql(const ScanSql &scan) {
  std::string sql = "SELECT ";
  if (scan.top)
    sql += "TOP (" + std::to_string(*scan.top) + ") ";
  if (scan.count_rows)
    sql += "COUNT_BIG(*)";
  else if (scan.columns.empty())
    sql += "1 AS [one]";
  for (std::size_t i = 0; !scan.count_rows && i < scan.columns.size(); ++i)
    sql += (i ? ", " : "") + quote_tsql_identifier(scan.columns[i], "remote column name");
  sql += " FROM " + source_text(scan.source);
  for (std::size_t i = 0; i < scan.where.size(); ++i)
    sql += (i ? ") AND (" : " WHERE (") + scan.where[i];
  if (!scan.where.empty())
    sql += ")";
  return sql;
}

} // namespace mssql_upsert::sqlgen
