// The statistics row every sync call returns.
#pragma once

#include <cstdint>

namespace mssql_upsert::sync {

struct SyncStats {
  int64_t rows_read = 0;
  int64_t rows_inserted = 0;
  int64_t rows_updated = 0;
  int64_t rows_unchanged = 0;
  int64_t rows_deleted = 0; // a push sync's deletes => 'compare'; pulls delete in named_sync
  int64_t chunks = 0;
  int64_t retries = 0;
  double seconds = 0;

  double rows_per_second() const { return seconds > 0 ? static_cast<double>(rows_read) / seconds : 0; }
  // Adds one merged chunk: staged rows, of which inserted and updated; the rest were unchanged.
  void add_chunk(int64_t staged, int64_t inserted, int64_t updated) {
    rows_read += staged;
    rows_inserted += inserted;
    rows_updated += updated;
    rows_unchanged += staged - inserted - updated;
    chunks += 1;
  }
};

} // namespace mssql_upsert::sync
