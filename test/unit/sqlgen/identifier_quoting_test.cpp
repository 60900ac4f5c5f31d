#include "common/error.hpp"
#include "sqlgen/identifier_quoting.hpp"

#include <gtest/gtest.h>

using mssql_upsert::Error;
using namespace mssql_upsert::sqlgen;

TEST(QuotePg, BareOnlyWhenSafe) {
  EXPECT_EQ(quote_pg_identifier("orders"), "orders");
  EXPECT_EQ(quote_pg_identifier("order_2024"), "order_2024");
  EXPECT_EQ(quote_pg_identifier("_x"), "_x");
  EXPECT_EQ(quote_pg_identifier("Orders"), "\"Orders\"");
  EXPECT_EQ(quote_pg_identifier("2024orders"), "\"2024orders\"");
  EXPECT_EQ(quote_pg_identifier("order details"), "\"order details\"");
  EXPECT_EQ(quote_pg_identifier("a\"b"), "\"a\"\"b\"");
  EXPECT_EQ(quote_pg_identifier("x.y"), "\"x.y\"");
  EXPECT_EQ(quote_pg_identifier("zoë"), "\"zoë\"");
  EXPECT_EQ(quote_pg_identifier(""), "\"\"");
}

TEST(QuotePg, KeywordsAreQuotedUnreservedAreNot) {
  for (const char *word : {"select", "user", "table", "order", "from", "all", "varchar", "between"})
    EXPECT_EQ(quote_pg_identifier(word), std::string("\"") + word + "\"") << word;
  for (const char *word : {"name", "key", "data", "value", "year", "text", "comment"})
    EXPECT_EQ(quote_pg_identifier(word), word) << word;
}

TEST(QuoteTsql, AlwaysBracketsAndDoublesClosingBracket) {
  EXPECT_EQ(quote_tsql_identifier("Orders"), "[Orders]");
  EXPECT_EQ(quote_tsql_identifier("Order Details"), "[Order Details]");
  EXPECT_EQ(quote_tsql_identifier("a]b"), "[a]]b]");
  EXPECT_EQ(quote_tsql_identifier("a[b"), "[a[b]");
  EXPECT_EQ(quote_tsql_identifier("]]"), "[]]]]]");
  EXPECT_EQ(quote_tsql_identifier("select"), "[select]");
}

TEST(QuoteStrings, DoubleSingleQuotes) {
  EXPECT_EQ(quote_tsql_string("O'Brien"), "N'O''Brien'");
  EXPECT_EQ(quote_tsql_string(""), "N''");
  EXPECT_EQ(quote_tsql_string("😀"), "N'😀'");
  EXPECT_EQ(quote_pg_string("it's"), "'it''s'");
}

TEST(IdentifierLimits, PostgresCountsBytes) {
  EXPECT_NO_THROW(check_pg_identifier(std::string(63, 'a'), "table name"));
  try {
    check_pg_identifier(std::string(64, 'a'), "table name");
    FAIL();
  } catch (const Error &e) {
    EXPECT_EQ(e.sqlstate(), "42622");
    EXPECT_EQ(std::string(e.what()),
              "table name \"" + std::string(64, 'a') + "\" is too long (64 bytes; PostgreSQL allows 63)");
  }
  // 32 two-byte characters = 64 bytes.
  std::string umlauts;
  for (int i = 0; i < 32; ++i)
    umlauts += "ö";
  EXPECT_THROW(check_pg_identifier(umlauts, "table name"), Error);
  EXPECT_THROW(check_pg_identifier("", "table name"), Error);
  EXPECT_THROW(check_pg_identifier(std::string("a\0b", 3), "table name"), Error);
}

TEST(IdentifierLimits, TsqlCountsUtf16Units) {
  EXPECT_NO_THROW(check_tsql_identifier(std::string(128, 'x'), "remote table name"));
  EXPECT_THROW(check_tsql_identifier(std::string(129, 'x'), "remote table name"), Error);
  std::string bmp; // 128 three-byte characters: 128 units
  for (int i = 0; i < 128; ++i)
    bmp += "€";
  EXPECT_NO_THROW(check_tsql_identifier(bmp, "remote table name"));
  std::string astral; // 65 emoji: 130 units
  for (int i = 0; i < 65; ++i)
    astral += "😀";
  EXPECT_THROW(check_tsql_identifier(astral, "remote table name"), Error);
  EXPECT_EQ(utf16_length("a€😀"), 4u);
}
