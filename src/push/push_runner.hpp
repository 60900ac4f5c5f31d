// mssql_upsert_push's work: read the source chunk by chunk, bulk-load each
// chunk into a #temp staging table and MERGE it into the remote table.
#pragma once

#include "column_match/foreign_columns.hpp"
#include "column_match/sync_stats.hpp"

#include <optional>
#include <string>
#include <vector>

namespace mssql_upsert::push {

// deletes => 'compare' of a named push sync: after the upsert, remote rows
// (within remote_filter) whose key no local row (within local_filter) has are
// deleted in the same remote transaction, unless more than
// max_delete_fraction of them would go.
struct CompareDeletes {
  std::string sync_name;
  std::string local_table; // as SQL, quoted
  std::optional<std::string> local_filter;
  std::optional<std::string> remote_filter;
  double max_delete_fraction = 0.5;
};

struct PushRequest {
  std::string source; // a table name, or a query (SELECT / WITH / VALUES / TABLE ...)
  std::string server;
  std::string remote_table;
  std::optional<std::vector<std::string>> key_columns;
  std::optional<std::vector<std::string>> columns;
  int chunk_rows = 10000;
  int writer_id = 0;
  std::optional<int> partition_id;
  int max_retries = 5;
  bool atomic = false;
  // A push to a foreign table: only the remote columns it declares take part,
  // under its column names.
  std::optional<std::vector<sync::ForeignColumn>> foreign_columns;
  std::string foreign_table_display;
  // Check everything a push checks before it sends a row (server, privileges,
  // source, remote table, columns, key), then return empty statistics.
  bool plan_only = false;
  // Needs atomic: a refused compare rolls the upsert back too.
  std::optional<CompareDeletes> compare_deletes;
};

sync::SyncStats run_push(const PushRequest &request);

} // namespace mssql_upsert::push
