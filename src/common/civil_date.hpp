// Proleptic Gregorian calendar dates from day counts, for the encodings that
// write dates as text (T-SQL literals, bounds, watermarks).
#pragma once

#include <cstdint>

namespace mssql_upsert {

struct CivilDate {
  int64_t year;
  int month; // 1..12
  int day;   // 1..31
};

// The date `days` days after 1970-01-01 (negative: before it).
CivilDate civil_from_days_since_1970(int64_t days);

} // namespace mssql_upsert
