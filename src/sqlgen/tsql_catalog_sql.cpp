#include "sqlgen/tsql_catalog_sql.hpp"

#include "sqlgen/identifier_quoting.hpp"
#include "sqlgen/tsql_select_sql.hpp"

namespace mssql_upsert::sqlgen {

namespace {
std::string object_id_of(const QualifiedName &table) {
  return "OBJECT_ID(" + quote_tsql_string(tsql_table_reference(table)) + ")";
}
} // namespace

std::string build_tsql_columns_sql(const QualifiedName &table) {
  // system_type_id 189 is timestamp/rowversion; CLR types share system_type_id
  // 240, so their name comes from the column's own user type.
  return "SELECT c.name AS column_name, CASE WHEN t.is_assembly_type = 1 THEN t.name ELSE "
         "TYPE_NAME(c.system_type_id) END AS type_name, c.max_length, c.precision, c.scale, "
         "c.is_nullable, c.is_identity, c.is_computed, CAST(CASE WHEN c.system_type_id = 189 "
         "THEN 1 ELSE 0 END AS bit) AS is_rowversion FROM sys.columns AS c JOIN sys.types AS t "
         "ON t.user_type_id = c.user_type_id WHERE c.object_id = " +
         object_id_of(table) + " ORDER BY c.column_id";
}

std::string build_tsql_unique_keys_sql(const QualifiedName &table) {
  return "SELECT i.index_id, i.is_primary_key, c.name AS column_name FROM sys.indexes AS i JOIN "
         "sys.index_columns AS ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id JOIN "
         "sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id WHERE "
         "i.object_id = " +
         object_id_of(table) +
         " AND i.is_unique = 1 AND i.has_filter = 0 AND i.is_disabled = 0 AND ic.key_ordinal > 0 "
         "ORDER BY i.index_id, ic.key_ordinal";
}

std::string build_tsql_table_columns_sql(const QualifiedName &table) {
  return "SELECT c.name AS column_name, CASE WHEN t.is_assembly_type = 1 THEN t.name ELSE "
         "TYPE_NAME(c.system_type_id) END AS type_name, c.max_length, c.precision, c.scale, "
         "c.is_nullable, c.is_identity, c.is_computed, CAST(ic.seed_value AS bigint) AS seed_value, "
         "CAST(ic.increment_value AS bigint) AS increment_value, d.definition FROM sys.columns AS c "
         "JOIN sys.types AS t ON t.user_type_id = c.user_type_id LEFT JOIN sys.identity_columns AS ic "
         "ON ic.object_id = c.object_id AND ic.column_id = c.column_id LEFT JOIN "
         "sys.default_constraints AS d ON d.parent_object_id = c.object_id AND d.parent_column_id = "
         "c.column_id WHERE c.object_id = " +
         object_id_of(table) + " ORDER BY c.column_id";
}

std::string build_tsql_table_indexes_sql(const QualifiedName &table) {
  return "SELECT i.index_id, i.name, i.is_primary_key, i.is_unique, i.is_unique_constraint, "
         "i.filter_definition, c.name AS column_name, ic.is_descending_key, ic.is_included_column "
         "FROM sys.indexes AS i JOIN sys.index_columns AS ic ON ic.object_id = i.object_id AND "
         "ic.index_id = i.index_id JOIN sys.columns AS c ON c.object_id = ic.object_id AND "
         "c.column_id = ic.column_id WHERE i.object_id = " +
         object_id_of(table) +
         " AND i.type IN (1, 2) AND i.is_hypothetical = 0 AND i.is_disabled = 0 ORDER BY i.index_id, "
         "ic.is_included_column, ic.key_ordinal, ic.index_column_id";
}

} // namespace mssql_upsert::sqlgen
