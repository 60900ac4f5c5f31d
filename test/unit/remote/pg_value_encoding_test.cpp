#include "remote/pg_value_encoding.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace mssql_upsert::remote;

namespace {
// Decodes numeric_recv's format back into fields for readable assertions.
struct NumericFields {
  int ndigits, weight, sign, dscale;
  std::vector<int> digits;
  bool operator==(const NumericFields &o) const {
    return ndigits == o.ndigits && weight == o.weight && sign == o.sign && dscale == o.dscale &&
           digits == o.digits;
  }
};
NumericFields fields(const std::string &bytes) {
  auto at = [&](std::size_t i) {
    return static_cast<int16_t>((static_cast<uint8_t>(bytes[i]) << 8) | static_cast<uint8_t>(bytes[i + 1]));
  };
  NumericFields f{at(0), at(2), static_cast<uint16_t>(at(4)), at(6), {}};
  for (int i = 0; i < f.ndigits; ++i)
    f.digits.push_back(at(8 + 2 * i));
  return f;
}
DecimalValue dec(bool negative, unsigned __int128 magnitude, uint8_t scale) {
  return DecimalValue{negative, scale, magnitude};
}
unsigned __int128 pow10(int n) {
  unsigned __int128 v = 1;
  while (n-- > 0)
    v *= 10;
  return v;
}
} // namespace

TEST(PgNumericBinary, GroupsAroundTheDecimalPoint) {
  EXPECT_EQ(fields(pg_numeric_binary(dec(false, 123456789, 4))),
            (NumericFields{3, 1, 0, 4, {1, 2345, 6789}}));
  EXPECT_EQ(fields(pg_numeric_binary(dec(true, 5, 2))), (NumericFields{1, -1, 0x4000, 2, {500}}));
  EXPECT_EQ(fields(pg_numeric_binary(dec(false, 10000, 0))), (NumericFields{1, 1, 0, 0, {1}}));
  EXPECT_EQ(fields(pg_numeric_binary(dec(false, 1, 6))), (NumericFields{1, -2, 0, 6, {100}}));
}

TEST(PgNumericBinary, ZeroAndNegativeZero) {
  EXPECT_EQ(fields(pg_numeric_binary(dec(false, 0, 3))), (NumericFields{0, 0, 0, 3, {}}));
  EXPECT_EQ(fields(pg_numeric_binary(dec(true, 0, 0))), (NumericFields{0, 0, 0, 0, {}}));
}

TEST(PgNumericBinary, Decimal38Extremes) {
  unsigned __int128 max38 = pow10(38) - 1; // 38 nines
  NumericFields whole = fields(pg_numeric_binary(dec(true, max38, 0)));
  EXPECT_EQ(whole.weight, 9);
  EXPECT_EQ(whole.ndigits, 10);
  EXPECT_EQ(whole.digits.front(), 99);
  EXPECT_EQ(whole.digits.back(), 9999);
  EXPECT_EQ(whole.sign, 0x4000);
  NumericFields tiny = fields(pg_numeric_binary(dec(false, 1, 38)));
  EXPECT_EQ(tiny.weight, -10);
  EXPECT_EQ(tiny.digits, std::vector<int>{100});
  EXPECT_EQ(tiny.dscale, 38);
  EXPECT_EQ(decimal_to_string(dec(false, max38, 38)), "0." + std::string(38, '9'));
  EXPECT_EQ(decimal_to_string(dec(true, 12345, 2)), "-123.45");
  EXPECT_EQ(decimal_to_string(dec(false, 7, 3)), "0.007");
}

TEST(PgTimes, DaysAndTruncation) {
  DateTimeValue epoch2000{36524, 0, 0};
  EXPECT_EQ(pg_date_days(epoch2000), 0);
  EXPECT_EQ(pg_timestamp_microseconds(epoch2000), 0);
  DateTimeValue first_day{-693595, 0, 0}; // 0001-01-01
  EXPECT_EQ(pg_date_days(first_day), -730119);
  DateTimeValue last_day{2958463, 0, 0}; // 9999-12-31
  EXPECT_EQ(pg_date_days(last_day), 2921939);
  // 100 ns units: the seventh digit is dropped, 19 -> 1 us
  EXPECT_EQ(pg_time_microseconds({0, 19, 0}), 1);
  EXPECT_EQ(pg_time_microseconds({0, 9, 0}), 0);
  // 23:59:59.9999999 stays within its day, for time and for timestamps
  EXPECT_EQ(pg_time_microseconds({0, 863'999'999'999, 0}), 86'399'999'999);
  EXPECT_EQ(pg_timestamp_microseconds({36524, 863'999'999'999, 0}), 86'399'999'999);
  // before 2000: negative microseconds, still truncated toward the past within the day
  EXPECT_EQ(pg_timestamp_microseconds({36523, 15, 0}), -86'400'000'000 + 1);
}

namespace {
// The decimal text numeric_recv's fields stand for, as PostgreSQL prints it.
std::string numeric_text(const NumericFields &f) {
  std::string integer, fraction;
  for (int w = std::max(f.weight, 0); w >= 0; --w) {
    const int index = f.weight - w;
    const int group = index >= 0 && index < f.ndigits ? f.digits[index] : 0;
    char four[5];
    std::snprintf(four, sizeof four, "%04d", group);
    integer += four;
  }
  for (int w = -1; static_cast<int>(fraction.size()) < f.dscale; --w) {
    const int index = f.weight - w;
    const int group = index >= 0 && index < f.ndigits ? f.digits[index] : 0;
    char four[5];
    std::snprintf(four, sizeof four, "%04d", group);
    fraction += four;
  }
  integer.erase(0, std::min(integer.find_first_not_of('0'), integer.size() - 1));
  fraction.resize(f.dscale);
  return (f.sign == 0x4000 ? "-" : "") + integer + (f.dscale > 0 ? "." + fraction : "");
}
} // namespace

TEST(PgNumericBinary, AgreesWithTheDecimalTextForManyValues) {
  // Magnitudes from 1 digit to 38, every scale that fits, a sign each.
  unsigned __int128 magnitude = 7;
  for (int digits = 1; digits <= 38; ++digits) {
    for (uint8_t scale = 0; scale <= digits && scale <= 38; ++scale) {
      const DecimalValue value = dec(digits % 2 == 0, magnitude, scale);
      EXPECT_EQ(numeric_text(fields(pg_numeric_binary(value))), decimal_to_string(value))
          << "digits " << digits << " scale " << int(scale);
    }
    magnitude = magnitude * 10 + static_cast<unsigned>((digits * 7) % 10);
  }
  const DecimalValue round = dec(false, pow10(37), 5); // many zero groups at the end
  EXPECT_EQ(numeric_text(fields(pg_numeric_binary(round))), decimal_to_string(round));
  EXPECT_EQ(fields(pg_numeric_binary(round)).ndigits, 1);
}
