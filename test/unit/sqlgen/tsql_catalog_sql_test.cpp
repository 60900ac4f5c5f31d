#include "sqlgen/tsql_catalog_sql.hpp"

#include <gtest/gtest.h>

using namespace mssql_upsert::sqlgen;

TEST(TsqlCatalogSql, ColumnsQueryPassesTheTableAsAQuotedLiteral) {
  EXPECT_EQ(build_tsql_columns_sql({"dbo", "O'Brien]s"}),
            "SELECT c.name AS column_name, CASE WHEN t.is_assembly_type = 1 THEN t.name ELSE "
            "TYPE_NAME(c.system_type_id) END AS type_name, c.max_length, c.precision, c.scale, "
            "c.is_nullable, c.is_identity, c.is_computed, CAST(CASE WHEN c.system_type_id = 189 "
            "THEN 1 ELSE 0 END AS bit) AS is_rowversion FROM sys.columns AS c JOIN sys.types AS "
            "t ON t.user_type_id = c.user_type_id WHERE c.object_id = "
            "OBJECT_ID(N'[dbo].[O''Brien]]s]') ORDER BY c.column_id");
}

TEST(TsqlCatalogSql, UniqueKeysQueryInIndexAndKeyOrder) {
  EXPECT_EQ(build_tsql_unique_keys_sql({"Sales Dept", "Order Details"}),
            "SELECT i.index_id, i.is_primary_key, c.name AS column_name FROM sys.indexes AS i JOIN "
            "sys.index_columns AS ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id "
            "JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id "
            "WHERE i.object_id = OBJECT_ID(N'[Sales Dept].[Order Details]') AND i.is_unique = 1 "
            "AND i.has_filter = 0 AND i.is_disabled = 0 AND ic.key_ordinal > 0 ORDER BY "
            "i.index_id, ic.key_ordinal");
  EXPECT_NE(build_tsql_unique_keys_sql({"dbo", "x'); DROP TABLE t; --"})
                .find("OBJECT_ID(N'[dbo].[x''); DROP TABLE t; --]')"),
            std::string::npos);
}
