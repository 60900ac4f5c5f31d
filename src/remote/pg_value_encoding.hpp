// Remote values in PostgreSQL's internal shapes, computed without PostgreSQL:
// timestamps as microseconds since 2000-01-01, dates as days since 2000-01-01,
// numerics in numeric_recv's binary format. The pg side wraps them in Datums.
//
// Precision rule (documented in the README): SQL Server keeps time in 100 ns
// units, PostgreSQL in microseconds; values are rounded to the nearest
// microsecond, halves away from zero. A time of day that would round up to
// 24:00:00 stays 23:59:59.999999; a timestamp rounds into the next day as it should.
#pragma once

#include "remote/remote_connection.hpp"

#include <cstdint>
#include <string>

namespace mssql_upsert::remote {

inline constexpr int32_t kDaysFrom1900To2000 = 36524;
inline constexpr int64_t kMicrosecondsPerDay = 86'400'000'000;

int32_t pg_date_days(const DateTimeValue &value);
int64_t pg_time_microseconds(const DateTimeValue &value);
int64_t pg_timestamp_microseconds(const DateTimeValue &value); // also timestamptz (UTC)

// The external binary form numeric_recv reads (big-endian int16 fields).
std::string pg_numeric_binary(const DecimalValue &value);
// The decimal digits of the value, e.g. "-123.4500" (for messages and tests).
std::string decimal_to_string(const DecimalValue &value);

} // namespace mssql_upsert::remote
