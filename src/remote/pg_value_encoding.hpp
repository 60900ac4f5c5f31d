// Remote values in PostgreSQL's internal shapes, computed without PostgreSQL:
// timestamps as microseconds since 2000-01-01, dates as days since 2000-01-01,
// numerics in numeric_recv's binary format. The pg side wraps them in Datums.
//
// Precision rule (documented in the README): SQL Server keeps time in 100 ns
// units, PostgreSQL in microseconds; the seventh fractional digit is dropped
// (truncation toward the past), so no value moves to another day or past
// 9999-12-31 23:59:59.999999. (datetime's 1/300 s ticks are first rounded to
// the milliseconds SQL Server shows, by the driver layer.)
#pragma once

#include "remote/remote_connection.hpp"

#include <cstdint>
#include <string>

namespace mssql_upsert::remote {

inline constexpr int32_t kDaysFrom1900To2000 = 36524;
inline constexpr int32_t kDaysFrom1900To1970 = 25567;
inline constexpr int64_t kMicrosecondsPerDay = 86'400'000'000;

int32_t pg_date_days(const DateTimeValue &value);
int64_t pg_time_microseconds(const DateTimeValue &value);
int64_t pg_timestamp_microseconds(const DateTimeValue &value); // also timestamptz (UTC)

// The external binary form numeric_recv reads (big-endian int16 fields).
std::string pg_numeric_binary(const DecimalValue &value);
// The decimal digits of the value, e.g. "-123.4500" (for messages and tests).
std::string decimal_to_string(const DecimalValue &value);

} // namespace mssql_upsert::remote
