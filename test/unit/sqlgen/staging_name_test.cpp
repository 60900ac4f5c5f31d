#include "sqlgen/identifier_quoting.hpp"
#include "sqlgen/staging_name.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <climits>
#include <set>
#include <vector>

using mssql_upsert::Error;
using namespace mssql_upsert::sqlgen;
using sqlgen_test::error_of;
using sqlgen_test::repeated;

namespace {
bool is_hex16(const std::string &s) {
  return s.size() == 16 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}
} // namespace

TEST(PgStagingName, ReadableForm) {
  EXPECT_EQ(pg_staging_table_name("public", "orders", 0), "_stg_public_orders_w0");
  EXPECT_EQ(pg_staging_table_name("public", "orders", 3, 7), "_stg_public_orders_p7_w3");
  EXPECT_EQ(pg_staging_table_name("public", "orders", 0, 0), "_stg_public_orders_p0_w0");
  EXPECT_EQ(pg_staging_table_name("Sales", "Order Details", 1), "_stg_Sales_Order Details_w1");
  EXPECT_EQ(pg_staging_table_name("public", "a\"b", 0), "_stg_public_a\"b_w0");
  EXPECT_EQ(pg_staging_table_name("public", "select", 0), "_stg_public_select_w0");
  EXPECT_EQ(pg_staging_table_name("public", "x.y", 0), "_stg_public_x.y_w0");
  EXPECT_EQ(pg_staging_table_name("public", "😀", 0), "_stg_public_😀_w0");
  // 5 + 6 + 1 + 48 + 3 = 63 bytes: still readable
  EXPECT_EQ(pg_staging_table_name("public", std::string(48, 't'), 0),
            "_stg_public_" + std::string(48, 't') + "_w0");
}

TEST(PgStagingName, HashFallbackWhenTooLong) {
  const std::string table49(49, 't'); // one byte over
  const std::string name = pg_staging_table_name("public", table49, 0);
  EXPECT_EQ(name.substr(0, 5), "_stg_");
  EXPECT_TRUE(is_hex16(name.substr(5, 16))) << name;
  EXPECT_EQ(name.substr(21), "_w0");
  EXPECT_EQ(name, pg_staging_table_name("public", table49, 0)); // deterministic
  // the hash covers the full, untruncated identity
  EXPECT_NE(name, pg_staging_table_name("public", std::string(50, 't'), 0));
  EXPECT_NE(name, pg_staging_table_name("other", table49, 0));

  const std::string max_ids =
      pg_staging_table_name("public", std::string(63, 't'), INT_MAX, INT_MAX);
  EXPECT_EQ(max_ids.size(), 5u + 16u + 24u);
  EXPECT_EQ(max_ids.substr(21), "_p2147483647_w2147483647");
  EXPECT_NO_THROW(quote_pg_identifier(max_ids));
}

TEST(PgStagingName, HashFallbackWhenAmbiguous) {
  // schema "a_b" + table "c" would read like schema "a" + table "b_c"
  const std::string ab_c = pg_staging_table_name("a_b", "c", 0);
  EXPECT_NE(ab_c, pg_staging_table_name("a", "b_c", 0));
  EXPECT_EQ(pg_staging_table_name("a", "b_c", 0), "_stg_a_b_c_w0");
  EXPECT_TRUE(is_hex16(ab_c.substr(5, 16))) << ab_c;
  // a table ending like a partition suffix
  EXPECT_NE(pg_staging_table_name("s", "t_p1", 0), pg_staging_table_name("s", "t", 0, 1));
  EXPECT_TRUE(is_hex16(pg_staging_table_name("s", "t_p1", 0).substr(5, 16)));
  EXPECT_EQ(pg_staging_table_name("s", "t_px", 0), "_stg_s_t_px_w0");
  EXPECT_EQ(pg_staging_table_name("s", "t_p", 0), "_stg_s_t_p_w0");
  // a schema that looks like a hash
  EXPECT_NE(pg_staging_table_name("0123456789abcdef", "p1", 0), "_stg_0123456789abcdef_p1_w0");
}

