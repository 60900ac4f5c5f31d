#include "remote/pg_value_encoding.hpp"

#include <algorithm>
#include <cstdint>

namespace mssql_upsert::remote {

namespace {

int64_t truncated_microseconds(int64_t time_100ns) { return time_100ns / 10; }

std::string magnitude_digits(unsigned __int128 magnitude) {
  if (magnitude == 0)
    return "0";
  std::string digits;
  while (magnitude > 0) {
    digits += static_cast<char>('0' + static_cast<int>(magnitude % 10));
    magnitude /= 10;
  }
  std::reverse(digits.begin(), digits.end());
  return digits;
}

void append_int16(std::string &out, int value) {
  out += static_cast<char>((value >> 8) & 0xFF);
  out += static_cast<char>(value & 0xFF);
}

} // namespace

int32_t pg_date_days(const DateTimeValue &value) {
  return value.days_since_1900 - kDaysFrom1900To2000;
}

int64_t pg_time_microseconds(const DateTimeValue &value) {
  return std::min(truncated_microseconds(value.time_100ns), kMicrosecondsPerDay - 1);
}

int64_t pg_timestamp_microseconds(const DateTimeValue &value) {
  return static_cast<int64_t>(pg_date_days(value)) * kMicrosecondsPerDay +
         truncated_microseconds(value.time_100ns);
}

std::string decimal_to_string(const DecimalValue &value) {
  std::string digits = magnitude_digits(value.magnitude);
  if (digits.size() <= value.scale)
    digits.insert(0, value.scale + 1 - digits.size(), '0');
  if (value.scale > 0)
    digits.insert(digits.size() - value.scale, ".");
  return (value.negative && value.magnitude != 0 ? "-" : "") + digits;
}

std::string pg_numeric_binary(const DecimalValue &value) {
  // Base-10000 digits, least significant first, of magnitude * 10^pad, where
  // pad fills the last fraction digit's group; computed by division alone
  // (the multiplication could overflow 128 bits), in 64 bits once it fits.
  static constexpr uint32_t kPow10[] = {1, 10, 100, 1000};
  const int scale = value.scale;
  const int pad = (4 - scale % 4) % 4;
  const int fraction_groups = (scale + pad) / 4;
  int groups[12];
  int count = 0;
  unsigned __int128 wide = value.magnitude;
  if (pad > 0 && wide != 0) {
    const uint32_t unit = kPow10[4 - pad];
    groups[count++] = static_cast<int>(static_cast<uint32_t>(wide % unit) * kPow10[pad]);
    wide /= unit;
  }
  while (wide > UINT64_MAX) {
    groups[count++] = static_cast<int>(wide % 10000);
    wide /= 10000;
  }
  for (uint64_t narrow = static_cast<uint64_t>(wide); narrow > 0; narrow /= 10000)
    groups[count++] = static_cast<int>(narrow % 10000);
  // Trailing zero groups are dropped; the leading group is never zero.
  int lowest = 0;
  while (lowest < count && groups[lowest] == 0)
    ++lowest;
  const bool zero = lowest == count;

  std::string out;
  out.reserve(8 + 2 * static_cast<std::size_t>(count));
  append_int16(out, count - lowest);
  append_int16(out, zero ? 0 : count - 1 - fraction_groups);
  append_int16(out, value.negative && !zero ? 0x4000 : 0x0000);
  append_int16(out, scale);
  for (int i = count - 1; i >= lowest; --i)
    append_int16(out, groups[i]);
  return out;
}

} // namespace mssql_upsert::remote
