#include "sqlgen/tsql_predicate.hpp"
#include "sqlgen/tsql_select_sql.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

using namespace mssql_upsert::sqlgen;
using sqlgen_test::error_of;

TEST(TsqlSelectSql, QuotesEverythingAndWrapsTheFilter) {
  QualifiedName table{"dbo", "Order]Details"};
  EXPECT_EQ(tsql_table_reference(table), "[dbo].[Order]]Details]");
  EXPECT_EQ(build_tsql_describe_sql(table), "SELECT TOP 0 * FROM [dbo].[Order]]Details]");
  EXPECT_EQ(build_tsql_select_sql(table, {"Id", "Note]x", "select", "Zoë 😀"},
                                  std::string("ModifiedAt > '2024-01-01' OR 1=1")),
            "SELECT [Id], [Note]]x], [select], [Zoë 😀] FROM [dbo].[Order]]Details] WHERE "
            "(ModifiedAt > '2024-01-01' OR 1=1)");
  EXPECT_EQ(build_tsql_select_sql(table, {"Id"}, std::nullopt),
            "SELECT [Id] FROM [dbo].[Order]]Details]");
  EXPECT_EQ(build_tsql_select_sql(table, {"Id"}, std::string()),
            "SELECT [Id] FROM [dbo].[Order]]Details]");
}

TEST(TsqlSelectSql, TrailingLineCommentCannotSwallowTheParenthesis) {
  EXPECT_EQ(build_tsql_select_sql({"dbo", "t"}, {"a"}, std::string("a > 1 -- recent rows")),
            "SELECT [a] FROM [dbo].[t] WHERE (a > 1 -- recent rows\n)");
  EXPECT_EQ(build_tsql_select_sql({"dbo", "t"}, {"a"}, std::string("a > 1 -- c\nAND b = 2")),
            "SELECT [a] FROM [dbo].[t] WHERE (a > 1 -- c\nAND b = 2)");
}

TEST(TsqlSelectSql, RefusesFiltersThatLeaveTheirParentheses) {
  auto select_error = [](const std::string &filter) {
    return error_of([&] { build_tsql_select_sql({"dbo", "t"}, {"a"}, filter); });
  };
  EXPECT_EQ(select_error("1=1) OR (1=1"),
            "42601: invalid remote_filter: \")\" without a matching \"(\" at offset 4");
  EXPECT_EQ(select_error("1=1; DROP TABLE t"),
            "42601: invalid remote_filter: \";\" outside a string at offset 4");
  EXPECT_EQ(select_error("(a = 1"),
            "42601: invalid remote_filter: \"(\" without a matching \")\" at offset 6");
  EXPECT_EQ(select_error("a = 'x"),
            "42601: invalid remote_filter: unterminated string literal at offset 5");
  EXPECT_EQ(select_error("a = 1 /* x"),
            "42601: invalid remote_filter: unterminated /* comment at offset 7");
  EXPECT_EQ(select_error("a = 1 /* /* */ )"),
            "42601: invalid remote_filter: unterminated /* comment at offset 7");
  EXPECT_EQ(select_error("[a = 1"),
            "42601: invalid remote_filter: unterminated [name] at offset 1");
  EXPECT_EQ(select_error("\"a = 1"),
            "42601: invalid remote_filter: unterminated \"name\" at offset 1");
  EXPECT_EQ(select_error("   "), "42601: invalid remote_filter: no predicate at offset 1");
  EXPECT_EQ(select_error("-- only a comment"),
            "42601: invalid remote_filter: no predicate at offset 1");
  EXPECT_EQ(select_error(std::string("a = 1\0", 6)),
            "42601: invalid remote_filter: NUL character at offset 6");
  EXPECT_EQ(error_of([] {
              build_tsql_select_sql({"dbo", "t"}, {}, std::nullopt);
            }),
            "22023: no columns to select from [dbo].[t]");
  EXPECT_EQ(error_of([] {
              build_tsql_select_sql({"dbo", "t"}, {""}, std::nullopt);
            }),
            "42602: remote column name must not be empty");
}

TEST(TsqlPredicate, LiteralsHideWhatWouldOtherwiseBeRefused) {
  for (const char *ok :
       {"Note = ';) DROP TABLE t --'", "Note = N'it''s'", "[Odd;)] = 1", "[a]]b;)] = 1",
        "\"x;)\"\"\" = 1", "a = 1 /* ; ) */", "a = 1 /* /* ; */ ) */", "(a = 1) AND (b IN (1, 2))",
        "EXISTS (SELECT 1 FROM dbo.x WHERE x.id = t.id)", "a = 1 -- ; )\n"})
    EXPECT_NO_THROW(check_tsql_predicate(ok)) << ok;
  EXPECT_FALSE(check_tsql_predicate("a = 1 -- x\n").ends_in_line_comment);
  EXPECT_TRUE(check_tsql_predicate("a = 1 -- x").ends_in_line_comment);
  EXPECT_FALSE(check_tsql_predicate("a = '--'").ends_in_line_comment);
}

// SQL Server ends a -- comment at a carriage return as at a line feed: what
// follows a CR is code there, so it is code here too and cannot hide anything.
TEST(TsqlPredicate, LineCommentEndsAtCarriageReturnToo) {
  EXPECT_EQ(error_of([] { check_tsql_predicate("a = 1 --\r) DELETE FROM dbo.Victim WHERE (1 = 1\n"); }),
            "42601: invalid remote_filter: \")\" without a matching \"(\" at offset 10");
  EXPECT_EQ(error_of([] { check_tsql_predicate("a = 1 -- x\r; DROP TABLE t"); }),
            "42601: invalid remote_filter: \";\" outside a string at offset 12");
  EXPECT_EQ(error_of([] { check_tsql_predicate("-- only a comment\r"); }),
            "42601: invalid remote_filter: no predicate at offset 1");
  EXPECT_NO_THROW(check_tsql_predicate("a = 1 -- x\rAND b = 2"));
  EXPECT_NO_THROW(check_tsql_predicate("a = 1 -- x\r\nAND b = 2"));
  EXPECT_FALSE(check_tsql_predicate("a = 1 -- x\r").ends_in_line_comment);
  EXPECT_FALSE(check_tsql_predicate("a = 1 -- x\r\n").ends_in_line_comment);
  EXPECT_EQ(build_tsql_select_sql({"dbo", "t"}, {"a"}, std::string("a > 1 -- c\rAND b = 2")),
            "SELECT [a] FROM [dbo].[t] WHERE (a > 1 -- c\rAND b = 2)");
}
