// PostgreSQL values (in neutral shapes the pg side reads out of Datums) into
// SQL Server's bulk-load shapes (BulkValue), with the check that the value
// fits the remote column: length, range, precision, date limits. Pure.
//
// Rules (documented in the README's push type table):
// - numeric is rounded half away from zero to the column's scale, as SQL
//   Server rounds, then must have at most precision digits;
// - timestamps are split into SQL Server's date and 100 ns time parts;
//   datetime rounds to its 1/300 s ticks and smalldatetime to the minute
//   (29.999 s and up round up), as SQL Server does on conversion;
// - text goes as UTF-16LE into n-types and as code page 1252 into char,
//   varchar and text; lengths are checked in the column's own units.
#pragma once

#include "remote/bulk_load.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mssql_upsert::remote {

enum class SourceKind : uint8_t {
  Bool,
  Int,         // int2 int4 int8
  Float,       // float4 float8
  Numeric,     // numeric: bytes holds numeric_send's binary form
  Text,        // text varchar bpchar, and any other type's text output: bytes is UTF-8
  Binary,      // bytea
  Date,        // days since 2000-01-01; INT32_MIN / INT32_MAX are -infinity / infinity
  Time,        // microseconds since midnight
  Timestamp,   // microseconds since 2000-01-01; INT64_MIN / INT64_MAX are infinities
  TimestampTz, // the same, in UTC
  Uuid,
};

struct SourceValue {
  bool is_null = true;
  SourceKind kind = SourceKind::Int;
  bool bool_value = false;
  int64_t int_value = 0;
  double float_value = 0;
  std::string_view bytes;
  int32_t days = 0;
  int64_t microseconds = 0;
  std::array<uint8_t, 16> uuid{};
};

// Whether values of a PostgreSQL kind can go into a column of this shape at
// all (checked per column before any row is read).
bool source_kind_fits(SourceKind kind, BulkShape shape);
// Fills out (is_null and the fields of column.shape). Returns "" on success,
// else why the value does not fit, e.g. "value 300 is out of range for
// tinyint"; the caller adds the column and the row's key.
std::string encode_bulk_value(const BulkColumn &column, const SourceValue &value, BulkValue &out);

// numeric_send's binary form as an exact decimal; nullopt with why set for
// NaN, infinities and values of more than 38 digits.
std::optional<DecimalValue> decimal_from_pg_numeric_binary(std::string_view binary,
                                                           std::string *why);
// "YYYY-MM-DD" of a day counted from 1900-01-01 (proleptic Gregorian, year 1..9999 and beyond).
std::string format_days_since_1900(int64_t days);

} // namespace mssql_upsert::remote
