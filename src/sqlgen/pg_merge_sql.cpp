#include "sqlgen/pg_merge_sql.hpp"

#include "common/error.hpp"
#include "sqlgen/identifier_quoting.hpp"
#include "sqlgen/pg_type_name.hpp"

#include <functional>

namespace mssql_upsert::sqlgen {

namespace {

using Render = std::function<std::string(const PgStagingColumn &)>;
enum class Which { All, Keys, NonKeys };

std::string join(const std::vector<PgStagingColumn> &columns, const Render &render, Which which,
                 const char *separator = ", ") {
  std::string out;
  for (const PgStagingColumn &c : columns) {
    if ((which == Which::Keys && !c.is_key) || (which == Which::NonKeys && c.is_key))
      continue;
    if (!out.empty())
      out += separator;
    out += render(c);
  }
  return out;
}

bool has(const std::vector<PgStagingColumn> &columns, bool key) {
  for (const PgStagingColumn &c : columns)
    if (c.is_key == key)
      return true;
  return false;
}

std::string column_name(const PgStagingColumn &c) {
  return quote_pg_identifier(c.name, "column name");
}

std::string staging_ref(const PgMergeSpec &spec) {
  const std::string name = quote_pg_identifier(spec.staging_table, "staging table name");
  return spec.staging_in_memory ? name : "pg_temp." + name;
}

std::string target_ref(const PgMergeSpec &spec) {
  return quote_pg_identifier(spec.target_schema, "schema name") + "." +
         quote_pg_identifier(spec.target_table, "table name");
}

std::string cast_unless_same(const std::string &value, const std::string &from,
                             const std::string &to) {
  return from == to ? value : "CAST(" + value + " AS " + to + ")";
}

// The staged value on its way into the target: assignment coercion does the rest.
std::string staged_value(const PgStagingColumn &c) {
  return cast_unless_same("s." + column_name(c), c.staging_type,
                          pg_type_without_modifiers(c.local_type));
}

// The staged value as the local column will compare it (a type whose
// explicit cast cuts values, varchar(n), is compared uncut).
std::string staged_as_local(const PgStagingColumn &c) {
  const std::string type = pg_explicit_cast_truncates(c.local_type)
                               ? pg_type_without_modifiers(c.local_type)
                               : c.local_type;
  return cast_unless_same("s." + column_name(c), c.staging_type, type);
}

// Whether a row changed is decided on bytes, as the push decides it: an
// explicit default collation (deterministic, so equality is byte equality)
// on one side wins over the local column's, which may be case-insensitive.
std::string bytewise(const PgStagingColumn &c, std::string value) {
  return c.collatable || c.compare_as_text ? value + " COLLATE pg_catalog.\"default\"" : value;
}

std::string compared_staged(const PgStagingColumn &c) {
  return bytewise(c, staged_as_local(c) + (c.compare_as_text ? "::text" : ""));
}

Render compared(const std::string &alias) {
  return [alias](const PgStagingColumn &c) {
    std::string ref = alias + "." + column_name(c);
    return c.compare_as_text ? ref + "::text" : ref;
  };
}

Render compared_bytewise(const std::string &alias) {
  return [alias](const PgStagingColumn &c) { return bytewise(c, compared(alias)(c)); };
}

void check_spec(const PgMergeSpec &spec) {
  if (spec.columns.empty())
    throw Error("no columns to merge into " + target_ref(spec), sqlstate::kInvalidParameterValue);
  if (!has(spec.columns, true))
    throw Error("no key columns to merge on for " + target_ref(spec),
                sqlstate::kInvalidColumnReference);
}

} // namespace

std::string build_pg_staging_ddl(const PgMergeSpec &spec) {
  check_spec(spec);
  return "CREATE TEMP TABLE " + staging_ref(spec) + " (" +
         join(
             spec.columns,
             [](const PgStagingColumn &c) { return column_name(c) + " " + c.staging_type; },
             Which::All) +
         ")";
}

std::string build_pg_duplicate_key_sql(const PgMergeSpec &spec) {
  check_spec(spec);
  return "SELECT " +
         join(
             spec.columns,
             [](const PgStagingColumn &c) { return staged_as_local(c) + "::text"; },
             Which::Keys) +
         " FROM " + staging_ref(spec) + " AS s WHERE " +
         join(
             spec.columns,
             [](const PgStagingColumn &c) { return "s." + column_name(c) + " IS NOT NULL"; },
             Which::Keys, " AND ") +
         " GROUP BY " + join(spec.columns, staged_as_local, Which::Keys) +
         " HAVING count(*) > 1 LIMIT 1";
}

namespace {

// The local row a staged row would leave as it is. ON CONFLICT DO UPDATE locks
// (and so writes WAL for) every conflicting row before its WHERE can say the
// row is unchanged; rows this finds never get there. OFFSET 0 keeps it a
// subplan probing the key's index per staged row, never a join that reads the
// whole target table for each chunk.
std::string build_unchanged_probe(const PgMergeSpec &spec) {
  std::string sql = "SELECT FROM " + target_ref(spec) + " AS c WHERE " +
                    join(
                        spec.columns,
                        [](const PgStagingColumn &c) {
                          return "c." + column_name(c) + " = " + compared_staged(c);
                        },
                        Which::Keys, " AND ");
  if (has(spec.columns, false))
    sql += " AND (" + join(spec.columns, compared("c"), Which::NonKeys) + ") IS NOT DISTINCT FROM (" +
           join(spec.columns, compared_staged, Which::NonKeys) + ")";
  return sql + " OFFSET 0";
}

} // namespace

std::string build_pg_target_is_empty_sql(const PgMergeSpec &spec) {
  return "SELECT NOT EXISTS (SELECT FROM " + target_ref(spec) + ")";
}

std::string build_pg_merge_sql(const PgMergeSpec &spec, bool probe_unchanged) {
  check_spec(spec);
  std::string sql = "INSERT INTO " + target_ref(spec) + " AS t (" +
                    join(spec.columns, column_name, Which::All) + ") " +
                    (spec.overriding_system_value ? "OVERRIDING SYSTEM VALUE " : "") + "SELECT " +
                    join(spec.columns, staged_value, Which::All) + " FROM " + staging_ref(spec) +
                    " AS s " +
                    (probe_unchanged ? "WHERE NOT EXISTS (" + build_unchanged_probe(spec) + ") " : "") +
                    "ON CONFLICT (" + join(spec.columns, column_name, Which::Keys) + ") ";
  if (has(spec.columns, false)) {
    // IS DISTINCT FROM: an unchanged row must not get a new tuple version.
    sql += "DO UPDATE SET " +
           join(
               spec.columns,
               [](const PgStagingColumn &c) {
                 return column_name(c) + " = EXCLUDED." + column_name(c);
               },
               Which::NonKeys) +
           " WHERE (" + join(spec.columns, compared("t"), Which::NonKeys) + ") IS DISTINCT FROM (" +
           join(spec.columns, compared_bytewise("EXCLUDED"), Which::NonKeys) + ")";
  } else {
    sql += "DO NOTHING";
  }
  // The caller counts these rows as they come (no CTE, no aggregate).
  if (spec.target_partitioned) {
    // A partitioned table's RETURNING cannot read system columns. The subquery
    // sees the statement's snapshot, taken before it wrote: an updated row's
    // old version is there, a row this statement inserted is not.
    sql += " RETURNING NOT EXISTS (SELECT FROM " + target_ref(spec) + " AS p WHERE " +
           join(
               spec.columns,
               [](const PgStagingColumn &c) {
                 return "p." + column_name(c) + " = t." + column_name(c);
               },
               Which::Keys, " AND ") +
           ") AS inserted";
  } else {
    // xmax is 0 on a freshly inserted row and set on a row updated by ON CONFLICT.
    sql += " RETURNING (t.xmax = 0) AS inserted";
  }
  return sql;
}

std::string build_pg_truncate_staging_sql(const PgMergeSpec &spec) {
  return "TRUNCATE " + staging_ref(spec);
}

} // namespace mssql_upsert::sqlgen