TEST(PgStagingName, MultibyteNamesStayWithinBytesAndWhole) {
  // 24 two-byte characters: 5 + 6 + 1 + 48 + 3 = 63 bytes, readable
  EXPECT_EQ(pg_staging_table_name("public", repeated("ö", 24), 0),
            "_stg_public_" + repeated("ö", 24) + "_w0");
  // 12 emoji = 48 bytes (but only 12 characters): readable; 13 are hashed
  EXPECT_EQ(pg_staging_table_name("public", repeated("😀", 12), 0),
            "_stg_public_" + repeated("😀", 12) + "_w0");
  const std::string hashed = pg_staging_table_name("public", repeated("😀", 13), 0);
  EXPECT_EQ(hashed.size(), 24u);
  EXPECT_TRUE(is_hex16(hashed.substr(5, 16)));
  // Either the whole readable name or the hash: never a name cut inside a character.
  for (int n = 1; n <= 31; ++n) {
    const std::string readable = "_stg_public_" + repeated("ö", n) + "_p9_w5";
    const std::string name = pg_staging_table_name("public", repeated("ö", n), 5, 9);
    if (n <= 22) {
      EXPECT_EQ(name, readable) << n;
    } else {
      EXPECT_TRUE(is_hex16(name.substr(5, 16))) << n;
      EXPECT_EQ(name.substr(21), "_p9_w5") << n;
    }
  }
}

TEST(PgStagingName, DistinctForLookAlikeInputs) {
  std::set<std::string> names;
  int inputs = 0;
  const std::vector<std::string> schemas = {"public", "Public",           "a", "a_b", "sales",
                                            "a_",     "0123456789abcdef", "ö", "o"};
  const std::vector<std::string> tables = {"orders",
                                           "Orders",
                                           "b_c",
                                           "c",
                                           "_c",
                                           "orders_p1",
                                           "orders_w1",
                                           "orders_p1_w2",
                                           "ö",
                                           "o",
                                           std::string(48, 'x'),
                                           std::string(49, 'x'),
                                           std::string(63, 'x'),
                                           "0123456789abcdef",
                                           "p1",
                                           "x_p",
                                           "😀",
                                           "b",
                                           "b_"};
  for (const std::string &schema : schemas)
    for (const std::string &table : tables)
      for (int writer : {0, 1, 10, 12, INT_MAX})
        for (std::optional<int> partition :
             {std::optional<int>(), std::optional<int>(0), std::optional<int>(1),
              std::optional<int>(12), std::optional<int>(INT_MAX)}) {
          const std::string name = pg_staging_table_name(schema, table, writer, partition);
          EXPECT_LE(name.size(), 63u) << name;
          names.insert(name);
          ++inputs;
        }
  EXPECT_EQ(names.size(), static_cast<std::size_t>(inputs));
}

TEST(TsqlStagingName, ReadableFormForDboOnly) {
  EXPECT_EQ(tsql_staging_table_name("dbo", "Orders", 0), "#stg_Orders_w0");
  EXPECT_EQ(tsql_staging_table_name("dbo", "Order Details", 2, 5), "#stg_Order Details_p5_w2");
  EXPECT_TRUE(is_hex16(tsql_staging_table_name("DBO", "Orders", 0).substr(5, 16)));
  EXPECT_EQ(tsql_staging_table_name("dbo", "a]b", 0), "#stg_a]b_w0");
  EXPECT_EQ(quote_tsql_identifier(tsql_staging_table_name("dbo", "a]b", 0)), "[#stg_a]]b_w0]");
  const std::string other = tsql_staging_table_name("sales", "Orders", 0);
  EXPECT_EQ(other.substr(0, 5), "#stg_");
  EXPECT_TRUE(is_hex16(other.substr(5, 16))) << other;
  EXPECT_EQ(other.substr(21), "_w0");
  EXPECT_NE(other, tsql_staging_table_name("sales2", "Orders", 0));
  EXPECT_NE(tsql_staging_table_name("dbo", "t_p1", 0), tsql_staging_table_name("dbo", "t", 0, 1));
  EXPECT_NE(tsql_staging_table_name("dbo", "0123456789abcdef", 0), "#stg_0123456789abcdef_w0");
  // the PostgreSQL and T-SQL hashes differ for the same input
  EXPECT_NE(tsql_staging_table_name("sales", "Orders", 0).substr(5, 16),
            pg_staging_table_name("sales", "Orders", 0).substr(5, 16));
}

