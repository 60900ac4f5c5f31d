#include "remote/bulk_key.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <numeric>

namespace mssql_upsert::remote {

namespace {

template <typename T> void append_raw(std::string &key, T value) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  key.append(bytes, sizeof(T));
}

} // namespace

bool bulk_equality_is_exact(const BulkColumn &column) {
  switch (column.shape) {
  case BulkShape::Bit:
  case BulkShape::Int:
  case BulkShape::Money:
  case BulkShape::DateTime:
  case BulkShape::SmallDateTime:
  case BulkShape::Date:
  case BulkShape::Guid:
    return true;
  case BulkShape::Time:
  case BulkShape::DateTime2:
  case BulkShape::DateTimeOffset:
    // Sent in microseconds; SQL Server rounds them to fewer fractional digits.
    return column.scale >= 6;
  default:
    return false;
  }
}

void append_bulk_key(const BulkValue &value, const BulkColumn &column, std::string &key) {
  key.push_back(value.is_null ? 'n' : 'v');
  if (value.is_null)
    return;
  switch (column.shape) {
  case BulkShape::Bit:
    key.push_back(value.bool_value ? 1 : 0);
    break;
  case BulkShape::Int:
  case BulkShape::Money:
    append_raw(key, value.int_value);
    break;
  case BulkShape::DateTime:
  case BulkShape::SmallDateTime:
    append_raw(key, value.legacy_days);
    append_raw(key, value.legacy_time);
    break;
  case BulkShape::Date:
  case BulkShape::Time:
  case BulkShape::DateTime2:
  case BulkShape::DateTimeOffset: // days and time are UTC: SQL Server compares the instants
    append_raw(key, value.datetime.days_since_1900);
    append_raw(key, value.datetime.time_100ns);
    break;
  case BulkShape::Guid:
    key.append(reinterpret_cast<const char *>(value.guid.data()), value.guid.size());
    break;
  default:
    break; // not exact: bulk_equality_is_exact refuses these
  }
}

std::optional<std::size_t> find_repeated_key(const std::vector<std::string> &keys) {
  std::vector<uint32_t> order(keys.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return keys[a] < keys[b]; });
  auto repeated = std::adjacent_find(order.begin(), order.end(),
                                     [&](uint32_t a, uint32_t b) { return keys[a] == keys[b]; });
  if (repeated == order.end())
    return std::nullopt;
  return std::max(repeated[0], repeated[1]);
}

} // namespace mssql_upsert::remote
