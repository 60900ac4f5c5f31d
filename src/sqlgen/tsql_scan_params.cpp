#include "sqlgen/tsql_scan_params.hpp"

#include "common/civil_date.hpp"

#include <cmath>
#include <cstdio>

namespace mssql_upsert::sqlgen {

namespace {

constexpr int kDecimalIntegerDigits = 28; // decimal(38,10)
constexpr int kDecimalScale = 10;
constexpr std::size_t kMaxTextUnits = 4000; // nvarchar(4000)
constexpr int64_t kDaysFrom1970To2000 = 10957;
constexpr const char *kLowestDatetime2 = "0001-01-01T00:00:00";
constexpr const char *kHighestDatetime2 = "9999-12-31T23:59:59.9999999";

using Sent = std::optional<std::string>;

// UTF-16 code units of a UTF-8 string (a 4-byte sequence is a surrogate pair).
std::size_t utf16_units(const std::string &utf8) {
  std::size_t units = 0;
  for (unsigned char c : utf8) {
    if ((c & 0xC0) != 0x80)
      ++units;
    if (c >= 0xF0)
      ++units;
  }
  return units;
}

// db-lib sends a string of length 0 as NULL, so an empty string is written inline.
Sent text_value(const std::string &text) {
  if (text.empty() || text.find('\0') != std::string::npos || utf16_units(text) > kMaxTextUnits)
    return std::nullopt;
  return text;
}

// "-0012.3400" -> "-12.34" when decimal(38,10) holds it exactly.
Sent decimal_value(const std::string &digits) {
  std::size_t start = digits.size() > 0 && (digits[0] == '-' || digits[0] == '+') ? 1 : 0;
  const std::size_t point = digits.find('.');
  std::string integer = digits.substr(start, point == std::string::npos ? std::string::npos : point - start);
  std::string fraction = point == std::string::npos ? "" : digits.substr(point + 1);
  if (integer.empty() && fraction.empty())
    return std::nullopt;
  for (const std::string *part : {&integer, &fraction})
    for (char c : *part)
      if (c < '0' || c > '9')
        return std::nullopt; // NaN, Infinity, exponents
  integer.erase(0, integer.find_first_not_of('0'));
  fraction.erase(fraction.find_last_not_of('0') + 1);
  if (integer.size() > static_cast<std::size_t>(kDecimalIntegerDigits) ||
      fraction.size() > static_cast<std::size_t>(kDecimalScale))
    return std::nullopt;
  std::string out = start == 1 && digits[0] == '-' && !(integer.empty() && fraction.empty()) ? "-" : "";
  out += integer.empty() ? "0" : integer;
  if (!fraction.empty())
    out += "." + fraction;
  return out;
}

Sent float_value(double v) {
  if (!std::isfinite(v))
    return std::nullopt;
  return tsql_float_digits(v);
}

Sent date_value(int64_t days_since_2000) {
  const CivilDate date = civil_from_days_since_1970(days_since_2000 + kDaysFrom1970To2000);
  if (date.year < 1 || date.year > 9999)
    return std::nullopt;
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", static_cast<int>(date.year), date.month, date.day);
  return std::string(buffer);
}

// The widened bound of a timestamp prefilter, clamped to datetime2's range
// (a bound before year 1 is negative seconds, one after 9999 positive).
std::string timestamp_bound(int64_t micros, bool upper, bool with_offset) {
  const int64_t seconds = tsql_prefilter_bound_seconds(micros, upper);
  const std::string text =
      tsql_timestamp_text(seconds).value_or(seconds < 0 ? kLowestDatetime2 : kHighestDatetime2);
  return with_offset ? text + "+00:00" : text;
}

} // namespace

std::string param_declared_type(const ParamSlot &slot) {
  switch (slot.type) {
  case PushType::Bool:
    return "bit";
  case PushType::Integer:
    return "bigint";
  case PushType::Decimal:
    return "decimal(38,10)";
  case PushType::Float:
    return "float";
  case PushType::Text:
    return "nvarchar(4000)";
  case PushType::Date:
    return "date";
  case PushType::Timestamp:
    return "datetime2(7)";
  case PushType::TimestampTz:
    return "datetimeoffset(7)";
  case PushType::Uuid:
    return "uniqueidentifier";
  }
  return "nvarchar(4000)";
}

std::string param_declarations(const std::vector<ParamSlot> &slots) {
  std::string out;
  for (std::size_t i = 0; i < slots.size(); ++i)
    out += (i ? ", @p" : "@p") + std::to_string(i + 1) + " " + param_declared_type(slots[i]);
  return out;
}

Sent param_value_text(const ParamSlot &slot, const PushValue &value) {
  if (value.kind == PushValue::Kind::Null)
    return std::nullopt;
  switch (slot.role) {
  case ParamRole::LikePattern: {
    if (value.kind != PushValue::Kind::Text)
      return std::nullopt;
    // An untranslatable pattern matches at least what '%' matches: every non-NULL string.
    // An empty pattern (only '' matches it) widens to '%' as well.
    const std::string pattern = tsql_like_prefilter(value.text).value_or("%");
    return text_value(pattern.empty() ? "%" : pattern);
  }
  case ParamRole::LowerBound:
  case ParamRole::UpperBound:
    if (value.kind != PushValue::Kind::Timestamp)
      return std::nullopt;
    return timestamp_bound(value.integer, slot.role == ParamRole::UpperBound,
                           slot.type == PushType::TimestampTz);
  case ParamRole::Value:
    break;
  }
  switch (value.kind) {
  case PushValue::Kind::Bool:
    return std::string(value.boolean ? "1" : "0");
  case PushValue::Kind::Integer:
    return std::to_string(value.integer);
  case PushValue::Kind::Decimal:
    return decimal_value(value.text);
  case PushValue::Kind::Float:
    return float_value(value.real);
  case PushValue::Kind::Text:
    return text_value(value.text);
  case PushValue::Kind::Date:
    return date_value(value.integer);
  default:
    return std::nullopt;
  }
}

} // namespace mssql_upsert::sqlgen
