#include "sqlgen/qualified_name.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

using mssql_upsert::Error;
using namespace mssql_upsert::sqlgen;
using sqlgen_test::error_of;

namespace {
std::string tsql_error(std::string_view text, std::string_view database = "Sales") {
  return error_of([&] { parse_tsql_qualified_name(text, "dbo", database); });
}
std::string pg_error(std::string_view text) {
  return error_of([&] { parse_pg_qualified_name(text, "public"); });
}
} // namespace

TEST(TsqlQualifiedName, Forms) {
  EXPECT_EQ(parse_tsql_qualified_name("Orders", "dbo"), (QualifiedName{"dbo", "Orders"}));
  EXPECT_EQ(parse_tsql_qualified_name("sales.Orders", "dbo"), (QualifiedName{"sales", "Orders"}));
  EXPECT_EQ(parse_tsql_qualified_name("[dbo].[Order Details]", "dbo"),
            (QualifiedName{"dbo", "Order Details"}));
  EXPECT_EQ(parse_tsql_qualified_name("[a]]b].c", "dbo"), (QualifiedName{"a]b", "c"}));
  EXPECT_EQ(parse_tsql_qualified_name("[a[b].[]]]]]", "dbo"), (QualifiedName{"a[b", "]]"}));
  EXPECT_EQ(parse_tsql_qualified_name("\"x.y\".\"z\"", "dbo"), (QualifiedName{"x.y", "z"}));
  EXPECT_EQ(parse_tsql_qualified_name("[a\"b].\"c]d\"", "dbo"), (QualifiedName{"a\"b", "c]d"}));
  EXPECT_EQ(parse_tsql_qualified_name("  dbo . [t.1]  ", "dbo"), (QualifiedName{"dbo", "t.1"}));
  EXPECT_EQ(parse_tsql_qualified_name("\tdbo\n.\r\nt", "dbo"), (QualifiedName{"dbo", "t"}));
  EXPECT_EQ(parse_tsql_qualified_name("[Zoë 😀]", "dbo"), (QualifiedName{"dbo", "Zoë 😀"}));
  EXPECT_EQ(parse_tsql_qualified_name("Zoë", "dbo"), (QualifiedName{"dbo", "Zoë"}));
  EXPECT_EQ(parse_tsql_qualified_name("_t@1#$", "dbo"), (QualifiedName{"dbo", "_t@1#$"}));
  EXPECT_EQ(parse_tsql_qualified_name("[select].[user]", "dbo"), (QualifiedName{"select", "user"}));
  EXPECT_EQ(parse_tsql_qualified_name("Orders", "Sales"), (QualifiedName{"Sales", "Orders"}));
}

TEST(TsqlQualifiedName, DatabasePartOnlyWhenItIsTheServersDatabase) {
  EXPECT_EQ(parse_tsql_qualified_name("SALES.dbo.Orders", "dbo", "Sales"),
            (QualifiedName{"dbo", "Orders"}));
  EXPECT_EQ(parse_tsql_qualified_name("[Sales].[dbo].[Orders]", "dbo", "sales"),
            (QualifiedName{"dbo", "Orders"}));
  EXPECT_EQ(tsql_error("Other.dbo.t"),
            "42602: invalid table name \"Other.dbo.t\": the database part \"Other\" is not the "
            "server's database \"Sales\"");
  EXPECT_EQ(tsql_error("Sales.dbo.t", ""),
            "42602: invalid table name \"Sales.dbo.t\": a database part (\"Sales\") is not "
            "accepted");
  try {
    parse_tsql_qualified_name("Sales.dbo.t", "dbo");
    FAIL();
  } catch (const Error &e) {
    EXPECT_EQ(e.hint(), "The server's database option chooses the remote database; write "
                        "schema.table.");
  }
}

