#include "remote/bulk_key.hpp"

#include <gtest/gtest.h>

using namespace mssql_upsert::remote;

namespace {

BulkColumn column(BulkShape shape, int scale = 0) {
  BulkColumn c;
  c.name = "K";
  c.shape = shape;
  c.scale = scale;
  return c;
}

std::string key_of(const BulkColumn &c, const BulkValue &v) {
  std::string key;
  append_bulk_key(v, c, key);
  return key;
}

BulkValue int_value(int64_t i) {
  BulkValue v;
  v.is_null = false;
  v.int_value = i;
  return v;
}

} // namespace

TEST(BulkKey, ExactShapes) {
  EXPECT_TRUE(bulk_equality_is_exact(column(BulkShape::Int)));
  EXPECT_TRUE(bulk_equality_is_exact(column(BulkShape::Guid)));
  EXPECT_TRUE(bulk_equality_is_exact(column(BulkShape::Date)));
  EXPECT_TRUE(bulk_equality_is_exact(column(BulkShape::DateTime)));
  EXPECT_TRUE(bulk_equality_is_exact(column(BulkShape::DateTime2, 7)));
  EXPECT_TRUE(bulk_equality_is_exact(column(BulkShape::DateTimeOffset, 6)));
  // SQL Server rounds microseconds to 3 digits: two sent values may become one.
  EXPECT_FALSE(bulk_equality_is_exact(column(BulkShape::DateTime2, 3)));
  EXPECT_FALSE(bulk_equality_is_exact(column(BulkShape::Time, 0)));
  // Collations, several encodings of one value.
  EXPECT_FALSE(bulk_equality_is_exact(column(BulkShape::UnicodeText)));
  EXPECT_FALSE(bulk_equality_is_exact(column(BulkShape::CodePageText)));
  EXPECT_FALSE(bulk_equality_is_exact(column(BulkShape::Decimal)));
  EXPECT_FALSE(bulk_equality_is_exact(column(BulkShape::Float)));
}

TEST(BulkKey, EqualValuesGiveEqualKeysAndNullIsItsOwnValue) {
  const BulkColumn c = column(BulkShape::Int);
  EXPECT_EQ(key_of(c, int_value(7)), key_of(c, int_value(7)));
  EXPECT_NE(key_of(c, int_value(7)), key_of(c, int_value(8)));
  BulkValue null_value;
  EXPECT_EQ(key_of(c, null_value), key_of(c, BulkValue{}));
  EXPECT_NE(key_of(c, null_value), key_of(c, int_value(0)));
}

TEST(BulkKey, DateTimeOffsetComparesInstantsNotOffsets) {
  const BulkColumn c = column(BulkShape::DateTimeOffset, 7);
  BulkValue a, b;
  a.is_null = b.is_null = false;
  a.datetime = {45000, 36'000'000'000, 60};
  b.datetime = {45000, 36'000'000'000, -120};
  EXPECT_EQ(key_of(c, a), key_of(c, b));
  b.datetime.time_100ns += 10;
  EXPECT_NE(key_of(c, a), key_of(c, b));
}

TEST(BulkKey, TwoColumnKeysDoNotRunTogether) {
  // (1, NULL) and (NULL, 1) differ although both hold one 1 and one NULL.
  const BulkColumn c = column(BulkShape::Int);
  std::string first, second;
  append_bulk_key(int_value(1), c, first);
  append_bulk_key(BulkValue{}, c, first);
  append_bulk_key(BulkValue{}, c, second);
  append_bulk_key(int_value(1), c, second);
  EXPECT_NE(first, second);
}

TEST(BulkKey, GuidsCompareAllSixteenBytes) {
  const BulkColumn c = column(BulkShape::Guid);
  BulkValue a, b;
  a.is_null = b.is_null = false;
  a.guid.fill(0xAB);
  b.guid.fill(0xAB);
  EXPECT_EQ(key_of(c, a), key_of(c, b));
  b.guid[15] = 0xAC;
  EXPECT_NE(key_of(c, a), key_of(c, b));
}

TEST(BulkKey, FindRepeatedKeyNamesTheLaterRowOfAPair) {
  EXPECT_EQ(find_repeated_key({}), std::nullopt);
  EXPECT_EQ(find_repeated_key({"a"}), std::nullopt);
  EXPECT_EQ(find_repeated_key({"c", "a", "b"}), std::nullopt);
  EXPECT_EQ(find_repeated_key({"b", "a", "c", "a"}), std::optional<std::size_t>(3));
  EXPECT_EQ(find_repeated_key({"x", "x"}), std::optional<std::size_t>(1));
  // Keys are bytes: embedded NULs and a prefix of another key are distinct keys.
  const std::string with_nul("v\0\1", 3), prefix("v\0", 2);
  EXPECT_EQ(find_repeated_key({with_nul, prefix}), std::nullopt);
  EXPECT_EQ(find_repeated_key({prefix, with_nul, std::string("v\0", 2)}), std::optional<std::size_t>(2));
}
