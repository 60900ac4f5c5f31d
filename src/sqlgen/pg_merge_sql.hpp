// SQL text of a pull's PostgreSQL side: the staging table, the duplicate-key
// probe and the per-chunk merge. Names come in unquoted and are quoted here.
#pragma once

#include <string>
#include <vector>

namespace mssql_upsert::sqlgen {

struct PgStagingColumn {
  std::string name;         // the local column's name (staging uses the same)
  std::string staging_type; // e.g. "bigint"
  std::string local_type;   // format_type of the local column, e.g. "numeric(10,2)"
  bool is_key = false;
  bool compare_as_text = false; // the local type has no equality operator (xml, json, ...)
};

struct PgMergeSpec {
  std::string target_schema, target_table; // unquoted
  std::string staging_table;               // unquoted, in pg_temp
  std::vector<PgStagingColumn> columns;    // staging order
};

// CREATE TEMP TABLE pg_temp.<staging> (<columns in staging types>)
std::string build_pg_staging_ddl(const PgMergeSpec &spec);
// One row (key values as text) when two staged rows share a key, else none.
std::string build_pg_duplicate_key_sql(const PgMergeSpec &spec);
// Inserts new keys, updates changed rows only (IS DISTINCT FROM), and returns
// one row: (inserted bigint, updated bigint). Key-only merges never update.
std::string build_pg_merge_sql(const PgMergeSpec &spec);
std::string build_pg_truncate_staging_sql(const PgMergeSpec &spec);

} // namespace mssql_upsert::sqlgen
