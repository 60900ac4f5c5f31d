#include "sqlgen/tsql_insert_sql.hpp"

#include "remote/mssql_value_encoding.hpp"
#include "sqlgen/identifier_quoting.hpp"

#include <cinttypes>
#include <cstdio>

namespace mssql_upsert::sqlgen {

namespace {

using remote::BulkShape;

std::string decimal_digits(const remote::DecimalValue &value) {
  std::string digits;
  unsigned __int128 magnitude = value.magnitude;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(magnitude % 10)));
    magnitude /= 10;
  } while (magnitude != 0);
  if (value.scale > 0) {
    if (digits.size() <= value.scale)
      digits.insert(0, value.scale + 1 - digits.size(), '0');
    digits.insert(digits.size() - value.scale, ".");
  }
  return (value.negative && value.magnitude != 0 ? "-" : "") + digits;
}

// "hh:mm:ss.fffffff" of 100 ns units since midnight.
std::string clock_text(int64_t time_100ns) {
  char text[32];
  const int64_t seconds = time_100ns / 10'000'000;
  snprintf(text, sizeof text, "%02d:%02d:%02d.%07d", static_cast<int>(seconds / 3600),
           static_cast<int>(seconds / 60 % 60), static_cast<int>(seconds % 60),
           static_cast<int>(time_100ns % 10'000'000));
  return text;
}

std::string cast(const std::string &text, const std::string &type) {
  return "CAST('" + text + "' AS " + type + ")";
}

std::string hex(std::string_view bytes) {
  static const char digits[] = "0123456789ABCDEF";
  std::string out = "0x";
  out.reserve(2 + 2 * bytes.size());
  for (unsigned char c : bytes) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return bytes.empty() ? "0x" : out;
}

std::string guid_text(const std::array<uint8_t, 16> &g) {
  char text[40];
  snprintf(text, sizeof text,
           "%02X%02X%02X%02X-%02X%02X-%02X%02X-%02X%02X-%02X%02X%02X%02X%02X%02X", g[0], g[1],
           g[2], g[3], g[4], g[5], g[6], g[7], g[8], g[9], g[10], g[11], g[12], g[13], g[14],
           g[15]);
  return text;
}

} // namespace

std::string tsql_value_literal(const remote::BulkColumn &column, const remote::BulkValue &value,
                               std::string_view source_utf8) {
  if (value.is_null)
    return "NULL";
  switch (column.shape) {
  case BulkShape::Bit:
    return value.bool_value ? "1" : "0";
  case BulkShape::Int:
    return std::to_string(value.int_value);
  case BulkShape::Float: {
    char text[40];
    snprintf(text, sizeof text, "%.17g", value.float_value);
    // A float literal needs an exponent (1E0), else T-SQL reads it as a decimal.
    return std::string(text) + (std::string_view(text).find('e') == std::string_view::npos ? "E0" : "");
  }
  case BulkShape::Decimal:
    return decimal_digits(value.decimal);
  case BulkShape::Money: {
    remote::DecimalValue scaled;
    scaled.negative = value.int_value < 0;
    scaled.scale = 4;
    scaled.magnitude = value.int_value < 0 ? -static_cast<unsigned __int128>(value.int_value)
                                           : static_cast<unsigned __int128>(value.int_value);
    return decimal_digits(scaled);
  }
  case BulkShape::DateTime: {
    // 1/300 s ticks as milliseconds: SQL Server rounds them back to the same tick.
    const int64_t millis = (static_cast<int64_t>(value.legacy_time) * 10 + 1) / 3;
    std::string clock = clock_text(millis * 10'000).substr(0, 12);
    return cast(remote::format_days_since_1900(value.legacy_days) + "T" + clock, "datetime");
  }
  case BulkShape::SmallDateTime: {
    std::string clock = clock_text(static_cast<int64_t>(value.legacy_time) * 60 * 10'000'000);
    return cast(remote::format_days_since_1900(value.legacy_days) + "T" + clock.substr(0, 8),
                "smalldatetime");
  }
  case BulkShape::Date:
    return cast(remote::format_days_since_1900(value.datetime.days_since_1900), "date");
  case BulkShape::Time:
    return cast(clock_text(value.datetime.time_100ns), column.type_name);
  case BulkShape::DateTime2:
    return cast(remote::format_days_since_1900(value.datetime.days_since_1900) + " " +
                    clock_text(value.datetime.time_100ns),
                column.type_name);
  case BulkShape::DateTimeOffset:
    // The value is UTC (offset 0), as the bulk load sends it.
    return cast(remote::format_days_since_1900(value.datetime.days_since_1900) + " " +
                    clock_text(value.datetime.time_100ns) + " +00:00",
                column.type_name);
  case BulkShape::Guid:
    return cast(guid_text(value.guid), "uniqueidentifier");
  case BulkShape::UnicodeText:
  case BulkShape::CodePageText:
    return quote_tsql_string(source_utf8);
  case BulkShape::Binary:
    return hex(value.bytes);
  }
  return "NULL";
}

std::string build_tsql_insert_batch(const TsqlInsertSpec &spec, const std::vector<std::string> &rows) {
  std::string head = "INSERT INTO " + spec.table;
  if (spec.columns.empty()) {
    std::string batch;
    for (std::size_t i = 0; i < rows.size(); ++i)
      batch += head + " DEFAULT VALUES;\n";
    return batch;
  }
  head += " (";
  for (std::size_t c = 0; c < spec.columns.size(); ++c)
    head += (c ? ", " : "") + quote_tsql_identifier(spec.columns[c], "column name");
  head += ") VALUES ";
  std::string batch;
  if (spec.identity_insert)
    batch += "SET IDENTITY_INSERT " + spec.table + " ON;\n";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    batch += (i % kMaxRowsPerInsert == 0 ? head : ", ") + rows[i];
    if (i % kMaxRowsPerInsert == kMaxRowsPerInsert - 1 || i + 1 == rows.size())
      batch += ";\n";
  }
  if (spec.identity_insert)
    batch += "SET IDENTITY_INSERT " + spec.table + " OFF;\n";
  return batch;
}

} // namespace mssql_upsert::sqlgen
