#include "schema_sync/schema_catalog_sql.hpp"

#include "sqlgen/identifier_quoting.hpp"

namespace mssql_upsert::schema_sync {

namespace {
std::string schema_id_of(const std::string &schema) {
  return "SCHEMA_ID(" + sqlgen::quote_tsql_string(schema) + ")";
}
} // namespace

std::string build_tsql_schema_id_sql(const std::string &schema) { return "SELECT " + schema_id_of(schema); }

std::string build_tsql_schema_tables_sql(const std::string &schema) {
  return "SELECT t.name AS table_name, k.index_id, k.is_primary_key, k.column_name, k.is_nullable "
         "FROM sys.tables AS t LEFT JOIN (SELECT i.object_id, i.index_id, i.is_primary_key, ic.key_ordinal, "
         "c.name AS column_name, c.is_nullable FROM sys.indexes AS i JOIN sys.index_columns AS ic ON "
         "ic.object_id = i.object_id AND ic.index_id = i.index_id JOIN sys.columns AS c ON c.object_id = "
         "ic.object_id AND c.column_id = ic.column_id WHERE i.is_unique = 1 AND i.has_filter = 0 AND "
         "i.is_disabled = 0 AND ic.key_ordinal > 0) AS k ON k.object_id = t.object_id WHERE t.schema_id = " +
         schema_id_of(schema) + " ORDER BY t.name, k.is_primary_key DESC, k.index_id, k.key_ordinal";
}

std::string build_tsql_schema_foreign_keys_sql(const std::string &schema) {
  return "SELECT f.object_id AS constraint_id, f.name AS constraint_name, OBJECT_NAME(f.parent_object_id) AS "
         "table_name, OBJECT_SCHEMA_NAME(f.referenced_object_id) AS referenced_schema, "
         "OBJECT_NAME(f.referenced_object_id) AS referenced_table, f.delete_referential_action, "
         "f.update_referential_action, pc.name AS column_name, rc.name AS referenced_column_name "
         "FROM sys.foreign_keys AS f JOIN sys.foreign_key_columns AS fc ON fc.constraint_object_id = f.object_id "
         "JOIN sys.columns AS pc ON pc.object_id = fc.parent_object_id AND pc.column_id = fc.parent_column_id "
         "JOIN sys.columns AS rc ON rc.object_id = fc.referenced_object_id AND rc.column_id = "
         "fc.referenced_column_id WHERE f.schema_id = " +
         schema_id_of(schema) + " AND f.is_disabled = 0 ORDER BY f.object_id, fc.constraint_column_id";
}

} // namespace mssql_upsert::schema_sync
