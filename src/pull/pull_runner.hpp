// mssql_upsert_pull's work: stream a remote SELECT chunk by chunk into the
// local table, merged through a staging relation or loaded directly
// (pull/pull_mode, pull/chunk_target).
#pragma once

#include "pg/pg_headers.hpp"
#include "pull/chunk_staging.hpp"
#include "column_match/foreign_columns.hpp"
#include "column_match/sync_stats.hpp"
#include "pull/pull_mode.hpp"

#include <optional>
#include <string>
#include <vector>

namespace mssql_upsert::pull {

struct PullRequest {
  std::string server;
  std::string remote_table;
  Oid local_table = InvalidOid;
  std::optional<std::vector<std::string>> key_columns;
  std::optional<std::vector<std::string>> columns;
  std::optional<std::string> remote_filter;
  int chunk_rows = 10000;
  int writer_id = 0;
  std::optional<int> partition_id;
  StagingKind staging = StagingKind::Memory;
  PullMode mode = PullMode::Auto;
  // A pull from a foreign table: only the remote columns it declares take
  // part, under its column names.
  std::optional<std::vector<sync::ForeignColumn>> foreign_columns;
  std::string foreign_table_display;
  // Check everything a pull checks before it reads a row (server, privileges,
  // tables, columns, key, types), then return empty statistics: a named sync's
  // definition is validated by the runner itself.
  bool plan_only = false;
};

sync::SyncStats run_pull(const PullRequest &request);

} // namespace mssql_upsert::pull
