// T-SQL catalog queries that describe a whole remote schema for
// mssql_upsert_sync_define_schema. The schema goes in as a string literal to
// SCHEMA_ID, never spliced in as a name.
#pragma once

#include <string>

namespace mssql_upsert::schema_sync {

// One row: schema_id int (NULL when the schema does not exist or the login cannot see it).
std::string build_tsql_schema_id_sql(const std::string &schema);

// One row per key column of each usable unique key (enabled, not filtered) of
// every table of the schema, and one row with NULLs for a table that has none:
//   table_name sysname, index_id int, is_primary_key bit, column_name sysname, is_nullable bit
// ordered by table, primary key first, then index_id and key order.
std::string build_tsql_schema_tables_sql(const std::string &schema);

// One row per column pair of each enabled foreign key declared on a table of the schema:
//   constraint_id int, constraint_name sysname, table_name sysname,
//   referenced_schema sysname, referenced_table sysname,
//   delete_referential_action tinyint, update_referential_action tinyint,
//   column_name sysname, referenced_column_name sysname
// ordered by constraint and column position.
std::string build_tsql_schema_foreign_keys_sql(const std::string &schema);

} // namespace mssql_upsert::schema_sync
