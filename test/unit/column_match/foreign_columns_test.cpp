#include "common/error.hpp"
#include "column_match/foreign_columns.hpp"
#include "column_match/pull_columns.hpp"
#include "column_match/push_columns.hpp"

#include <gtest/gtest.h>

using namespace mssql_upsert::sync;

namespace {
const std::vector<RemoteColumnInfo> kRemote = {{"OrderId", "int", true},
                                               {"Status", "nvarchar(20)", true},
                                               {"Shape", "geography", false},
                                               {"status", "varchar(5)", true},
                                               {"Total", "decimal(12,2)", true}};
}

TEST(ForeignColumns, KeepsDeclaredColumnsInRemoteOrderUnderForeignNames) {
  std::vector<RemoteColumnInfo> renamed;
  std::vector<std::size_t> indexes = map_foreign_columns(
      "public.orders", "[dbo].[Orders]", kRemote,
      {{"total", "TOTAL"}, {"id", "OrderId"}, {"state", "Status"}, {"lower", "status"}}, renamed);
  EXPECT_EQ(indexes, (std::vector<std::size_t>{0, 1, 3, 4}));
  ASSERT_EQ(renamed.size(), 4u);
  EXPECT_EQ(renamed[0].name, "id");
  EXPECT_EQ(renamed[1].name, "state"); // exact spelling wins over the case-insensitive twin
  EXPECT_EQ(renamed[1].type_name, "nvarchar(20)");
  EXPECT_EQ(renamed[2].name, "lower");
  EXPECT_EQ(renamed[2].type_name, "varchar(5)");
  EXPECT_EQ(renamed[3].name, "total");
}

TEST(ForeignColumns, NamesAMissingRemoteColumn) {
  std::vector<RemoteColumnInfo> renamed;
  try {
    map_foreign_columns("public.orders", "[dbo].[Orders]", kRemote, {{"x", "Nope"}}, renamed);
    FAIL() << "no error";
  } catch (const mssql_upsert::Error &e) {
    EXPECT_STREQ(e.what(), "column \"x\" of foreign table public.orders names remote column "
                           "\"Nope\", which [dbo].[Orders] does not have");
    EXPECT_EQ(e.sqlstate(), "42703");
  }
}

TEST(ForeignColumns, PushColumnsKeepEverythingButTheirName) {
  std::vector<PushRemoteColumn> remote(2);
  remote[0].name = "OrderId";
  remote[0].type_name = "int";
  remote[0].is_identity = true;
  remote[1].name = "Stamp";
  remote[1].is_rowversion = true;
  std::vector<PushRemoteColumn> renamed;
  std::vector<std::size_t> indexes =
      map_foreign_columns("public.orders", "[dbo].[Orders]", remote, {{"id", "orderid"}}, renamed);
  EXPECT_EQ(indexes, (std::vector<std::size_t>{0}));
  ASSERT_EQ(renamed.size(), 1u);
  EXPECT_EQ(renamed[0].name, "id");
  EXPECT_EQ(renamed[0].type_name, "int");
  EXPECT_TRUE(renamed[0].is_identity);
}
