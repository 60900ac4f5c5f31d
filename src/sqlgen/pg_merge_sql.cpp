#include "sqlgen/pg_merge_sql.hpp"

#include "sqlgen/identifier_quoting.hpp"

namespace mssql_upsert::sqlgen {

namespace {

std::string staging_ref(const PgMergeSpec &spec) {
  return "pg_temp." + quote_pg_identifier(spec.staging_table);
}

template <typename F> std::string join(const std::vector<PgStagingColumn> &columns, F &&render,
                                       bool (*keep)(const PgStagingColumn &) = nullptr) {
  std::string out;
  for (const PgStagingColumn &c : columns) {
    if (keep != nullptr && !keep(c))
      continue;
    if (!out.empty())
      out += ", ";
    out += render(c);
  }
  return out;
}

bool is_key(const PgStagingColumn &c) { return c.is_key; }
bool is_not_key(const PgStagingColumn &c) { return !c.is_key; }

} // namespace

std::string build_pg_staging_ddl(const PgMergeSpec &spec) {
  return "CREATE TEMP TABLE " + staging_ref(spec) + " (" +
         join(spec.columns, [](const PgStagingColumn &c) {
           return quote_pg_identifier(c.name) + " " + c.staging_type;
         }) +
         ")";
}

std::string build_pg_duplicate_key_sql(const PgMergeSpec &spec) {
  std::string keys = join(spec.columns, [](const PgStagingColumn &c) { return quote_pg_identifier(c.name); }, is_key);
  std::string keys_as_text = join(
      spec.columns, [](const PgStagingColumn &c) { return quote_pg_identifier(c.name) + "::text"; }, is_key);
  return "SELECT " + keys_as_text + " FROM " + staging_ref(spec) + " GROUP BY " + keys +
         " HAVING count(*) > 1 LIMIT 1";
}

std::string build_pg_merge_sql(const PgMergeSpec &spec) {
  const std::string target = quote_pg_identifier(spec.target_schema) + "." + quote_pg_identifier(spec.target_table);
  auto name = [](const PgStagingColumn &c) { return quote_pg_identifier(c.name); };
  auto staged_value = [](const PgStagingColumn &c) {
    std::string value = "s." + quote_pg_identifier(c.name);
    return c.staging_type == c.local_type ? value : value + "::" + c.local_type;
  };
  auto compared = [](const char *alias) {
    return [alias](const PgStagingColumn &c) {
      std::string ref = std::string(alias) + "." + quote_pg_identifier(c.name);
      return c.compare_as_text ? ref + "::text" : ref;
    };
  };
  const bool has_non_key = join(spec.columns, name, is_not_key) != "";

  std::string sql = "WITH merged AS (INSERT INTO " + target + " AS t (" + join(spec.columns, name) +
                    ") SELECT " + join(spec.columns, staged_value) + " FROM " + staging_ref(spec) +
                    " AS s ON CONFLICT (" + join(spec.columns, name, is_key) + ") ";
  if (has_non_key) {
    sql += "DO UPDATE SET " +
           join(spec.columns, [](const PgStagingColumn &c) {
             return quote_pg_identifier(c.name) + " = EXCLUDED." + quote_pg_identifier(c.name);
           }, is_not_key) +
           " WHERE (" + join(spec.columns, compared("t"), is_not_key) + ") IS DISTINCT FROM (" +
           join(spec.columns, compared("EXCLUDED"), is_not_key) + ")";
  } else {
    sql += "DO NOTHING";
  }
  // xmax is 0 on a freshly inserted row and set on a row updated by ON CONFLICT.
  sql += " RETURNING (t.xmax = 0) AS inserted) SELECT count(*) FILTER (WHERE inserted), "
         "count(*) FILTER (WHERE NOT inserted) FROM merged";
  return sql;
}

std::string build_pg_truncate_staging_sql(const PgMergeSpec &spec) {
  return "TRUNCATE " + staging_ref(spec);
}

} // namespace mssql_upsert::sqlgen
