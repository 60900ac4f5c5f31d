// A failed run's history row, written outside the caller's transaction: the
// caller's transaction is about to roll back (the run's error is re-raised),
// so a dynamic background worker connected to the same database as the same
// role inserts the row and commits it on its own. A worker rather than a
// loopback connection: no libpq, no password or pg_hba.conf rule, no port
// to know; the worker costs one max_worker_processes slot for milliseconds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace mssql_upsert::named_sync {

struct FailedRun {
  std::string schema; // the extension's
  int64_t run_id = 0;
  std::string sync_name;
  std::string owner;
  int64_t started_at = 0; // TimestampTz
  std::optional<std::string> watermark_from;
  std::string message;
  std::string sqlstate;
};

// True once the worker committed the row; false (with a WARNING saying why)
// when no worker could be started or it failed.
bool record_failed_run(const FailedRun &run);

} // namespace mssql_upsert::named_sync
