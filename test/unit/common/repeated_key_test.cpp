#include "common/repeated_key.hpp"

#include <gtest/gtest.h>

namespace mssql_upsert {
namespace {

TEST(RepeatedKey, FormatsNamesAndValuesWithNull) {
  EXPECT_EQ(format_key({"OrderId", "Line"}, {"7", std::nullopt}), "(OrderId, Line)=(7, NULL)");
  EXPECT_EQ(format_key({"id"}, {"NULL"}), "(id)=(NULL)");
}

TEST(RepeatedKey, OneErrorTextAndSqlstate) {
  const Error error =
      repeated_key_error("the push source has", "(id)=(1)", "choose key_columns that do.");
  EXPECT_STREQ(error.what(), "the push source has the key (id)=(1) more than once in one chunk");
  EXPECT_EQ(error.sqlstate(), "21000");
  EXPECT_EQ(error.detail(), "");
  EXPECT_EQ(error.hint(), "choose key_columns that do.");
}

} // namespace
} // namespace mssql_upsert
