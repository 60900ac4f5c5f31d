#include "sqlgen/identifier_quoting.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

using mssql_upsert::Error;
using namespace mssql_upsert::sqlgen;
using sqlgen_test::error_of;
using sqlgen_test::repeated;

TEST(QuotePg, BareOnlyWhenSafe) {
  EXPECT_EQ(quote_pg_identifier("orders"), "orders");
  EXPECT_EQ(quote_pg_identifier("order_2024"), "order_2024");
  EXPECT_EQ(quote_pg_identifier("_x"), "_x");
  EXPECT_EQ(quote_pg_identifier("Orders"), "\"Orders\"");
  EXPECT_EQ(quote_pg_identifier("2024orders"), "\"2024orders\"");
  EXPECT_EQ(quote_pg_identifier("order details"), "\"order details\"");
  EXPECT_EQ(quote_pg_identifier("Order Details"), "\"Order Details\"");
  EXPECT_EQ(quote_pg_identifier("a\"b"), "\"a\"\"b\"");
  EXPECT_EQ(quote_pg_identifier("\""), "\"\"\"\"");
  EXPECT_EQ(quote_pg_identifier("a]b"), "\"a]b\"");
  EXPECT_EQ(quote_pg_identifier("x.y"), "\"x.y\"");
  EXPECT_EQ(quote_pg_identifier("a$b"), "\"a$b\"");
  EXPECT_EQ(quote_pg_identifier("zoë"), "\"zoë\"");
  EXPECT_EQ(quote_pg_identifier("😀"), "\"😀\"");
  EXPECT_EQ(quote_pg_identifier("it's"), "\"it's\"");
}

TEST(QuotePg, KeywordsAreQuotedUnreservedAreNot) {
  // One of each class of PostgreSQL 15's Appendix C that quote_identifier quotes:
  // reserved, reserved (can be function or type), non-reserved (cannot be function or type).
  for (const char *word : {"select", "user", "table", "order", "from", "all", "analyse", "with",
                           "window", "authorization", "verbose", "like", "is", "between", "varchar",
                           "xmltable", "values", "time", "none"})
    EXPECT_EQ(quote_pg_identifier(word), std::string("\"") + word + "\"") << word;
  for (const char *word : {"name", "key", "data", "value", "year", "text", "comment", "merge",
                           "action", "zone", "xmlz", "selects", "users"})
    EXPECT_EQ(quote_pg_identifier(word), word) << word;
  EXPECT_EQ(quote_pg_identifier("Select"), "\"Select\""); // upper case: quoted anyway
}

TEST(QuotePg, RefusesWhatPostgresWouldMangle) {
  EXPECT_EQ(quote_pg_identifier(std::string(63, 'a')), std::string(63, 'a'));
  EXPECT_EQ(error_of([] { quote_pg_identifier(std::string(64, 'a'), "table name"); }),
            "42622: table name \"" + std::string(64, 'a') +
                "\" is too long (64 bytes; PostgreSQL allows 63)");
  EXPECT_EQ(error_of([] { quote_pg_identifier("", "column name"); }),
            "42602: column name must not be empty");
  EXPECT_EQ(error_of([] { quote_pg_identifier(std::string("a\0b", 3)); }),
            "22023: identifier must not contain a NUL character");
}

TEST(QuoteTsql, AlwaysBracketsAndDoublesClosingBracket) {
  EXPECT_EQ(quote_tsql_identifier("Orders"), "[Orders]");
  EXPECT_EQ(quote_tsql_identifier("Order Details"), "[Order Details]");
  EXPECT_EQ(quote_tsql_identifier("a]b"), "[a]]b]");
  EXPECT_EQ(quote_tsql_identifier("a[b"), "[a[b]");
  EXPECT_EQ(quote_tsql_identifier("]]"), "[]]]]]");
  EXPECT_EQ(quote_tsql_identifier("a\"b"), "[a\"b]");
  EXPECT_EQ(quote_tsql_identifier("x.y"), "[x.y]");
  EXPECT_EQ(quote_tsql_identifier("select"), "[select]");
  EXPECT_EQ(quote_tsql_identifier("#stg_t_w0"), "[#stg_t_w0]");
  EXPECT_EQ(quote_tsql_identifier("Zoë 😀"), "[Zoë 😀]");
}

TEST(QuoteTsql, RefusesBadNames) {
  EXPECT_NO_THROW(quote_tsql_identifier(std::string(128, 'x')));
  EXPECT_EQ(error_of([] { quote_tsql_identifier(std::string(129, 'x'), "remote column name"); }),
            "42622: remote column name \"" + std::string(129, 'x') +
                "\" is too long (129 characters; SQL Server allows 128)");
  EXPECT_EQ(error_of([] { quote_tsql_identifier(""); }), "42602: identifier must not be empty");
  EXPECT_THROW(quote_tsql_identifier(std::string("x\0", 2)), Error);
}

