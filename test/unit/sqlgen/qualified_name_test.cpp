#include "common/error.hpp"
#include "sqlgen/qualified_name.hpp"

#include <gtest/gtest.h>

using mssql_upsert::Error;
using namespace mssql_upsert::sqlgen;

namespace {
std::string error_of_tsql(std::string_view text, std::string_view database = "Sales") {
  try {
    parse_tsql_qualified_name(text, "dbo", database);
  } catch (const Error &e) {
    return e.what();
  }
  return "";
}
} // namespace

TEST(TsqlQualifiedName, Forms) {
  EXPECT_EQ(parse_tsql_qualified_name("Orders", "dbo"), (QualifiedName{"dbo", "Orders"}));
  EXPECT_EQ(parse_tsql_qualified_name("sales.Orders", "dbo"), (QualifiedName{"sales", "Orders"}));
  EXPECT_EQ(parse_tsql_qualified_name("[dbo].[Order Details]", "dbo"),
            (QualifiedName{"dbo", "Order Details"}));
  EXPECT_EQ(parse_tsql_qualified_name("[a]]b].c", "dbo"), (QualifiedName{"a]b", "c"}));
  EXPECT_EQ(parse_tsql_qualified_name("\"x.y\".\"z\"", "dbo"), (QualifiedName{"x.y", "z"}));
  EXPECT_EQ(parse_tsql_qualified_name("  dbo . [t.1]  ", "dbo"), (QualifiedName{"dbo", "t.1"}));
  EXPECT_EQ(parse_tsql_qualified_name("[Zoë 😀]", "dbo"), (QualifiedName{"dbo", "Zoë 😀"}));
  EXPECT_EQ(parse_tsql_qualified_name("SALES.dbo.Orders", "dbo", "Sales"),
            (QualifiedName{"dbo", "Orders"}));
}

TEST(TsqlQualifiedName, Errors) {
  EXPECT_EQ(error_of_tsql(""), "invalid table name \"\": the name is empty");
  EXPECT_EQ(error_of_tsql("a.b.c.d"), "invalid table name \"a.b.c.d\": at most database.schema.table is allowed");
  EXPECT_EQ(error_of_tsql("Other.dbo.t"),
            "invalid table name \"Other.dbo.t\": the database part \"Other\" is not the server's "
            "database \"Sales\"; set the server's database option instead");
  EXPECT_EQ(error_of_tsql("dbo."), "invalid table name \"dbo.\": a name part is missing after \".\"");
  EXPECT_EQ(error_of_tsql(".t"), "invalid table name \".t\": a name part is missing");
  EXPECT_EQ(error_of_tsql("[dbo].[t"), "invalid table name \"[dbo].[t\": unterminated [ quote");
  EXPECT_EQ(error_of_tsql("[]"), "invalid table name \"[]\": a quoted name part is empty");
  EXPECT_EQ(error_of_tsql("dbo.t x"), "invalid table name \"dbo.t x\": unexpected text after the name: \"x\"");
  EXPECT_EQ(error_of_tsql("t;DROP TABLE x"), "invalid table name \"t;DROP TABLE x\": unexpected text after the name: \"TABLE x\"");
  EXPECT_EQ(error_of_tsql("a]b"), "invalid table name \"a]b\": unexpected ]");
  EXPECT_NE(error_of_tsql("[" + std::string(129, 'x') + "]").find("is too long (129 characters"), std::string::npos);
}

TEST(PgQualifiedName, FoldsUnquotedKeepsQuoted) {
  EXPECT_EQ(parse_pg_qualified_name("Orders", "public"), (QualifiedName{"public", "orders"}));
  EXPECT_EQ(parse_pg_qualified_name("Sales.Orders", "public"), (QualifiedName{"sales", "orders"}));
  EXPECT_EQ(parse_pg_qualified_name("\"Public\".\"x.y\"", "public"), (QualifiedName{"Public", "x.y"}));
  EXPECT_EQ(parse_pg_qualified_name("\"a\"\"b\"", "public"), (QualifiedName{"public", "a\"b"}));
  EXPECT_THROW(parse_pg_qualified_name("a.b.c", "public"), Error);
  EXPECT_THROW(parse_pg_qualified_name("[a]", "public"), Error);
  EXPECT_THROW(parse_pg_qualified_name(std::string(64, 'a'), "public"), Error);
}
