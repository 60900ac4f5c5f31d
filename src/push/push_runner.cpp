#include "push/push_runner.hpp"

#include "common/repeated_key.hpp"
#include "options/fdw_options.hpp"
#include "pg/connection_cache.hpp"
#include "pg/memory_context_scope.hpp"
#include "pg/pg_guard.hpp"
#include "pg/server_access.hpp"
#include "pg/spi_session.hpp"
#include "progress/progress_report.hpp"
#include "push/chunk_stream.hpp"
#include "push/merge_retry.hpp"
#include "push/push_plan.hpp"
#include "push/remote_catalog.hpp"
#include "push/remote_compare_deletes.hpp"
#include "push/remote_transaction.hpp"
#include "push/source_cursor.hpp"
#include "push/source_row_reader.hpp"
#include "remote/bulk_key.hpp"
#include "sqlgen/tsql_merge_sql.hpp"
#include "sqlgen/tsql_select_sql.hpp"

extern "C" {
#include "utils/memutils.h"
}

#include <malloc.h>

#include <chrono>

namespace mssql_upsert::push {

namespace {

struct SourceQuery {
  std::string sql;
  std::string display; // the table's name, or "a query"
};

// The query that reads the source: the text itself, or every column of the
// named table (SELECT privilege is then checked as for any query).
SourceQuery source_query(pg::SpiSession &spi, const std::string &source) {
  if (source_is_query(source))
    return {source, "a query"};
  auto name =
      spi.query_text("SELECT $1::pg_catalog.regclass::pg_catalog.text, "
                     "pg_catalog.format('%I.%I', n.nspname, c.relname) FROM pg_catalog.pg_class c "
                     "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                     "WHERE c.oid = $1::pg_catalog.regclass",
                     {source});
  return {"SELECT * FROM " + *name.at(0).at(0), *name.at(0).at(1)};
}

Error duplicate_key_error(const std::string &key) {
  return repeated_key_error("the push source has", key,
                            "The key columns must identify source rows uniquely; choose "
                            "key_columns that do.");
}

// Gives the chunk's freed memory back to the system when the push ends, however
// it ends: glibc keeps freed blocks that lie below the heap's top, and the
// backend may stay idle for hours after a sync, holding them (measured in
// bench/RESULTS.md).
struct HeapTrimAtExit {
  HeapTrimAtExit() = default;
  HeapTrimAtExit(const HeapTrimAtExit &) = delete;
  HeapTrimAtExit &operator=(const HeapTrimAtExit &) = delete;
  ~HeapTrimAtExit() { malloc_trim(0); }
};

void refuse_duplicate_keys(remote::Connection &connection, const PushPlan &plan) {
  auto duplicate = connection.query(sqlgen::build_tsql_duplicate_key_sql(plan.spec));
  if (!duplicate->next_row())
    return;
  const std::vector<std::string> names = key_names(plan);
  std::vector<std::optional<std::string>> values;
  for (int k = 0; k < static_cast<int>(names.size()); ++k)
    values.push_back(duplicate->is_null(k) ? std::nullopt
                                           : std::optional<std::string>(duplicate->get_bytes(k)));
  while (duplicate->next_row()) {
  }
  throw duplicate_key_error(format_key(names, values));
}

} // namespace

sync::SyncStats run_push(const PushRequest &request) {
  const auto started = std::chrono::steady_clock::now();
  sync::SyncStats stats;

  pg::ServerAccess access = pg::open_server_access(request.server);
  sqlgen::QualifiedName remote_name = sqlgen::parse_tsql_qualified_name(
      request.remote_table, "dbo", options::option_value(access.server_options, "database"));
  const std::string remote_display = sqlgen::tsql_table_reference(remote_name);

  pg::SpiSession spi;
  const SourceQuery source = source_query(spi, request.source);
  SourceCursor cursor(source.sql);
  SourceRowReader reader(cursor.tuple_desc());

  pg::RemoteConnectionLease lease(access);
  remote::Connection &connection = lease.connection();
  PushTarget target =
      push_target(request, read_remote_table(connection, remote_name, remote_display), remote_display);
  PushPlan plan = plan_push(request, remote_name, target, reader);
  if (request.plan_only) {
    lease.release();
    cursor.close();
    spi.finish();
    return stats;
  }
  // Recreated per call: the previous call on this connection may have staged other columns.
  connection.execute(sqlgen::build_tsql_staging_drop_sql(plan.spec));
  connection.execute(sqlgen::build_tsql_staging_create_sql(plan.spec));
  const std::string merge_batch = sqlgen::build_tsql_merge_batch(plan.spec);
  const std::string identity_off =
      plan.matched.inserts_identity ? sqlgen::build_tsql_identity_insert_sql(remote_name, false) : "";
  // A compare's guard may refuse the run after the upsert: then nothing of it may stay.
  const bool atomic = request.atomic || request.compare_deletes.has_value();
  const MergeRetryPolicy policy{request.max_retries, atomic};

  MemoryContext row_memory = pg::pg_call([] {
    return AllocSetContextCreate(CurrentMemoryContext, "mssql_upsert_push row", ALLOCSET_DEFAULT_SIZES);
  });
  progress::ProgressReport report("push", source.display + " -> " + remote_display);
  RemoteTransaction transaction(connection, atomic);
  HeapTrimAtExit trim_heap; // declared before buffers, so it runs after they are freed
  StreamBuffers buffers;
  for (;;) {
    report.phase("sending");
    const int64_t sent = stream_chunk(connection, cursor, reader, plan, remote_display,
                                      request.chunk_rows, row_memory, buffers);
    if (sent == 0)
      break;
    // A key found twice here is shown as the server's GROUP BY over the staged
    // chunk shows it: the source rows are gone by now.
    if (!plan.keys_checked_locally || remote::find_repeated_key(buffers.keys))
      refuse_duplicate_keys(connection, plan);
    report.phase("merging");
    MergeCounts counts = run_merge_with_retry(connection, merge_batch, identity_off, remote_display, policy);
    stats.add_chunk(sent, counts.inserted, counts.updated);
    report.add(sent, counts.inserted + counts.updated, 1);
    stats.retries += counts.retries;
    if (sent < request.chunk_rows)
      break;
  }
  connection.execute(sqlgen::build_tsql_truncate_staging_sql(plan.spec));
  if (request.compare_deletes)
    report.phase("deleting");
  if (request.compare_deletes)
    stats.rows_deleted =
        delete_absent_remote_rows(connection, plan, reader, *request.compare_deletes,
                                  remote_display, request.chunk_rows, row_memory, buffers);
  transaction.commit();
  lease.release();
  cursor.close();
  spi.finish();
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return stats;
}

} // namespace mssql_upsert::push
