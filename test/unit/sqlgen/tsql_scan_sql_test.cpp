#include "sqlgen/tsql_predicate.hpp"
#include "sqlgen/tsql_scan_sql.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

using namespace mssql_upsert::sqlgen;
using sqlgen_test::error_of;

TEST(TsqlScanSql, TableWithColumnsConditionsAndTop) {
  ScanSql scan;
  scan.source.table = QualifiedName{"Sales", "Order Details"};
  scan.columns = {"Id", "Note]x"};
  scan.where = {"[Id] > 1", "([Id] < 5) OR ([Id] = 9)"};
  scan.top = 10;
  EXPECT_EQ(build_tsql_scan_sql(scan),
            "SELECT TOP (10) [Id], [Note]]x] FROM [Sales].[Order Details] WHERE ([Id] > 1) AND "
            "(([Id] < 5) OR ([Id] = 9))");
}

TEST(TsqlScanSql, NoColumnsCountsRows) {
  ScanSql scan;
  scan.source.table = QualifiedName{"dbo", "t"};
  EXPECT_EQ(build_tsql_scan_sql(scan), "SELECT 1 AS [one] FROM [dbo].[t]");
}

TEST(TsqlScanSql, CountsRowsForEstimates) {
  ScanSql scan;
  scan.source.table = QualifiedName{"dbo", "t"};
  scan.columns = {"a"};
  scan.where = {"[a] > 1"};
  scan.count_rows = true;
  EXPECT_EQ(build_tsql_scan_sql(scan), "SELECT COUNT_BIG(*) FROM [dbo].[t] WHERE ([a] > 1)");
}

TEST(TsqlScanSql, QueryBecomesADerivedTable) {
  ScanSql scan;
  scan.source.query = "SELECT a, b FROM t -- note";
  scan.columns = {"a"};
  scan.where = {"[a] = 1"};
  EXPECT_EQ(build_tsql_scan_sql(scan),
            "SELECT [a] FROM (SELECT a, b FROM t -- note\n) AS [q] WHERE ([a] = 1)");
}

TEST(TsqlScanSql, QueryMustStayInsideItsDerivedTable) {
  auto error = [](const std::string &query) {
    return error_of([&] { check_tsql_derived_query(query); });
  };
  // The payload: leave the derived table, delete, open another one.
  const std::string payload =
      "SELECT 1 AS id) AS x; DELETE FROM dbo.Victim; SELECT * FROM (SELECT 1 AS id";
  EXPECT_EQ(error(payload),
            "42601: invalid option \"query\": \")\" without a matching \"(\" at offset 15");
  try {
    check_tsql_derived_query(payload);
  } catch (const mssql_upsert::Error &e) {
    EXPECT_EQ(e.hint(),
              "The query option must be one T-SQL SELECT that stays inside the derived table it "
              "becomes, such as SELECT Id AS id FROM dbo.Orders WHERE Status = 'open'.");
  }
  EXPECT_EQ(error("DELETE FROM dbo.Victim"),
            "42601: invalid option \"query\": it must start with SELECT");
  EXPECT_EQ(error(" /* x */ SELECT 1 AS a"),
            "42601: invalid option \"query\": it must start with SELECT");
  EXPECT_EQ(error("SELECTa FROM t"), "42601: invalid option \"query\": it must start with SELECT");
  EXPECT_EQ(error(""), "42601: invalid option \"query\": it must start with SELECT");
  EXPECT_EQ(error("SELECT 1 AS a; DELETE FROM t"),
            "42601: invalid option \"query\": \";\" outside a string at offset 14");
  EXPECT_EQ(error("SELECT a FROM t WHERE b = ')"),
            "42601: invalid option \"query\": unterminated string literal at offset 27");
  EXPECT_EQ(error("SELECT a FROM t /* ) AS x; DELETE FROM t"),
            "42601: invalid option \"query\": unterminated /* comment at offset 17");
  EXPECT_EQ(error("SELECT a FROM [t)] AS [x"),
            "42601: invalid option \"query\": unterminated [name] at offset 23");
  EXPECT_EQ(error("SELECT (a FROM t"),
            "42601: invalid option \"query\": \"(\" without a matching \")\" at offset 16");
  // What stays inside: literals, names and comments holding ) and ;, nested parentheses.
  EXPECT_EQ(error("SELECT a FROM t WHERE b = ');' -- ) AS x; DELETE"), "no error");
  EXPECT_EQ(error("\n  select [a)], \"b;\" FROM (SELECT 1 AS [a)], 2 AS \"b;\") AS s /* ; ) */"),
            "no error");
  EXPECT_EQ(error("SELECT*FROM t"), "no error");
  // A scan checks it too, whatever the catalog holds.
  ScanSql scan;
  scan.source.query = payload;
  EXPECT_EQ(error_of([&] { build_tsql_scan_sql(scan); }),
            "42601: invalid option \"query\": \")\" without a matching \"(\" at offset 15");
}

TEST(TsqlScanSql, RefusesEmptySourcesAndBadNames) {
  ScanSql scan;
  EXPECT_EQ(error_of([&] { build_tsql_scan_sql(scan); }),
            "22023: a foreign table needs a remote table or a query");
  scan.source.table = QualifiedName{"dbo", "t"};
  scan.columns = {""};
  EXPECT_EQ(error_of([&] { build_tsql_scan_sql(scan); }).substr(0, 6), "42602:");
}
