#include "common/error.hpp"
#include "sqlgen/identifier_quoting.hpp"
#include "sqlgen/sha256.hpp"
#include "sqlgen/staging_name.hpp"

#include <gtest/gtest.h>

#include <climits>
#include <set>
#include <vector>

using mssql_upsert::Error;
using namespace mssql_upsert::sqlgen;

TEST(Sha256, FipsVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(PgStagingName, ReadableForm) {
  EXPECT_EQ(pg_staging_table_name("public", "orders", 0), "_stg_public_orders_w0");
  EXPECT_EQ(pg_staging_table_name("public", "orders", 3, 7), "_stg_public_orders_p7_w3");
  EXPECT_EQ(pg_staging_table_name("Sales", "Order Details", 1), "_stg_Sales_Order Details_w1");
}

TEST(PgStagingName, HashFallbackWhenLongOrAmbiguous) {
  std::string long_table(60, 't');
  std::string name = pg_staging_table_name("public", long_table, INT_MAX, INT_MAX);
  EXPECT_LE(name.size(), 63u);
  EXPECT_EQ(name.substr(0, 5), "_stg_");
  EXPECT_EQ(name.substr(name.size() - 24), "_p2147483647_w2147483647");
  EXPECT_EQ(name, pg_staging_table_name("public", long_table, INT_MAX, INT_MAX)); // deterministic
  // schemas with "_" and tables ending like a partition suffix are hashed
  EXPECT_NE(pg_staging_table_name("a_b", "c", 0), pg_staging_table_name("a", "b_c", 0));
  EXPECT_NE(pg_staging_table_name("s", "t_p1", 0), pg_staging_table_name("s", "t", 0, 1));
  EXPECT_EQ(pg_staging_table_name("s", "t_p1", 0).size(), 5u + 16u + 3u);
}

TEST(PgStagingName, NeverCutsMultibyteCharactersAndStaysWithinLimit) {
  std::string umlauts;
  for (int i = 0; i < 40; ++i)
    umlauts += "ö";
  std::string name = pg_staging_table_name("public", umlauts, 0);
  EXPECT_LE(name.size(), 63u);
  EXPECT_NO_THROW(check_pg_identifier(name, "staging"));
  EXPECT_EQ(pg_staging_table_name("public", "😀", 0), "_stg_public_😀_w0");
}

TEST(PgStagingName, DistinctForLookAlikeInputs) {
  std::set<std::string> names;
  int inputs = 0;
  for (std::string schema : {"public", "Public", "a", "a_b", "sales", "0123456789abcdef"})
    for (std::string table : std::vector<std::string>{"orders", "Orders", "b_c", "c", "orders_p1",
                                                      "orders_w1", "ö", "o", std::string(58, 'x'),
                                                      std::string(59, 'x'), "0123456789abcdef"})
      for (int writer : {0, 1, 10})
        for (std::optional<int> partition : {std::optional<int>(), std::optional<int>(1), std::optional<int>(11)}) {
          names.insert(pg_staging_table_name(schema, table, writer, partition));
          ++inputs;
        }
  EXPECT_EQ(names.size(), static_cast<std::size_t>(inputs));
}

TEST(TsqlStagingName, ReadableFormForDboOnly) {
  EXPECT_EQ(tsql_staging_table_name("dbo", "Orders", 0), "#stg_Orders_w0");
  EXPECT_EQ(tsql_staging_table_name("DBO", "Order Details", 2, 5), "#stg_Order Details_p5_w2");
  std::string other = tsql_staging_table_name("sales", "Orders", 0);
  EXPECT_EQ(other.size(), 5u + 16u + 3u);
  EXPECT_NE(other, tsql_staging_table_name("dbo", "Orders", 0));
  EXPECT_NE(other, tsql_staging_table_name("sales2", "Orders", 0));
}

TEST(TsqlStagingName, CountsUtf16UnitsAgainst116) {
  std::string emoji; // 56 emoji = 112 units: "#stg_" + 112 + "_w0" = 120 > 116
  for (int i = 0; i < 56; ++i)
    emoji += "😀";
  std::string name = tsql_staging_table_name("dbo", emoji, 0);
  EXPECT_LE(utf16_length(name), 116u);
  EXPECT_EQ(name.size(), 5u + 16u + 3u);
  std::string fits(108, 'x'); // 5 + 108 + 3 = 116
  EXPECT_EQ(tsql_staging_table_name("dbo", fits, 0), "#stg_" + fits + "_w0");
  EXPECT_NE(tsql_staging_table_name("dbo", fits + "x", 0), "#stg_" + fits + "x_w0");
}

TEST(StagingName, NegativeIdsRejected) {
  EXPECT_THROW(pg_staging_table_name("public", "t", -1), Error);
  EXPECT_THROW(pg_staging_table_name("public", "t", 0, -2), Error);
  EXPECT_THROW(tsql_staging_table_name("dbo", "t", -1), Error);
}
