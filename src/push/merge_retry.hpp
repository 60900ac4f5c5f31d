// Runs one chunk's MERGE batch, retrying it when SQL Server picks it as a
// deadlock victim (error 1205): after 200 ms x attempt, up to max_retries
// times, with a WARNING "deadlock on <table>, retry k/N" each time. No other
// error is retried. In an atomic push the deadlock has rolled back the whole
// remote transaction, so it is raised at once.
#pragma once

#include "remote/remote_connection.hpp"

#include <cstdint>
#include <string>

namespace mssql_upsert::push {

struct MergeRetryPolicy {
  int max_retries = 5;
  bool atomic = false;
  int base_delay_ms = 200;
};

struct MergeCounts {
  int64_t inserted = 0;
  int64_t updated = 0;
  int64_t retries = 0;
};

// merge_batch: sqlgen's build_tsql_merge_batch (one row: inserted, updated).
// after_failure: sent after a deadlock before the retry ("" for none), e.g.
// SET IDENTITY_INSERT ... OFF, which the aborted batch did not reach.
MergeCounts run_merge_with_retry(remote::Connection &connection, const std::string &merge_batch,
                                 const std::string &after_failure, const std::string &table_display,
                                 const MergeRetryPolicy &policy);

} // namespace mssql_upsert::push
