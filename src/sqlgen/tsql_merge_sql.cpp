#include "sqlgen/tsql_merge_sql.hpp"

#include "common/ascii.hpp"
#include "common/error.hpp"
#include "sqlgen/identifier_quoting.hpp"
#include "sqlgen/tsql_select_sql.hpp"

#include <functional>

namespace mssql_upsert::sqlgen {

namespace {

using Render = std::function<std::string(const TsqlMergeColumn &)>;
using Keep = std::function<bool(const TsqlMergeColumn &)>;

std::string join(const std::vector<TsqlMergeColumn> &columns, const Render &render,
                 const Keep &keep = nullptr, const char *separator = ", ") {
  std::string out;
  for (const TsqlMergeColumn &c : columns) {
    if (keep && !keep(c))
      continue;
    if (!out.empty())
      out += separator;
    out += render(c);
  }
  return out;
}

bool is_key(const TsqlMergeColumn &c) { return c.is_key; }
// Columns an UPDATE may set: SQL Server refuses to update an IDENTITY column.
bool is_updatable(const TsqlMergeColumn &c) { return !c.is_key && !c.is_identity; }
bool any(const std::vector<TsqlMergeColumn> &columns, const Keep &keep) {
  for (const TsqlMergeColumn &c : columns)
    if (keep(c))
      return true;
  return false;
}

std::string name(const TsqlMergeColumn &c) {
  return quote_tsql_identifier(c.name, "remote column name");
}

std::string staging_ref(const TsqlMergeSpec &spec) {
  return quote_tsql_identifier(spec.staging_table, "staging table name");
}

std::string staging_object_id(const TsqlMergeSpec &spec) {
  return "OBJECT_ID(" + quote_tsql_string("tempdb.." + staging_ref(spec)) + ")";
}

std::string compared(const std::string &ref, TsqlChangeTest test) {
  switch (test) {
  case TsqlChangeTest::Bytes:
    return "CAST(" + ref + " AS varbinary(max))";
  case TsqlChangeTest::XmlText:
    return "CAST(CAST(" + ref + " AS nvarchar(max)) AS varbinary(max))";
  case TsqlChangeTest::Comparable:
    break;
  }
  return ref;
}

std::string change_test(const TsqlMergeColumn &c) {
  const std::string t = "target." + name(c), s = "source." + name(c);
  std::string test = "(" + compared(t, c.change_test) + " <> " + compared(s, c.change_test);
  // Binary comparison pads the shorter value with 0x00: 0x01 = 0x0100.
  if (c.change_test == TsqlChangeTest::Bytes)
    test += " OR DATALENGTH(" + t + ") <> DATALENGTH(" + s + ")";
  return test + " OR (" + t + " IS NULL AND " + s + " IS NOT NULL) OR (" + t + " IS NOT NULL AND " +
         s + " IS NULL))";
}

void check_spec(const TsqlMergeSpec &spec) {
  const std::string target = tsql_table_reference(spec.target);
  if (spec.columns.empty())
    throw Error("no columns to merge into " + target, sqlstate::kInvalidParameterValue);
  if (!any(spec.columns, is_key))
    throw Error("no key columns to merge on for " + target, sqlstate::kInvalidColumnReference);
}

} // namespace

TsqlChangeTest tsql_change_test_for_type(std::string_view type_name) {
  for (const char *bytes : {"char", "varchar", "nchar", "nvarchar", "text", "ntext", "sysname",
                            "binary", "varbinary", "image", "geometry", "geography", "hierarchyid"})
    if (equals_ignoring_ascii_case(type_name, bytes))
      return TsqlChangeTest::Bytes;
  if (equals_ignoring_ascii_case(type_name, "xml"))
    return TsqlChangeTest::XmlText;
  return TsqlChangeTest::Comparable;
}

std::string build_tsql_staging_create_sql(const TsqlMergeSpec &spec) {
  check_spec(spec);
  const std::string columns = join(spec.columns, name);
  const std::string target = tsql_table_reference(spec.target);
  std::string sql = "IF " + staging_object_id(spec) + " IS NULL SELECT TOP 0 " + columns +
                    " INTO " + staging_ref(spec) + " FROM " + target;
  if (any(spec.columns, [](const TsqlMergeColumn &c) { return c.is_identity; }))
    sql += " UNION ALL SELECT TOP 0 " + columns + " FROM " + target;
  return sql;
}

std::string build_tsql_staging_drop_sql(const TsqlMergeSpec &spec) {
  return "IF " + staging_object_id(spec) + " IS NOT NULL DROP TABLE " + staging_ref(spec);
}

std::string build_tsql_truncate_staging_sql(const TsqlMergeSpec &spec) {
  return "TRUNCATE TABLE " + staging_ref(spec);
}

std::string build_tsql_duplicate_key_sql(const TsqlMergeSpec &spec) {
  check_spec(spec);
  return "SELECT TOP 1 " +
         join(
             spec.columns,
             [](const TsqlMergeColumn &c) { return "CAST(" + name(c) + " AS nvarchar(max))"; },
             is_key) +
         " FROM " + staging_ref(spec) + " GROUP BY " + join(spec.columns, name, is_key) +
         " HAVING COUNT_BIG(*) > 1";
}

std::string build_tsql_identity_insert_sql(const QualifiedName &table, bool on) {
  return "SET IDENTITY_INSERT " + tsql_table_reference(table) + (on ? " ON" : " OFF");
}

namespace {
// MERGE ... OUTPUT $action, without the closing semicolon.
std::string merge_up_to_output(const TsqlMergeSpec &spec) {
  check_spec(spec);
  // TABLOCK: concurrent writers queue on the table lock instead of deadlocking
  // on S -> X conversions of the same pages.
  std::string sql =
      "MERGE INTO " + tsql_table_reference(spec.target) + " WITH (TABLOCK) AS target USING " +
      staging_ref(spec) + " AS source ON " +
      join(
          spec.columns,
          [](const TsqlMergeColumn &c) { return "target." + name(c) + " = source." + name(c); },
          is_key, " AND ");
  if (any(spec.columns, is_updatable))
    sql +=
        " WHEN MATCHED AND (" + join(spec.columns, change_test, is_updatable, " OR ") +
        ") THEN UPDATE SET " +
        join(
            spec.columns, [](const TsqlMergeColumn &c) { return name(c) + " = source." + name(c); },
            is_updatable);
  sql += " WHEN NOT MATCHED BY TARGET THEN INSERT (" + join(spec.columns, name) + ") VALUES (" +
         join(spec.columns, [](const TsqlMergeColumn &c) { return "source." + name(c); }) +
         ") OUTPUT $action";
  return sql;
}
} // namespace

std::string build_tsql_merge_statement(const TsqlMergeSpec &spec) {
  return merge_up_to_output(spec) + ";";
}

std::string build_tsql_merge_batch(const TsqlMergeSpec &spec) {
  const bool identity = any(spec.columns, [](const TsqlMergeColumn &c) { return c.is_identity; });
  std::string sql = "DECLARE @merge_actions TABLE ([action] nvarchar(10) NOT NULL); ";
  if (identity)
    sql += build_tsql_identity_insert_sql(spec.target, true) + "; ";
  sql += merge_up_to_output(spec) + " INTO @merge_actions ([action]); ";
  if (identity)
    sql += build_tsql_identity_insert_sql(spec.target, false) + "; ";
  sql += "SELECT COUNT_BIG(CASE WHEN [action] = N'INSERT' THEN 1 END) AS inserted, "
         "COUNT_BIG(CASE WHEN [action] = N'UPDATE' THEN 1 END) AS updated FROM @merge_actions";
  return sql;
}

} // namespace mssql_upsert::sqlgen
