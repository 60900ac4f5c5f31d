#include "sqlgen/tsql_compare_deletes_sql.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

using namespace mssql_upsert::sqlgen;

namespace {

TsqlCompareDeletesSpec spec() {
  TsqlCompareDeletesSpec s;
  s.target = {"Sales", "Order]Lines"};
  s.keys_table = "#key_Order]Lines_w0";
  s.key_columns = {"Order Id", "Line"};
  return s;
}

} // namespace

TEST(TsqlCompareDeletes, KeyTableNameFollowsTheStagingTable) {
  EXPECT_EQ(tsql_compare_keys_table_name("#stg_Orders_w3_p2"), "#key_Orders_w3_p2");
  EXPECT_EQ(sqlgen_test::error_of([] { tsql_compare_keys_table_name("Orders"); }),
            "XX000: unexpected staging table name \"Orders\"");
}

TEST(TsqlCompareDeletes, CountsTheScopeAndTheAbsentKeysNullSafely) {
  EXPECT_EQ(build_tsql_absent_keys_count_sql(spec()),
            "SELECT COUNT_BIG(*), COUNT_BIG(a.absent) FROM (SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM "
            "[#key_Order]]Lines_w0] AS k WHERE (k.[Order Id] = t.[Order Id] OR (k.[Order Id] IS NULL AND "
            "t.[Order Id] IS NULL)) AND (k.[Line] = t.[Line] OR (k.[Line] IS NULL AND t.[Line] IS NULL))) "
            "THEN 1 END AS absent FROM [Sales].[Order]]Lines] AS t) AS a");
}

TEST(TsqlCompareDeletes, DeletesOnlyWithinTheRemoteFilter) {
  TsqlCompareDeletesSpec s = spec();
  s.key_columns = {"Id"};
  s.remote_filter = "[Region] = N'EU'";
  EXPECT_EQ(build_tsql_delete_absent_keys_sql(s),
            "DELETE FROM [Sales].[Order]]Lines] WHERE ([Region] = N'EU') AND NOT EXISTS (SELECT 1 FROM "
            "[#key_Order]]Lines_w0] AS k WHERE (k.[Id] = [Order]]Lines].[Id] OR (k.[Id] IS NULL AND "
            "[Order]]Lines].[Id] IS NULL)))");
  EXPECT_NE(build_tsql_absent_keys_count_sql(s).find(" AS t WHERE ([Region] = N'EU')) AS a"), std::string::npos);
  s.key_columns.clear();
  EXPECT_EQ(sqlgen_test::error_of([&] { build_tsql_delete_absent_keys_sql(s); }),
            "XX000: a compare of keys needs at least one key column");
}
