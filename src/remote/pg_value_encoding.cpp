#include "remote/pg_value_encoding.hpp"

#include <algorithm>
#include <vector>

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
  const std::string digits = magnitude_digits(value.magnitude);
  const std::size_t scale = value.scale;
  // Integer and fraction digit strings, padded to whole groups of four.
  std::string integer = digits.size() > scale ? digits.substr(0, digits.size() - scale) : "";
  std::string fraction = digits.size() > scale ? digits.substr(digits.size() - scale)
                                               : std::string(scale - digits.size(), '0') + digits;
  integer.insert(0, (4 - integer.size() % 4) % 4, '0');
  fraction.append((4 - fraction.size() % 4) % 4, '0');

  std::vector<int> groups;
  for (std::size_t i = 0; i < integer.size(); i += 4)
    groups.push_back(std::stoi(integer.substr(i, 4)));
  int weight = static_cast<int>(groups.size()) - 1;
  for (std::size_t i = 0; i < fraction.size(); i += 4)
    groups.push_back(std::stoi(fraction.substr(i, 4)));
  // Leading zero groups lower the weight; trailing ones are dropped.
  std::size_t first = 0;
  while (first < groups.size() && groups[first] == 0) {
    ++first;
    --weight;
  }
  std::size_t end = groups.size();
  while (end > first && groups[end - 1] == 0)
    --end;

  std::string out;
  const bool zero = first == end;
  append_int16(out, static_cast<int>(end - first));
  append_int16(out, zero ? 0 : weight);
  append_int16(out, value.negative && !zero ? 0x4000 : 0x0000);
  append_int16(out, static_cast<int>(scale));
  for (std::size_t i = first; i < end; ++i)
    append_int16(out, groups[i]);
  return out;
}

} // namespace mssql_upsert::remote
