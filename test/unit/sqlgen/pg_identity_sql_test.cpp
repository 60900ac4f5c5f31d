#include "sqlgen/pg_identity_sql.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace mssql_upsert::sqlgen {
namespace {

TEST(IdentityRestartValue, FreshSequenceBelowThePulledValues) {
  // IDENTITY(10, 5) never used, rows up to 40: the next value must be 45.
  EXPECT_EQ(identity_restart_value(5, 10, std::nullopt, 40), std::optional<int64_t>(40));
  // The start itself was pulled: nextval would return it again.
  EXPECT_EQ(identity_restart_value(1, 7, std::nullopt, 7), std::optional<int64_t>(7));
}

TEST(IdentityRestartValue, SequenceAlreadyPastTheDataIsLeftAlone) {
  EXPECT_EQ(identity_restart_value(1, 1, std::nullopt, 0), std::nullopt); // next 1 > 0
  EXPECT_EQ(identity_restart_value(1, 1, 50, 50), std::nullopt);          // next 51
  EXPECT_EQ(identity_restart_value(1, 1, 50, 30), std::nullopt);          // never backwards
  EXPECT_EQ(identity_restart_value(1, 1, 50, 51), std::optional<int64_t>(51));
}

TEST(IdentityRestartValue, EmptyColumnChangesNothing) {
  EXPECT_EQ(identity_restart_value(1, 1, std::nullopt, std::nullopt), std::nullopt);
  EXPECT_EQ(identity_restart_value(1, 1, 5, std::nullopt), std::nullopt);
}

TEST(IdentityRestartValue, DescendingSequenceUsesTheSmallestValue) {
  // IDENTITY(-1, -1): rows down to -20 mean the next value must be -21.
  EXPECT_EQ(identity_restart_value(-1, -1, std::nullopt, -20), std::optional<int64_t>(-20));
  EXPECT_EQ(identity_restart_value(-1, -1, -30, -20), std::nullopt);
  EXPECT_EQ(identity_restart_value(-1, -1, std::nullopt, 5), std::nullopt);
}

TEST(IdentityRestartValue, NoOverflowAtTheEndOfTheRange) {
  const int64_t top = std::numeric_limits<int64_t>::max();
  EXPECT_EQ(identity_restart_value(1, 1, top, top), std::nullopt);
  EXPECT_EQ(identity_restart_value(1, 1, top - 1, top), std::optional<int64_t>(top));
}

TEST(PgIdentitySql, ExtremeQueryQuotesEveryName) {
  EXPECT_EQ(build_pg_column_extreme_sql("Shop Copy", "Order\"Lines", "Id", true),
            "SELECT max(\"Id\")::pg_catalog.int8::pg_catalog.text FROM \"Shop Copy\".\"Order\"\"Lines\"");
  EXPECT_EQ(build_pg_column_extreme_sql("s", "t", "seq", false),
            "SELECT min(seq)::pg_catalog.int8::pg_catalog.text FROM s.t");
}

TEST(PgIdentitySql, SequencesQueryTakesOnlyParameters) {
  const std::string sql = build_pg_identity_sequences_sql();
  EXPECT_NE(sql.find("$1::pg_catalog.oid"), std::string::npos);
  EXPECT_EQ(sql.find("$2"), std::string::npos);
  EXPECT_NE(sql.find("deptype IN ('a', 'i')"), std::string::npos);
}

} // namespace
} // namespace mssql_upsert::sqlgen
