#include "sqlgen/tsql_insert_sql.hpp"

#include <gtest/gtest.h>

namespace mssql_upsert::sqlgen {
namespace {

using remote::BulkColumn;
using remote::BulkShape;
using remote::BulkValue;

BulkColumn column(BulkShape shape, const std::string &type_name, int scale = 0) {
  BulkColumn c;
  c.name = "c";
  c.type_name = type_name;
  c.shape = shape;
  c.scale = scale;
  return c;
}

BulkValue present() {
  BulkValue v;
  v.is_null = false;
  return v;
}

TEST(ValueLiteral, NullAndNumbers) {
  EXPECT_EQ(tsql_value_literal(column(BulkShape::Int, "int"), BulkValue(), ""), "NULL");
  BulkValue v = present();
  v.int_value = -42;
  EXPECT_EQ(tsql_value_literal(column(BulkShape::Int, "int"), v, ""), "-42");
  v.bool_value = true;
  EXPECT_EQ(tsql_value_literal(column(BulkShape::Bit, "bit"), v, ""), "1");
  v.float_value = 0.1;
  EXPECT_EQ(tsql_value_literal(column(BulkShape::Float, "float"), v, ""), "0.10000000000000001E0");
  v.float_value = -1.5e300;
  EXPECT_EQ(tsql_value_literal(column(BulkShape::Float, "float"), v, ""), "-1.5000000000000001e+300");
}

TEST(ValueLiteral, DecimalsKeepTheirScale) {
  BulkValue v = present();
  v.decimal = remote::DecimalValue{true, 3, 12345};
  EXPECT_EQ(tsql_value_literal(column(BulkShape::Decimal, "decimal(10,3)", 3), v, ""), "-12.345");
  v.decimal = remote::DecimalValue{false, 4, 5};
  EXPECT_EQ(tsql_value_literal(column(BulkShape::Decimal, "decimal(10,4)", 4), v, ""), "0.0005");
  v.decimal = remote::DecimalValue{true, 2, 0};
  EXPECT_EQ(tsql_value_literal(column(BulkShape::Decimal, "decimal(5,2)", 2), v, ""), "0.00");
  v.int_value = -123456; // money: value * 10^4
  EXPECT_EQ(tsql_value_literal(column(BulkShape::Money, "money"), v, ""), "-12.3456");
}

TEST(ValueLiteral, DatesAndTimesAsIsoText) {
  BulkValue v = present();
  v.datetime.days_since_1900 = 45353; // 2024-03-04
  v.datetime.time_100ns = ((5 * 3600 + 6 * 60 + 7) * 10'000'000LL) + 8'901'234;
  EXPECT_EQ(tsql_value_literal(column(BulkShape::Date, "date"), v, ""), "CAST('2024-03-04' AS date)");
  EXPECT_EQ(tsql_value_literal(column(BulkShape::DateTime2, "datetime2(7)", 7), v, ""),
            "CAST('2024-03-04 05:06:07.8901234' AS datetime2(7))");
  EXPECT_EQ(tsql_value_literal(column(BulkShape::DateTimeOffset, "datetimeoffset(3)", 3), v, ""),
            "CAST('2024-03-04 05:06:07.8901234 +00:00' AS datetimeoffset(3))");
  EXPECT_EQ(tsql_value_literal(column(BulkShape::Time, "time(7)", 7), v, ""),
            "CAST('05:06:07.8901234' AS time(7))");
  v.datetime.days_since_1900 = -693595; // 0001-01-01
  EXPECT_EQ(tsql_value_literal(column(BulkShape::Date, "date"), v, ""), "CAST('0001-01-01' AS date)");
}

TEST(ValueLiteral, LegacyDateTimesRoundTripTheirTicks) {
  BulkValue v = present();
  v.legacy_days = 45353;
  v.legacy_time = 300 * 86400 - 1; // the last tick of the day: .997
  EXPECT_EQ(tsql_value_literal(column(BulkShape::DateTime, "datetime"), v, ""),
            "CAST('2024-03-04T23:59:59.997' AS datetime)");
  v.legacy_time = 1; // 3.33 ms
  EXPECT_EQ(tsql_value_literal(column(BulkShape::DateTime, "datetime"), v, ""),
            "CAST('2024-03-04T00:00:00.003' AS datetime)");
  v.legacy_time = 61; // minutes
  EXPECT_EQ(tsql_value_literal(column(BulkShape::SmallDateTime, "smalldatetime"), v, ""),
            "CAST('2024-03-04T01:01:00' AS smalldatetime)");
}

TEST(ValueLiteral, TextGuidsAndBinaries) {
  BulkValue v = present();
  EXPECT_EQ(tsql_value_literal(column(BulkShape::UnicodeText, "nvarchar(10)"), v, "it's Zoë"),
            "N'it''s Zoë'");
  EXPECT_EQ(tsql_value_literal(column(BulkShape::CodePageText, "varchar(10)"), v, ""), "N''");
  v.bytes = std::string("\x01\xAB\x00", 3);
  EXPECT_EQ(tsql_value_literal(column(BulkShape::Binary, "varbinary(10)"), v, ""), "0x01AB00");
  v.bytes.clear();
  EXPECT_EQ(tsql_value_literal(column(BulkShape::Binary, "varbinary(10)"), v, ""), "0x");
  v.guid = {0x6F, 0x96, 0x19, 0xFF, 0x8B, 0x86, 0xD0, 0x11, 0xB4, 0x2D, 0x00, 0xC0, 0x4F, 0xC9, 0x64, 0xFF};
  EXPECT_EQ(tsql_value_literal(column(BulkShape::Guid, "uniqueidentifier"), v, ""),
            "CAST('6F9619FF-8B86-D011-B42D-00C04FC964FF' AS uniqueidentifier)");
}

TEST(InsertBatch, RowsSplitAtSqlServersLimit) {
  TsqlInsertSpec spec{"[dbo].[T]", {"Id", "Na]me"}, false};
  std::vector<std::string> rows(1001, "(1, N'a')");
  std::string batch = build_tsql_insert_batch(spec, rows);
  const std::string head = "INSERT INTO [dbo].[T] ([Id], [Na]]me]) VALUES ";
  EXPECT_EQ(batch.find(head), 0u);
  EXPECT_EQ(batch.find(head, 1), batch.size() - head.size() - std::string("(1, N'a');\n").size());
  EXPECT_EQ(build_tsql_insert_batch(spec, {"(1, N'a')", "(2, NULL)"}),
            "INSERT INTO [dbo].[T] ([Id], [Na]]me]) VALUES (1, N'a'), (2, NULL);\n");
}

TEST(InsertBatch, IdentityInsertAndDefaultValues) {
  TsqlInsertSpec spec{"[dbo].[T]", {"Id"}, true};
  EXPECT_EQ(build_tsql_insert_batch(spec, {"(7)"}),
            "SET IDENTITY_INSERT [dbo].[T] ON;\nINSERT INTO [dbo].[T] ([Id]) VALUES (7);\n"
            "SET IDENTITY_INSERT [dbo].[T] OFF;\n");
  TsqlInsertSpec no_columns{"[dbo].[T]", {}, false};
  EXPECT_EQ(build_tsql_insert_batch(no_columns, {"()", "()"}),
            "INSERT INTO [dbo].[T] DEFAULT VALUES;\nINSERT INTO [dbo].[T] DEFAULT VALUES;\n");
}

} // namespace
} // namespace mssql_upsert::sqlgen