TEST(QuoteStrings, DoubleSingleQuotesAndRefuseNul) {
  EXPECT_EQ(quote_tsql_string("O'Brien"), "N'O''Brien'");
  EXPECT_EQ(quote_tsql_string("''"), "N''''''");
  EXPECT_EQ(quote_tsql_string(""), "N''");
  EXPECT_EQ(quote_tsql_string("[dbo].[a]]b]"), "N'[dbo].[a]]b]'");
  EXPECT_EQ(quote_tsql_string("😀"), "N'😀'");
  EXPECT_EQ(quote_pg_string("it's"), "'it''s'");
  EXPECT_EQ(error_of([] { quote_tsql_string(std::string("a\0' OR 1=1", 10)); }),
            "22023: a T-SQL string literal must not contain a NUL character");
  EXPECT_THROW(quote_pg_string(std::string("\0", 1)), Error);
}

namespace {

// Reads the PostgreSQL string literal at the start of sql as the server's lexer
// does: '' doubling, and backslash escapes in E'...' and, when
// standard_conforming_strings is off, in '...' too. Returns the value and where
// the token ends. (An escape reads as the character after the backslash: \n,
// octal, hex and Unicode escapes are not modelled, as the quoting doubles every
// backslash it emits, so none can arise from it.)
std::pair<std::string, std::size_t> read_pg_literal(const std::string &sql,
                                                    bool standard_conforming) {
  std::size_t i = 0;
  bool escapes = !standard_conforming;
  if (i < sql.size() && (sql[i] == 'E' || sql[i] == 'e')) {
    escapes = true;
    ++i;
  }
  if (i >= sql.size() || sql[i] != '\'')
    return {"<not a literal>", 0};
  std::string value;
  for (++i; i < sql.size(); ++i) {
    const char c = sql[i];
    if (escapes && c == '\\' && i + 1 < sql.size()) {
      value += sql[++i];
    } else if (c == '\'' && i + 1 < sql.size() && sql[i + 1] == '\'') {
      value += '\'';
      ++i;
    } else if (c == '\'') {
      return {value, i + 1};
    } else {
      value += c;
    }
  }
  return {"<unterminated>", sql.size()};
}

} // namespace

TEST(QuoteStrings, PgLiteralReadsBackUnderEitherStandardConformingStrings) {
  const std::string nasty[] = {"",
                               "plain",
                               "it's",
                               "back\\slash",
                               "\\",
                               "\\'",
                               "'\\",
                               "\\''::text; DELETE FROM t; --",
                               "\\'::text; DELETE FROM t; SELECT $$t$$::regclass::text; --",
                               "pg_temp.\"_stg_o\\'k_w0\"",
                               "tab\\there \\n \\x41 \\101 \\u0041",
                               "line\nbreak",
                               "Zoë 😀"};
  for (const std::string &value : nasty) {
    const std::string quoted = quote_pg_string(value);
    for (bool standard_conforming : {true, false}) {
      auto [read, end] = read_pg_literal(quoted, standard_conforming);
      EXPECT_EQ(read, value) << quoted << " with standard_conforming_strings "
                             << standard_conforming;
      EXPECT_EQ(end, quoted.size()) << quoted << " must be one token";
    }
  }
  EXPECT_EQ(quote_pg_string("it's"), "'it''s'"); // no backslash: the plain form
  EXPECT_EQ(quote_pg_string("a\\'b"), "E'a\\\\''b'");
}

TEST(IdentifierLimits, PostgresCountsBytes) {
  EXPECT_NO_THROW(check_pg_identifier(std::string(63, 'a'), "table name"));
  EXPECT_NO_THROW(check_pg_identifier(repeated("ö", 31) + "a", "table name")); // 63 bytes
  EXPECT_EQ(error_of([] { check_pg_identifier(repeated("ö", 32), "table name"); }).substr(0, 6),
            "42622:"); // 32 characters, 64 bytes
  EXPECT_THROW(check_pg_identifier(repeated("😀", 16), "table name"), Error); // 64 bytes
  EXPECT_THROW(check_pg_identifier("", "table name"), Error);
  EXPECT_THROW(check_pg_identifier(std::string("a\0b", 3), "table name"), Error);
}

TEST(IdentifierLimits, TsqlCountsUtf16Units) {
  EXPECT_NO_THROW(check_tsql_identifier(repeated("€", 128), "remote table name"));
  EXPECT_NO_THROW(check_tsql_identifier(repeated("😀", 64), "remote table name")); // 128 units
  EXPECT_EQ(error_of([] {
              check_tsql_identifier(repeated("😀", 65), "remote table name");
            }).find("(130 characters; SQL Server allows 128)") != std::string::npos,
            true);
}

TEST(Utf16Length, CountsSurrogatePairsAndInvalidBytes) {
  EXPECT_EQ(utf16_length(""), 0u);
  EXPECT_EQ(utf16_length("abc"), 3u);
  EXPECT_EQ(utf16_length("a€😀"), 4u);
  EXPECT_EQ(utf16_length("\xC3"), 1u); // truncated sequence: one unit per byte
  EXPECT_EQ(utf16_length("\xE2\x82"
                         "a"),
            3u); // bad continuation: the "a" still counts
  EXPECT_EQ(utf16_length("\xFF\xFE"), 2u);
}