TEST(TsqlQualifiedName, Errors) {
  EXPECT_EQ(tsql_error(""), "42602: invalid table name \"\": the name is empty");
  EXPECT_EQ(tsql_error("   "), "42602: invalid table name \"   \": the name is empty");
  EXPECT_EQ(tsql_error("a.b.c.d"),
            "42602: invalid table name \"a.b.c.d\": at most database.schema.table is allowed");
  EXPECT_EQ(tsql_error("dbo."),
            "42602: invalid table name \"dbo.\": a name part is missing after \".\"");
  EXPECT_EQ(tsql_error(".t"),
            "42602: invalid table name \".t\": a name part is missing before \".\"");
  EXPECT_EQ(tsql_error("a..t"),
            "42602: invalid table name \"a..t\": a name part is missing before \".\"");
  EXPECT_EQ(tsql_error("[dbo].[t"), "42602: invalid table name \"[dbo].[t\": unterminated [ quote");
  EXPECT_EQ(tsql_error("[a]]"), "42602: invalid table name \"[a]]\": unterminated [ quote");
  EXPECT_EQ(tsql_error("\"t"), "42602: invalid table name \"\"t\": unterminated \" quote");
  EXPECT_EQ(tsql_error("[]"), "42602: invalid table name \"[]\": a quoted name part is empty");
  EXPECT_EQ(tsql_error("dbo.t x"),
            "42602: invalid table name \"dbo.t x\": unexpected text after the name: \"x\"");
  EXPECT_EQ(tsql_error("[t]x"),
            "42602: invalid table name \"[t]x\": unexpected text after the name: \"x\"");
  EXPECT_EQ(tsql_error("t;DROP TABLE x"),
            "42602: invalid table name \"t;DROP TABLE x\": unexpected text after the name: "
            "\";DROP TABLE x\"");
  EXPECT_EQ(tsql_error("a]b"),
            "42602: invalid table name \"a]b\": unexpected text after the name: \"]b\"");
  EXPECT_EQ(tsql_error("2020Sales"),
            "42602: invalid table name \"2020Sales\": unexpected character \"2\"");
  EXPECT_EQ(tsql_error("dbo.Order Details"),
            "42602: invalid table name \"dbo.Order Details\": unexpected text after the name: "
            "\"Details\"");
  EXPECT_EQ(tsql_error("[" + std::string(129, 'x') + "]"),
            "42622: remote table name \"" + std::string(129, 'x') +
                "\" is too long (129 characters; SQL Server allows 128)");
  EXPECT_NO_THROW(parse_tsql_qualified_name("[" + std::string(128, 'x') + "]", "dbo"));
  EXPECT_EQ(error_of([] { parse_tsql_qualified_name("t", ""); }),
            "42602: remote schema name must not be empty");
}

TEST(TsqlQualifiedName, ErrorsHintAtQuoting) {
  try {
    parse_tsql_qualified_name("dbo.Order Details", "dbo");
    FAIL();
  } catch (const Error &e) {
    EXPECT_EQ(e.hint(), "Quote name parts that are not plain identifiers, as [Order Details] or "
                        "\"Order Details\".");
  }
}

TEST(PgQualifiedName, FoldsUnquotedKeepsQuoted) {
  EXPECT_EQ(parse_pg_qualified_name("Orders", "public"), (QualifiedName{"public", "orders"}));
  EXPECT_EQ(parse_pg_qualified_name("Sales.Orders", "public"), (QualifiedName{"sales", "orders"}));
  EXPECT_EQ(parse_pg_qualified_name("\"Public\".\"x.y\"", "public"),
            (QualifiedName{"Public", "x.y"}));
  EXPECT_EQ(parse_pg_qualified_name("\"a\"\"b\"", "public"), (QualifiedName{"public", "a\"b"}));
  EXPECT_EQ(parse_pg_qualified_name(" s . \"T\" ", "public"), (QualifiedName{"s", "T"}));
  EXPECT_EQ(parse_pg_qualified_name("ZOË", "public"), (QualifiedName{"public", "zoË"}));
  EXPECT_EQ(parse_pg_qualified_name("a$1", "public"), (QualifiedName{"public", "a$1"}));
  EXPECT_EQ(parse_pg_qualified_name("\"select\"", "public"), (QualifiedName{"public", "select"}));
  EXPECT_EQ(parse_pg_qualified_name("\"[a]\"", "public"), (QualifiedName{"public", "[a]"}));
}

TEST(PgQualifiedName, Errors) {
  EXPECT_EQ(pg_error("a.b.c"),
            "42602: invalid table name \"a.b.c\": at most schema.table is allowed");
  EXPECT_EQ(pg_error("[a]"), "42602: invalid table name \"[a]\": unexpected character \"[\"");
  EXPECT_EQ(pg_error("#t"), "42602: invalid table name \"#t\": unexpected character \"#\"");
  EXPECT_EQ(pg_error("$t"), "42602: invalid table name \"$t\": unexpected character \"$\"");
  EXPECT_EQ(pg_error("\"\""), "42602: invalid table name \"\"\"\": a quoted name part is empty");
  EXPECT_EQ(pg_error("s.\"t"), "42602: invalid table name \"s.\"t\": unterminated \" quote");
  EXPECT_EQ(pg_error(std::string(64, 'a')), "42622: table name \"" + std::string(64, 'a') +
                                                "\" is too long (64 bytes; PostgreSQL allows 63)");
  EXPECT_EQ(pg_error("\"" + std::string(64, 'A') + "\".t").substr(0, 6), "42622:");
}
