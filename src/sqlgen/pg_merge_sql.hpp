// SQL text of a pull's PostgreSQL side: the staging table, the duplicate-key
// probe and the per-chunk merge. Names come in unquoted and are quoted here.
//
// The staging table holds only the pulled columns, in remote SELECT order and
// in the staging types the remote values convert to natively (not LIKE target:
// local columns that are not pulled must keep their defaults, and the staging
// type may differ from the local one, e.g. text into an xml column). The merge
// casts each staged value to the local type without modifiers and lets INSERT's
// assignment coercion apply them, so a too-long string fails instead of being cut.
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
  bool collatable = false;      // the local type has a collation (text, varchar, ...)
};

struct PgMergeSpec {
  std::string target_schema, target_table; // unquoted
  std::string staging_table;               // unquoted, in pg_temp
  // The staging rows are an ephemeral named relation of the SPI connection
  // (referred to unqualified), not a table in pg_temp.
  bool staging_in_memory = false;
  std::vector<PgStagingColumn> columns;    // staging order
  // A pulled key is GENERATED ALWAYS AS IDENTITY: insert the remote values.
  bool overriding_system_value = false;
  // Inserts are told from updates by a key probe instead of xmax.
  bool target_partitioned = false;
};

// CREATE TEMP TABLE pg_temp.<staging> (<columns in staging types>)
std::string build_pg_staging_ddl(const PgMergeSpec &spec);
// One row (the key values as text, in key order) when two staged rows would hit
// the same local key, else none. Keys are compared as the local unique index
// sees them: cast to the local type (without a length for character and bit
// types, whose casts truncate), so remote values that differ only below the
// local precision (datetime2's 100 ns, a wider scale) are caught too. Rows with
// a NULL key are left out: ON CONFLICT never matches them.
std::string build_pg_duplicate_key_sql(const PgMergeSpec &spec);
// Inserts new keys, updates changed rows only (IS DISTINCT FROM; text compared
// as bytes, whatever the column's collation), and returns one boolean row per
// row written: true = inserted, false = updated; unchanged = staged - both.
// Key-only merges use DO NOTHING and never update.
// probe_unchanged: staged rows equal to their local row are filtered out
// first, by an index probe, so they are not locked (ON CONFLICT DO UPDATE
// locks, and logs, every conflicting row before its WHERE runs). Pointless
// into a table that was empty when the pull began.
std::string build_pg_merge_sql(const PgMergeSpec &spec, bool probe_unchanged = true);
// One row, true when the target table has no rows.
std::string build_pg_target_is_empty_sql(const PgMergeSpec &spec);
std::string build_pg_truncate_staging_sql(const PgMergeSpec &spec);

} // namespace mssql_upsert::sqlgen
