// T-SQL catalog queries that describe a remote table before a pull or push.
// The table goes in as a string literal, N'[schema].[table]', to OBJECT_ID, so
// no name is ever spliced into the query unquoted. A table that does not exist
// (or that the login cannot see) gives no rows.
#pragma once

#include "sqlgen/qualified_name.hpp"

#include <string>

namespace mssql_upsert::sqlgen {

// One row per column in column_id order:
//   column_name sysname, type_name sysname, max_length smallint, precision tinyint,
//   scale tinyint, is_nullable bit, is_identity bit, is_computed bit, is_rowversion bit
// type_name is the system type under an alias type (sysname -> nvarchar) and the
// CLR type's own name for geometry, geography, hierarchyid. max_length is in
// bytes (nvarchar(50) -> 100) and -1 for the (max) types.
std::string build_tsql_columns_sql(const QualifiedName &table);
// One row per key column of each unique index (primary key and unique
// constraints included) that holds for every row, i.e. is neither filtered nor
// disabled: index_id int, is_primary_key bit, column_name sysname; in index_id
// and then key order. Included columns are not key columns.
std::string build_tsql_unique_keys_sql(const QualifiedName &table);
// mssql_upsert_create_table: one row per column in column_id order:
//   column_name, type_name, max_length (bytes), precision, scale, is_nullable,
//   is_identity, is_computed, seed_value bigint, increment_value bigint,
//   default definition nvarchar(max) (NULL: none)
std::string build_tsql_table_columns_sql(const QualifiedName &table);
// One row per column of each primary key, unique constraint and rowstore
// index (enabled, not hypothetical), ordered by index, key columns before
// included ones:
//   index_id, index name, is_primary_key, is_unique, is_unique_constraint,
//   filter_definition (NULL: none), column_name, is_descending_key, is_included_column
std::string build_tsql_table_indexes_sql(const QualifiedName &table);

} // namespace mssql_upsert::sqlgen
