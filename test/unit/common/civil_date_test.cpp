#include "common/civil_date.hpp"

#include <gtest/gtest.h>

namespace mssql_upsert {
namespace {

void expect_date(int64_t days, int64_t year, int month, int day) {
  const CivilDate date = civil_from_days_since_1970(days);
  EXPECT_EQ(date.year, year) << days;
  EXPECT_EQ(date.month, month) << days;
  EXPECT_EQ(date.day, day) << days;
}

TEST(CivilDate, Epoch) { expect_date(0, 1970, 1, 1); }

TEST(CivilDate, LeapDaysAndCenturies) {
  expect_date(11016, 2000, 2, 29); // a 400-year leap day
  expect_date(11017, 2000, 3, 1);
  expect_date(-25508, 1900, 3, 1); // 1900 has no February 29
  expect_date(-25509, 1900, 2, 28);
  expect_date(19782, 2024, 2, 29);
}

TEST(CivilDate, RangeEnds) {
  expect_date(-719162, 1, 1, 1);
  expect_date(2932896, 9999, 12, 31);
  expect_date(-719163, 0, 12, 31); // the day before year 1 (astronomical year 0)
}

} // namespace
} // namespace mssql_upsert
