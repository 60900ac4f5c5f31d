#include "common/delete_guard.hpp"

#include "common/error.hpp"

#include <gtest/gtest.h>

namespace mssql_upsert {
namespace {

std::string refusal(int64_t doomed, int64_t total, double fraction) {
  try {
    check_delete_fraction("items", doomed, total, "public.items", fraction, "remote table");
  } catch (const Error &e) {
    return e.sqlstate() + ": " + e.what() + " | " + e.detail() + " | " + e.hint();
  }
  return "allowed";
}

TEST(DeleteGuard, RefusesMoreThanTheFractionOnly) {
  EXPECT_EQ(refusal(6, 8, 0.5),
            "22000: sync \"items\": the compare would delete 6 of 8 rows of public.items, more than "
            "max_delete_fraction 0.5 | Nothing was deleted or merged: the run rolls back. | If the remote "
            "table really lost those rows, raise max_delete_fraction with mssql_upsert_sync_define for one run.");
  EXPECT_EQ(refusal(4, 8, 0.5), "allowed"); // exactly the fraction
  EXPECT_EQ(refusal(0, 0, 0), "allowed");   // nothing to delete
  EXPECT_NE(refusal(1, 8, 0), "allowed");   // fraction 0: no delete at all
  EXPECT_EQ(refusal(8, 8, 1), "allowed");
}

} // namespace
} // namespace mssql_upsert
