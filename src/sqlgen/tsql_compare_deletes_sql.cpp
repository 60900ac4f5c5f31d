#include "sqlgen/tsql_compare_deletes_sql.hpp"

#include "common/error.hpp"
#include "sqlgen/identifier_quoting.hpp"
#include "sqlgen/tsql_select_sql.hpp"

namespace mssql_upsert::sqlgen {

namespace {

constexpr const char *kStagingPrefix = "#stg_";
constexpr const char *kKeysPrefix = "#key_";

// outer: how the target's columns are named inside the subquery ("t", or the table's name).
std::string absent_key_condition(const TsqlCompareDeletesSpec &spec, const std::string &outer) {
  if (spec.key_columns.empty())
    throw Error("a compare of keys needs at least one key column", sqlstate::kInternalError);
  std::string match;
  for (const std::string &column : spec.key_columns) {
    const std::string name = quote_tsql_identifier(column, "key column name");
    const std::string target = outer + "." + name;
    match += (match.empty() ? "" : " AND ") +
             ("(k." + name + " = " + target + " OR (k." + name + " IS NULL AND " + target + " IS NULL))");
  }
  return "NOT EXISTS (SELECT 1 FROM " + quote_tsql_identifier(spec.keys_table, "key table name") +
         " AS k WHERE " + match + ")";
}

std::string scope(const TsqlCompareDeletesSpec &spec) {
  return spec.remote_filter && !spec.remote_filter->empty() ? "(" + *spec.remote_filter + ")" : "";
}

} // namespace

std::string tsql_compare_keys_table_name(const std::string &staging_table) {
  const std::string prefix(kStagingPrefix);
  if (staging_table.compare(0, prefix.size(), prefix) != 0)
    throw Error("unexpected staging table name \"" + staging_table + "\"", sqlstate::kInternalError);
  return kKeysPrefix + staging_table.substr(prefix.size());
}

std::string build_tsql_absent_keys_count_sql(const TsqlCompareDeletesSpec &spec) {
  const std::string where = scope(spec);
  // SQL Server allows no subquery inside an aggregate: the test goes in a derived table.
  return "SELECT COUNT_BIG(*), COUNT_BIG(a.absent) FROM (SELECT CASE WHEN " + absent_key_condition(spec, "t") +
         " THEN 1 END AS absent FROM " + tsql_table_reference(spec.target) + " AS t" +
         (where.empty() ? "" : " WHERE " + where) + ") AS a";
}

std::string build_tsql_delete_absent_keys_sql(const TsqlCompareDeletesSpec &spec) {
  const std::string where = scope(spec);
  // The plain DELETE form, the target named by its table name in the subquery
  // (exposed as such; a two-part column name is not deprecated).
  return "DELETE FROM " + tsql_table_reference(spec.target) + " WHERE " + (where.empty() ? "" : where + " AND ") +
         absent_key_condition(spec, quote_tsql_identifier(spec.target.name, "remote table name"));
}

} // namespace mssql_upsert::sqlgen
