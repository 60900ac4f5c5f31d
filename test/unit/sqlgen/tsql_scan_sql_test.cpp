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

TEST(TsqlScanSql, RefusesEmptySourcesAndBadNames) {
  ScanSql scan;
  EXPECT_EQ(error_of([&] { build_tsql_scan_sql(scan); }),
            "22023: a foreign table needs a remote table or a query");
  scan.source.table = QualifiedName{"dbo", "t"};
  scan.columns = {""};
  EXPECT_EQ(error_of([&] { build_tsql_scan_sql(scan); }).substr(0, 6), "42602:");
}
