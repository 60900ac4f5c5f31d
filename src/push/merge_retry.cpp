#include "push/merge_retry.hpp"

#include "common/error.hpp"
#include "push/backend_wait.hpp"

namespace mssql_upsert::push {

namespace {

constexpr const char *kDeadlockState = sqlstate::kDeadlockDetected;

MergeCounts run_once(remote::Connection &connection, const std::string &merge_batch) {
  auto stream = connection.query(merge_batch);
  if (!stream->next_row())
    throw Error("the MERGE batch returned no counts", sqlstate::kFdwError);
  MergeCounts counts;
  counts.inserted = stream->get_int(0);
  counts.updated = stream->get_int(1);
  while (stream->next_row()) {
  }
  return counts;
}

} // namespace

MergeCounts run_merge_with_retry(remote::Connection &connection, const std::string &merge_batch,
                                 const std::string &after_failure, const std::string &table_display,
                                 const MergeRetryPolicy &policy) {
  for (int attempt = 0;; ++attempt) {
    try {
      MergeCounts counts = run_once(connection, merge_batch);
      counts.retries = attempt;
      return counts;
    } catch (const Error &e) {
      if (e.sqlstate() != kDeadlockState)
        throw;
      if (policy.atomic)
        throw Error("deadlock on " + table_display + "; the remote transaction was rolled back",
                    kDeadlockState, e.what(),
                    "An atomic push is not retried after a deadlock: run it again.");
      if (attempt >= policy.max_retries)
        throw Error("deadlock on " + table_display + ", still after " + std::to_string(policy.max_retries) +
                        " retries",
                    kDeadlockState, e.what(), "Raise max_retries or run the push again.");
    }
    if (!after_failure.empty())
      connection.execute(after_failure);
    warn("deadlock on " + table_display + ", retry " + std::to_string(attempt + 1) + "/" +
         std::to_string(policy.max_retries));
    sleep_interruptibly(policy.base_delay_ms * (attempt + 1));
  }
}

} // namespace mssql_upsert::push