TEST(TsqlStagingName, CountsUtf16UnitsAgainst116) {
  const std::string fits(108, 'x'); // 5 + 108 + 3 = 116
  EXPECT_EQ(tsql_staging_table_name("dbo", fits, 0), "#stg_" + fits + "_w0");
  EXPECT_EQ(tsql_staging_table_name("dbo", fits + "x", 0).size(), 24u);
  // 54 emoji = 108 units: readable; 55 are not, though only 55 characters
  EXPECT_EQ(tsql_staging_table_name("dbo", repeated("😀", 54), 0),
            "#stg_" + repeated("😀", 54) + "_w0");
  const std::string hashed = tsql_staging_table_name("dbo", repeated("😀", 55), 0);
  EXPECT_EQ(hashed.size(), 24u);
  EXPECT_LE(utf16_length(hashed), 116u);
  // 108 three-byte characters are 108 units: readable although 324 bytes
  EXPECT_EQ(tsql_staging_table_name("dbo", repeated("€", 108), 0),
            "#stg_" + repeated("€", 108) + "_w0");
  const std::string max_ids =
      tsql_staging_table_name("dbo", std::string(128, 'x'), INT_MAX, INT_MAX);
  EXPECT_EQ(max_ids.substr(21), "_p2147483647_w2147483647");
}

TEST(TsqlStagingName, DistinctForLookAlikeInputs) {
  std::set<std::string> names;
  int inputs = 0;
  for (const std::string schema : {"dbo", "DBO", "sales", "dbo_x", "d"})
    for (const std::string &table : std::vector<std::string>{
             "Orders", "orders_p1", "Orders_w1", "0123456789abcdef", "p1", "😀", "x_p1_w2",
             std::string(108, 'x'), std::string(109, 'x'), std::string(128, 'x')})
      for (int writer : {0, 1, 11, INT_MAX})
        for (std::optional<int> partition :
             {std::optional<int>(), std::optional<int>(1), std::optional<int>(INT_MAX)}) {
          const std::string name = tsql_staging_table_name(schema, table, writer, partition);
          EXPECT_LE(utf16_length(name), 116u) << name;
          names.insert(name);
          ++inputs;
        }
  EXPECT_EQ(names.size(), static_cast<std::size_t>(inputs));
}

TEST(StagingName, BadInputsRejected) {
  EXPECT_EQ(error_of([] { pg_staging_table_name("public", "t", -1); }),
            "22023: writer_id must not be negative, not -1");
  EXPECT_EQ(error_of([] { pg_staging_table_name("public", "t", 0, -2); }),
            "22023: partition_id must not be negative, not -2");
  EXPECT_THROW(pg_staging_table_name("public", "t", INT_MIN), Error);
  EXPECT_THROW(tsql_staging_table_name("dbo", "t", -1), Error);
  EXPECT_THROW(tsql_staging_table_name("dbo", "t", 0, -1), Error);
  EXPECT_EQ(error_of([] { pg_staging_table_name("public", "", 0); }),
            "42602: table name must not be empty");
  EXPECT_EQ(error_of([] { pg_staging_table_name("public", std::string(64, 'x'), 0); }).substr(0, 6),
            "42622:");
  EXPECT_EQ(error_of([] { tsql_staging_table_name("dbo", std::string(129, 'x'), 0); }).substr(0, 6),
            "42622:");
  EXPECT_THROW(tsql_staging_table_name("dbo", std::string("a\0", 2), 0), Error);
}
