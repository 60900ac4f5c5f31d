// One named sync's work between resolving its definition and recording the
// run: check a definition with the pull and push runners' own checks, or run
// it (watermark bound -> runner with a watermark-bounded filter -> compare
// deletes). The SQL functions around it (sql/, "Named syncs") lock the
// definition, keep the watermark and write the history.
#pragma once

#include "column_match/sync_stats.hpp"
#include "named_sync/sync_definition.hpp"

#include <optional>
#include <string>

namespace mssql_upsert::named_sync {

struct SyncStepResult {
  sync::SyncStats stats;
  int64_t rows_deleted = 0;
  std::optional<std::string> watermark_to; // the next run's watermark (NULL: not incremental)
};

// Every error a run would meet before it reads a row, as the pull or push
// gives it; also the watermark column and the compare's local_filter.
void check_sync(const SyncDefinition &definition);
SyncStepResult execute_sync(const SyncDefinition &definition);

} // namespace mssql_upsert::named_sync
