#include "remote/mssql_value_encoding.hpp"

#include "common/civil_date.hpp"
#include "remote/mssql_text_encoding.hpp"
#include "remote/pg_value_encoding.hpp"

#include <cmath>
#include <cfloat>
#include <limits>

namespace mssql_upsert::remote {

namespace {

using u128 = unsigned __int128;

constexpr int32_t kFirstDate = -693595;     // 0001-01-01, days since 1900-01-01
constexpr int32_t kLastDate = 2958463;      // 9999-12-31
constexpr int32_t kFirstDateTime = -53690;  // 1753-01-01
constexpr int32_t kLastSmallDate = 65535;   // 2079-06-06
constexpr int64_t kTicksPerDay = 300LL * 86400;
constexpr int64_t kMicrosPerMinute = 60'000'000;

u128 pow10(int n) {
  u128 v = 1;
  while (n-- > 0)
    v *= 10;
  return v;
}

// Rounds half away from zero, as SQL Server converts to fewer fractional digits.
DecimalValue rescale(DecimalValue value, int scale) {
  if (value.scale < scale) {
    int up = scale - value.scale;
    if (up > 38 || value.magnitude >= pow10(38 - up))
      value.magnitude = pow10(38); // at least 10^38: out of range for any precision
    else
      value.magnitude *= pow10(up);
  } else if (value.scale > scale) {
    int down = value.scale - scale;
    if (down > 38) {
      value.magnitude = 0;
    } else {
      u128 divisor = pow10(down);
      u128 rest = value.magnitude % divisor;
      value.magnitude /= divisor;
      if (rest * 2 >= divisor)
        value.magnitude += 1;
    }
  }
  value.scale = static_cast<uint8_t>(scale);
  return value;
}

std::optional<DecimalValue> source_decimal(const SourceValue &value, std::string *why) {
  if (value.kind == SourceKind::Numeric)
    return decimal_from_pg_numeric_binary(value.bytes, why);
  DecimalValue d;
  d.negative = value.int_value < 0;
  d.magnitude = d.negative ? static_cast<u128>(-(value.int_value + 1)) + 1
                           : static_cast<u128>(value.int_value);
  return d;
}

std::string int128_text(const DecimalValue &value) { return decimal_to_string(value); }

struct DayAndTime {
  int64_t days;       // since 1900-01-01
  int64_t micros;     // since midnight
};

DayAndTime split_timestamp(int64_t micros_since_2000) {
  int64_t days = micros_since_2000 / kMicrosecondsPerDay;
  int64_t rest = micros_since_2000 % kMicrosecondsPerDay;
  if (rest < 0) {
    rest += kMicrosecondsPerDay;
    days -= 1;
  }
  return {days + kDaysFrom1900To2000, rest};
}

std::string timestamp_text(const DayAndTime &t) {
  char clock[32];
  int64_t seconds = t.micros / 1'000'000, micros = t.micros % 1'000'000;
  snprintf(clock, sizeof clock, " %02d:%02d:%02d", static_cast<int>(seconds / 3600),
           static_cast<int>(seconds / 60 % 60), static_cast<int>(seconds % 60));
  std::string text = format_days_since_1900(t.days) + clock;
  if (micros != 0) {
    char fraction[16];
    snprintf(fraction, sizeof fraction, ".%06d", static_cast<int>(micros));
    text += fraction;
  }
  return text;
}

std::string out_of_range(const std::string &what, const BulkColumn &column, const char *limits) {
  return what + " is out of range for " + column.type_name + " (" + limits + ")";
}

std::string encode_integer(const BulkColumn &column, int64_t v, BulkValue &out) {
  static constexpr int64_t kMin[] = {0, 0, INT16_MIN, 0, INT32_MIN, 0, 0, 0, INT64_MIN};
  static constexpr int64_t kMax[] = {0, 255, INT16_MAX, 0, INT32_MAX, 0, 0, 0, INT64_MAX};
  if (v < kMin[column.int_bytes] || v > kMax[column.int_bytes])
    return "value " + std::to_string(v) + " is out of range for " + column.type_name;
  out.int_value = v;
  return "";
}

std::string encode_decimal(const BulkColumn &column, const SourceValue &value, BulkValue &out) {
  std::string why;
  std::optional<DecimalValue> d = source_decimal(value, &why);
  if (!d)
    return why + " cannot be stored in " + column.type_name;
  DecimalValue scaled = rescale(*d, column.scale);
  if (column.shape == BulkShape::Decimal) {
    if (scaled.magnitude >= pow10(column.precision))
      return "value " + int128_text(*d) + " is out of range for " + column.type_name;
    out.decimal = scaled;
    return "";
  }
  // Money: an int64 (money) or int32 (smallmoney) count of 1/10000.
  const u128 limit = column.int_bytes == 8 ? static_cast<u128>(INT64_MAX) : static_cast<u128>(INT32_MAX);
  if (scaled.magnitude > limit + (scaled.negative ? 1 : 0))
    return "value " + int128_text(*d) + " is out of range for " + column.type_name;
  out.int_value = scaled.negative ? static_cast<int64_t>(-static_cast<__int128>(scaled.magnitude))
                                  : static_cast<int64_t>(scaled.magnitude);
  return "";
}

std::string encode_float(const BulkColumn &column, const SourceValue &value, BulkValue &out) {
  double v = value.kind == SourceKind::Float ? value.float_value : static_cast<double>(value.int_value);
  if (std::isnan(v) || std::isinf(v))
    return "value " + std::string(std::isnan(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity") +
           " cannot be stored in " + column.type_name;
  if (column.float_bytes == 4 && std::fabs(v) > FLT_MAX)
    return "value " + std::to_string(v) + " is out of range for real";
  out.float_value = v;
  return "";
}

std::string encode_text(const BulkColumn &column, const SourceValue &value, BulkValue &out) {
  if (column.shape == BulkShape::UnicodeText) {
    if (!utf8_to_utf16le(value.bytes, out.bytes))
      return "the text is not valid UTF-8";
    std::size_t units = out.bytes.size() / 2;
    if (column.max_length >= 0 && units > static_cast<std::size_t>(column.max_length))
      return "a string of " + std::to_string(units) + " characters does not fit " + column.type_name;
    return "";
  }
  std::size_t bad = 0;
  if (!utf8_to_cp1252(value.bytes, out.bytes, &bad))
    return "character " + std::to_string(bad + 1) + " of the text has no code page 1252 byte (" +
           column.type_name + " keeps only those; use nvarchar)";
  if (column.max_length >= 0 && out.bytes.size() > static_cast<std::size_t>(column.max_length))
    return "a string of " + std::to_string(out.bytes.size()) + " bytes does not fit " + column.type_name;
  return "";
}

std::string encode_binary(const BulkColumn &column, const SourceValue &value, BulkValue &out) {
  if (column.max_length >= 0 && value.bytes.size() > static_cast<std::size_t>(column.max_length))
    return "a binary value of " + std::to_string(value.bytes.size()) + " bytes does not fit " +
           column.type_name;
  out.bytes.assign(value.bytes.data(), value.bytes.size());
  return "";
}

// Date, DateTime, SmallDateTime, DateTime2, DateTimeOffset from a date or timestamp.
std::string encode_moment(const BulkColumn &column, const SourceValue &value, BulkValue &out) {
  const bool infinite =
      value.kind == SourceKind::Date
          ? value.days == std::numeric_limits<int32_t>::min() || value.days == std::numeric_limits<int32_t>::max()
          : value.microseconds == std::numeric_limits<int64_t>::min() ||
                value.microseconds == std::numeric_limits<int64_t>::max();
  if (infinite)
    return "infinity cannot be stored in " + column.type_name;
  DayAndTime t = value.kind == SourceKind::Date
                     ? DayAndTime{static_cast<int64_t>(value.days) + kDaysFrom1900To2000, 0}
                     : split_timestamp(value.microseconds);
  // Only an out-of-range value is shown: formatting every one cost the push an allocation per value.
  auto shown = [&] { return value.kind == SourceKind::Date ? format_days_since_1900(t.days) : timestamp_text(t); };
  switch (column.shape) {
  case BulkShape::DateTime: {
    int64_t ticks = (t.micros * 3 + 5000) / 10000;
    int64_t days = t.days + (ticks == kTicksPerDay ? 1 : 0);
    if (days < kFirstDateTime || days > kLastDate)
      return out_of_range(shown(), column, "1753-01-01 to 9999-12-31 23:59:59.997");
    out.legacy_days = static_cast<int32_t>(days);
    out.legacy_time = static_cast<int32_t>(ticks == kTicksPerDay ? 0 : ticks);
    return "";
  }
  case BulkShape::SmallDateTime: {
    int64_t minutes = t.micros / kMicrosPerMinute;
    if (t.micros % kMicrosPerMinute >= 29'999'000)
      minutes += 1;
    int64_t days = t.days + (minutes == 1440 ? 1 : 0);
    if (days < 0 || days > kLastSmallDate || (days == kLastSmallDate && minutes == 1440))
      return out_of_range(shown(), column, "1900-01-01 to 2079-06-06 23:59");
    out.legacy_days = static_cast<int32_t>(days);
    out.legacy_time = static_cast<int32_t>(minutes == 1440 ? 0 : minutes);
    return "";
  }
  default:
    if (t.days < kFirstDate || t.days > kLastDate)
      return out_of_range(shown(), column, "0001-01-01 to 9999-12-31");
    out.datetime.days_since_1900 = static_cast<int32_t>(t.days);
    out.datetime.time_100ns = column.shape == BulkShape::Date ? 0 : t.micros * 10;
    out.datetime.offset_minutes = 0;
    return "";
  }
}

} // namespace

bool source_kind_fits(SourceKind kind, BulkShape shape) {
  switch (shape) {
  case BulkShape::Bit:
    return kind == SourceKind::Bool;
  case BulkShape::Int:
    return kind == SourceKind::Int;
  case BulkShape::Float:
    return kind == SourceKind::Float || kind == SourceKind::Int;
  case BulkShape::Decimal:
  case BulkShape::Money:
    return kind == SourceKind::Numeric || kind == SourceKind::Int;
  case BulkShape::DateTime:
  case BulkShape::SmallDateTime:
  case BulkShape::DateTime2:
    return kind == SourceKind::Timestamp || kind == SourceKind::Date;
  case BulkShape::Date:
    return kind == SourceKind::Date;
  case BulkShape::Time:
    return kind == SourceKind::Time;
  case BulkShape::DateTimeOffset:
    return kind == SourceKind::TimestampTz;
  case BulkShape::Guid:
    return kind == SourceKind::Uuid;
  case BulkShape::UnicodeText:
  case BulkShape::CodePageText:
    return kind == SourceKind::Text;
  case BulkShape::Binary:
    return kind == SourceKind::Binary;
  }
  return false;
}

std::string encode_bulk_value(const BulkColumn &column, const SourceValue &value, BulkValue &out) {
  out.is_null = value.is_null;
  if (value.is_null)
    return "";
  if (!source_kind_fits(value.kind, column.shape))
    return "this kind of value cannot be stored in " + column.type_name;
  switch (column.shape) {
  case BulkShape::Bit:
    out.bool_value = value.bool_value;
    return "";
  case BulkShape::Int:
    return encode_integer(column, value.int_value, out);
  case BulkShape::Float:
    return encode_float(column, value, out);
  case BulkShape::Decimal:
  case BulkShape::Money:
    return encode_decimal(column, value, out);
  case BulkShape::Time:
    out.datetime = DateTimeValue{0, value.microseconds * 10, 0};
    return "";
  case BulkShape::Guid:
    out.guid = value.uuid;
    return "";
  case BulkShape::UnicodeText:
  case BulkShape::CodePageText:
    return encode_text(column, value, out);
  case BulkShape::Binary:
    return encode_binary(column, value, out);
  default:
    return encode_moment(column, value, out);
  }
}

std::optional<DecimalValue> decimal_from_pg_numeric_binary(std::string_view binary, std::string *why) {
  auto field = [&](std::size_t i) {
    return static_cast<int>((static_cast<uint8_t>(binary[i]) << 8) | static_cast<uint8_t>(binary[i + 1]));
  };
  auto fail = [&](const char *reason) -> std::optional<DecimalValue> {
    if (why != nullptr)
      *why = reason;
    return std::nullopt;
  };
  if (binary.size() < 8)
    return fail("a malformed numeric");
  const int ndigits = field(0), sign = field(4), dscale = field(6);
  const int weight = static_cast<int16_t>(field(2));
  if (sign == 0xC000)
    return fail("NaN");
  if (sign == 0xD000 || sign == 0xF000)
    return fail(sign == 0xD000 ? "Infinity" : "-Infinity");
  if (binary.size() < 8 + 2 * static_cast<std::size_t>(ndigits))
    return fail("a malformed numeric");
  if (dscale > 38)
    return fail("a numeric with more than 38 fractional digits");
  const u128 limit = pow10(38);
  DecimalValue value;
  value.negative = sign == 0x4000;
  value.scale = static_cast<uint8_t>(dscale);
  for (int i = 0; i < ndigits; ++i) {
    int digit = field(8 + 2 * i);
    int exponent = 4 * (weight - i) + dscale; // power of ten this group is worth, scaled
    if (digit == 0)
      continue;
    if (exponent < 0) {
      digit /= static_cast<int>(pow10(-exponent)); // trailing zeros of the last group
      exponent = 0;
    }
    if (exponent >= 38 || static_cast<u128>(digit) * pow10(exponent) >= limit - value.magnitude)
      return fail("a numeric of more than 38 digits");
    value.magnitude += static_cast<u128>(digit) * pow10(exponent);
  }
  return value;
}

std::string format_days_since_1900(int64_t days) {
  const CivilDate date = civil_from_days_since_1970(days - kDaysFrom1900To1970);
  char text[64];
  snprintf(text, sizeof text, "%04lld-%02d-%02d", static_cast<long long>(date.year), date.month,
           date.day);
  return text;
}

} // namespace mssql_upsert::remote
