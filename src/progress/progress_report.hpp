// Progress of running pulls, pushes and syncs, readable by other sessions
// (the view mssql_upsert_progress): one slot per backend in shared memory,
// which exists only when the library is in shared_preload_libraries; without
// it, reports are dropped and the view says why.
#pragma once

#include "pg/pg_headers.hpp"

extern "C" {
#include "datatype/timestamp.h"
}

#include <cstdint>
#include <string>
#include <vector>

namespace mssql_upsert::progress {

// For _PG_init: asks for the shared memory when the library is being preloaded.
void request_shared_memory();

// True when the slots exist (the library was preloaded).
bool available();

// One running call as the view shows it.
struct ProgressRow {
  int pid = 0;
  Oid role = InvalidOid;
  std::string kind, name, phase;
  int64_t rows_read = 0, rows_written = 0, chunks = 0;
  TimestampTz started_at = 0;
};

// Every claimed slot, each read under its lock. Call only when available().
std::vector<ProgressRow> running_calls();

// A call's slot while it runs (RAII). The outermost report of a backend claims
// its slot and names it; a nested one (a sync's pull) shares it, keeps the
// outer kind and name, and adds its counts. The slot is freed when the
// outermost report ends, by the transaction's abort, or at backend exit.
class ProgressReport {
public:
  ProgressReport(const char *kind, const std::string &name);
  ~ProgressReport();
  ProgressReport(const ProgressReport &) = delete;
  ProgressReport &operator=(const ProgressReport &) = delete;

  void phase(const char *phase);
  // The outermost report's phase, kept while nested reports run (a sync's
  // compare, whose keys pull would otherwise show reading/writing).
  void hold_phase(const char *phase);
  void add(int64_t rows_read, int64_t rows_written, int64_t chunks);

private:
  bool outermost_ = false;
};

} // namespace mssql_upsert::progress
