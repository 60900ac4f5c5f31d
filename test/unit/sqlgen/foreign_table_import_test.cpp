#include "sqlgen/foreign_table_import.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

using namespace mssql_upsert::sqlgen;
using sqlgen_test::error_of;

namespace {
RemoteColumnDef col(const std::string &name, const std::string &type, int precision = 0,
                    int scale = 0, bool nullable = true) {
  RemoteColumnDef c;
  c.table = "Orders";
  c.column = name;
  c.data_type = type;
  c.precision = precision;
  c.scale = scale;
  c.nullable = nullable;
  return c;
}
std::string mapped(const std::string &type, int precision = 0, int scale = 0) {
  return pg_type_for_remote_column(col("c", type, precision, scale)).value_or("<none>");
}
} // namespace

TEST(ForeignTableImport, CatalogQueryQuotesTheSchema) {
  EXPECT_EQ(build_tsql_import_columns_sql("dbo'x"),
            "SELECT c.TABLE_NAME, c.COLUMN_NAME, c.DATA_TYPE, c.CHARACTER_MAXIMUM_LENGTH, "
            "c.NUMERIC_PRECISION, c.NUMERIC_SCALE, c.IS_NULLABLE FROM INFORMATION_SCHEMA.COLUMNS "
            "AS c WHERE c.TABLE_SCHEMA = N'dbo''x' ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION");
}

TEST(ForeignTableImport, TypesFollowThePullTable) {
  EXPECT_EQ(mapped("bit"), "boolean");
  EXPECT_EQ(mapped("tinyint"), "smallint");
  EXPECT_EQ(mapped("smallint"), "smallint");
  EXPECT_EQ(mapped("INT"), "integer");
  EXPECT_EQ(mapped("bigint"), "bigint");
  EXPECT_EQ(mapped("decimal", 10, 2), "numeric(10,2)");
  EXPECT_EQ(mapped("numeric", 38, 0), "numeric(38,0)");
  EXPECT_EQ(mapped("money"), "numeric(19,4)");
  EXPECT_EQ(mapped("smallmoney"), "numeric(10,4)");
  EXPECT_EQ(mapped("real", 24), "real");
  EXPECT_EQ(mapped("float", 53), "double precision");
  EXPECT_EQ(mapped("float", 24), "real");
  for (const char *text :
       {"char", "varchar", "nchar", "nvarchar", "text", "ntext", "xml", "sysname"})
    EXPECT_EQ(mapped(text), "text") << text;
  for (const char *bytes : {"binary", "varbinary", "image", "timestamp", "rowversion"})
    EXPECT_EQ(mapped(bytes), "bytea") << bytes;
  EXPECT_EQ(mapped("date"), "date");
  EXPECT_EQ(mapped("time"), "time");
  EXPECT_EQ(mapped("datetime"), "timestamp");
  EXPECT_EQ(mapped("smalldatetime"), "timestamp");
  EXPECT_EQ(mapped("datetime2"), "timestamp");
  EXPECT_EQ(mapped("datetimeoffset"), "timestamptz");
  EXPECT_EQ(mapped("uniqueidentifier"), "uuid");
  for (const char *unreadable : {"sql_variant", "geography", "geometry", "hierarchyid"})
    EXPECT_EQ(mapped(unreadable), "<none>") << unreadable;
}

TEST(ForeignTableImport, DdlKeepsCaseAndSkipsUnreadableColumns) {
  ImportedTable t =
      build_pg_foreign_table_ddl("sales", "Mirror", "dbo",
                                 {col("OrderId", "int", 0, 0, false), col("Shape", "geography"),
                                  col("Total", "decimal", 10, 2), col("it's", "nvarchar")});
  EXPECT_EQ(t.ddl, "CREATE FOREIGN TABLE \"Mirror\".\"Orders\" (\n"
                   "  \"OrderId\" integer OPTIONS (column_name 'OrderId') NOT NULL,\n"
                   "  \"Total\" numeric(10,2) OPTIONS (column_name 'Total'),\n"
                   "  \"it's\" text OPTIONS (column_name 'it''s')\n"
                   ") SERVER sales OPTIONS (schema_name 'dbo', table_name 'Orders')");
  ASSERT_EQ(t.skipped_columns.size(), 1u);
  EXPECT_EQ(t.skipped_columns[0], "Shape (geography)");
}

TEST(ForeignTableImport, RefusesTablesWithNothingReadableAndLongNames) {
  EXPECT_EQ(error_of([] {
              build_pg_foreign_table_ddl("s", "public", "dbo", {col("Shape", "geography")});
            }),
            "0A000: remote table [dbo].[Orders] has no column of a type mssql_upsert_fdw can read");
  EXPECT_EQ(error_of([] {
              build_pg_foreign_table_ddl("s", "public", "dbo", {col(std::string(64, 'x'), "int")});
            }).substr(0, 6),
            "42622:");
}
