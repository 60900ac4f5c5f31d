#include "push/push_runner.hpp"

#include "common/repeated_key.hpp"
#include "options/fdw_options.hpp"
#include "pg/connection_cache.hpp"
#include "pg/memory_context_scope.hpp"
#include "pg/pg_guard.hpp"
#include "pg/server_access.hpp"
#include "pg/spi_session.hpp"
#include "push/backend_wait.hpp"
#include "push/merge_retry.hpp"
#include "push/remote_catalog.hpp"
#include "push/remote_transaction.hpp"
#include "push/source_cursor.hpp"
#include "push/source_row_reader.hpp"
#include "remote/bulk_key.hpp"
#include "remote/bulk_load.hpp"
#include "remote/mssql_value_encoding.hpp"
#include "sqlgen/identifier_quoting.hpp"
#include "sqlgen/qualified_name.hpp"
#include "sqlgen/staging_name.hpp"
#include "sqlgen/tsql_compare_deletes_sql.hpp"
#include "sqlgen/tsql_merge_sql.hpp"
#include "sqlgen/tsql_select_sql.hpp"

extern "C" {
#include "utils/memutils.h"
}

#include <malloc.h>

#include <algorithm>
#include <chrono>

namespace mssql_upsert::push {

namespace {

constexpr int kInterruptCheckRows = 1000;

// The query that reads the source: the text itself, or every column of the
// named table (SELECT privilege is then checked as for any query).
std::string source_query(pg::SpiSession &spi, const std::string &source) {
  if (source_is_query(source))
    return source;
  auto name = spi.query_text("SELECT $1::regclass::text", {source});
  return "SELECT * FROM " + *name.at(0).at(0);
}

// The remote columns the push may fill, under the names the source matches
// (a foreign table's column names), with what SQL Server calls them.
struct PushTarget {
  RemoteTable table;
  std::vector<std::string> tsql_names; // per column of table
  std::string display;                 // for column-matching messages
};

PushTarget push_target(const PushRequest &request, RemoteTable remote, const std::string &remote_display) {
  PushTarget target;
  target.display = remote_display;
  if (!request.foreign_columns) {
    for (const sync::PushRemoteColumn &column : remote.columns)
      target.tsql_names.push_back(column.name);
    target.table = std::move(remote);
    return target;
  }
  target.display = remote_display + " as foreign table " + request.foreign_table_display + " declares it";
  std::vector<std::size_t> kept = sync::map_foreign_columns(
      request.foreign_table_display, remote_display, remote.columns, *request.foreign_columns, target.table.columns);
  for (std::size_t i = 0; i < kept.size(); ++i) {
    if (i > 0 && kept[i] == kept[i - 1])
      throw Error("columns \"" + target.table.columns[i - 1].name + "\" and \"" + target.table.columns[i].name +
                      "\" of foreign table " + request.foreign_table_display + " both name remote column \"" +
                      remote.columns[kept[i]].name + "\"",
                  sqlstate::kInvalidColumnReference, "", "A push fills each remote column from one column.");
    target.tsql_names.push_back(remote.columns[kept[i]].name);
  }
  // The remote keys under the foreign table's column names.
  auto declared_name = [&](const std::string &tsql_name) -> std::optional<std::string> {
    auto at = std::find(target.tsql_names.begin(), target.tsql_names.end(), tsql_name);
    if (at == target.tsql_names.end())
      return std::nullopt;
    return target.table.columns[at - target.tsql_names.begin()].name;
  };
  for (const std::vector<std::string> &unique : remote.keys.unique_keys) {
    std::vector<std::string> names;
    for (const std::string &column : unique)
      if (auto name = declared_name(column))
        names.push_back(*name);
    if (names.size() == unique.size()) // else it cannot be the MERGE key
      target.table.keys.unique_keys.push_back(std::move(names));
  }
  for (const std::string &key : remote.keys.primary_key) {
    if (auto name = declared_name(key)) {
      target.table.keys.primary_key.push_back(*name);
      continue;
    }
    if (request.key_columns) { // the caller's key replaces the primary key
      target.table.keys.primary_key.clear();
      break;
    }
    throw Error("primary key column \"" + key + "\" of remote table " + remote_display +
                    " is not a column of foreign table " + request.foreign_table_display,
                sqlstate::kUndefinedColumn, "",
                "Add it to the foreign table, or pass key_columns => ARRAY['...'] naming columns it declares.");
  }
  return target;
}

// What one push moves: the matched columns and the SQL around them.
struct PushPlan {
  sync::PushColumns matched;
  std::vector<std::size_t> source_columns;     // per staged column
  std::vector<remote::BulkColumn> bulk_columns; // per staged column
  sqlgen::TsqlMergeSpec spec;
  std::string staging_reference; // quoted
  // Duplicate keys are found as rows are encoded when SQL Server compares
  // every key column by its encoded value (remote/bulk_key); else by a GROUP
  // BY on the server after each load.
  bool keys_checked_locally = true;
};

PushPlan plan_push(const PushRequest &request, const sqlgen::QualifiedName &remote_name,
                   const PushTarget &target, const SourceRowReader &reader) {
  const RemoteTable &remote = target.table;
  PushPlan plan;
  plan.matched = sync::match_push_columns(target.display, remote.columns, remote.keys,
                                          reader.columns(), request.columns, request.key_columns);
  plan.spec.target = remote_name;
  plan.spec.staging_table = sqlgen::tsql_staging_table_name(remote_name.schema, remote_name.name,
                                                            request.writer_id, request.partition_id);
  plan.staging_reference = sqlgen::quote_tsql_identifier(plan.spec.staging_table, "staging table name");
  for (const sync::PushPair &pair : plan.matched.pairs) {
    const sync::PushRemoteColumn &column = remote.columns[pair.remote_index];
    plan.spec.columns.push_back({target.tsql_names[pair.remote_index], pair.is_key, column.is_identity,
                                 sqlgen::tsql_change_test_for_type(column.type_name)});
    plan.source_columns.push_back(pair.source_index);
    plan.bulk_columns.push_back(*column.bulk);
    if (pair.is_key && !remote::bulk_equality_is_exact(*column.bulk))
      plan.keys_checked_locally = false;
  }
  return plan;
}

const char *sqlstate_for(remote::BulkShape shape) {
  switch (shape) {
  case remote::BulkShape::UnicodeText:
  case remote::BulkShape::CodePageText:
  case remote::BulkShape::Binary:
    return sqlstate::kStringTooLong;
  case remote::BulkShape::DateTime:
  case remote::BulkShape::SmallDateTime:
  case remote::BulkShape::Date:
  case remote::BulkShape::DateTime2:
  case remote::BulkShape::DateTimeOffset:
    return sqlstate::kDatetimeOverflow;
  default:
    return sqlstate::kNumericOutOfRange;
  }
}

std::vector<std::string> key_names(const PushPlan &plan) {
  std::vector<std::string> names;
  for (const sqlgen::TsqlMergeColumn &column : plan.spec.columns)
    if (column.is_key)
      names.push_back(column.name);
  return names;
}

// "(OrderId, Line)=(7, 2)" for messages, from the source row.
std::string row_key(const PushPlan &plan, const SourceRowReader &reader, HeapTuple tuple) {
  std::vector<std::optional<std::string>> values;
  for (std::size_t c = 0; c < plan.spec.columns.size(); ++c)
    if (plan.spec.columns[c].is_key)
      values.push_back(reader.text_of(tuple, plan.source_columns[c]));
  return format_key(key_names(plan), values);
}

Error duplicate_key_error(const std::string &key) {
  return repeated_key_error("the push source has", key,
                            "The key columns must identify source rows uniquely; choose "
                            "key_columns that do.");
}

// The row's key in remote/bulk_key's form.
std::string bulk_key(const PushPlan &plan, const std::vector<remote::BulkValue> &row) {
  std::string key;
  for (std::size_t c = 0; c < plan.spec.columns.size(); ++c)
    if (plan.spec.columns[c].is_key)
      remote::append_bulk_key(row[c], plan.bulk_columns[c], key);
  return key;
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

// Source rows fetched from the cursor at a time: a chunk is streamed into the
// bulk load, never held whole.
constexpr int64_t kFetchRows = 1000;

// A text buffer larger than this is not kept for the next row, so that one
// large value does not hold its memory for the rest of the push.
constexpr std::size_t kKeptBufferBytes = 64 * 1024;

// What streaming a chunk reuses from row to row and chunk to chunk: one
// converted row (its text buffers keep their capacity, so sending a row
// allocates nothing) and the chunk's keys for the repeated-key check.
struct StreamBuffers {
  std::vector<remote::SourceValue> values;
  std::vector<remote::BulkValue> row;
  std::vector<std::string> keys;
};

// Converts one source row for the bulk load, checking every value against its
// remote column.
void convert_row(const SourceRowReader &reader, const PushPlan &plan,
                 const std::string &remote_display, HeapTuple tuple, StreamBuffers &buffers) {
  reader.read(tuple, plan.source_columns, buffers.values);
  for (std::size_t c = 0; c < buffers.values.size(); ++c) {
    remote::BulkValue &value = buffers.row[c];
    if (value.bytes.capacity() > kKeptBufferBytes)
      std::string().swap(value.bytes);
    std::string why = remote::encode_bulk_value(plan.bulk_columns[c], buffers.values[c], value);
    if (!why.empty())
      throw Error("value for remote column \"" + plan.bulk_columns[c].name + "\" (" +
                      plan.bulk_columns[c].type_name + ") of " + remote_display +
                      " does not fit, in the row with key " + row_key(plan, reader, tuple) + ": " +
                      why,
                  sqlstate_for(plan.bulk_columns[c].shape), "",
                  "Nothing of this chunk was merged; fix or filter the source rows.");
  }
}

// Streams up to chunk_rows source rows into a new bulk load of the staging
// table, converting and sending each row as it is read. Returns the rows sent;
// 0 when the source is exhausted (no load is started then). A value that does
// not fit abandons the load: the connection is then dropped, so nothing of the
// chunk can be merged.
// keep_staged: add to what the staging table holds (the compare's key table).
int64_t stream_chunk(remote::Connection &connection, SourceCursor &cursor,
                     const SourceRowReader &reader, const PushPlan &plan,
                     const std::string &remote_display, int chunk_rows, MemoryContext row_memory,
                     StreamBuffers &buffers, bool keep_staged = false) {
  uint64_t fetched = cursor.fetch(std::min<int64_t>(kFetchRows, chunk_rows));
  if (fetched == 0)
    return 0;
  if (!keep_staged)
    connection.execute(sqlgen::build_tsql_truncate_staging_sql(plan.spec));
  auto load = connection.bulk_load(plan.staging_reference, plan.bulk_columns);
  buffers.values.resize(plan.source_columns.size());
  buffers.row.resize(plan.source_columns.size());
  buffers.keys.clear();
  int64_t sent = 0;
  while (fetched > 0) {
    SPITupleTable *table = cursor.rows();
    {
      // After SPI_cursor_fetch the SPI procedure context is current, which
      // lives for the whole call: what reading a row allocates (numeric_send
      // buffers, detoasted and output-function text) is freed after each row.
      pg::MemoryContextScope row_scope(row_memory);
      for (uint64_t r = 0; r < fetched; ++r) {
        convert_row(reader, plan, remote_display, table->vals[r], buffers);
        if (plan.keys_checked_locally)
          buffers.keys.push_back(bulk_key(plan, buffers.row));
        load->send_row(buffers.row);
        pg::pg_call([&] { MemoryContextReset(row_memory); });
        if (++sent % kInterruptCheckRows == 0)
          pg::check_for_interrupts();
      }
    }
    cursor.release_rows();
    const int64_t wanted = std::min<int64_t>(kFetchRows, chunk_rows - sent);
    fetched = wanted > 0 ? cursor.fetch(wanted) : 0;
  }
  cursor.release_rows();
  int64_t loaded = load->finish();
  if (loaded != sent)
    throw Error("the bulk load into " + plan.staging_reference + " reported " +
                    std::to_string(loaded) + " rows for " + std::to_string(sent) + " sent",
                sqlstate::kFdwError);
  return sent;
}

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

// deletes => 'compare': every local key (within local_filter) goes into a
// #temp key table, then the remote rows (within remote_filter) without one are
// counted, checked against max_delete_fraction and deleted.
int64_t delete_absent_remote_rows(remote::Connection &connection, const PushPlan &plan,
                                  const SourceRowReader &reader, const CompareDeletes &compare,
                                  const std::string &remote_display, int chunk_rows,
                                  MemoryContext row_memory, StreamBuffers &buffers) {
  PushPlan keys;
  keys.spec.target = plan.spec.target;
  keys.spec.staging_table = sqlgen::tsql_compare_keys_table_name(plan.spec.staging_table);
  keys.staging_reference = sqlgen::quote_tsql_identifier(keys.spec.staging_table, "key table name");
  sqlgen::TsqlCompareDeletesSpec deletes{
      plan.spec.target, keys.spec.staging_table, {}, compare.remote_filter};
  std::string select;
  for (std::size_t c = 0; c < plan.spec.columns.size(); ++c) {
    if (!plan.spec.columns[c].is_key)
      continue;
    keys.spec.columns.push_back(plan.spec.columns[c]);
    keys.bulk_columns.push_back(plan.bulk_columns[c]);
    keys.source_columns.push_back(keys.source_columns.size());
    deletes.key_columns.push_back(plan.spec.columns[c].name);
    select +=
        (select.empty() ? "" : ", ") +
        sqlgen::quote_pg_identifier(reader.columns()[plan.source_columns[c]].name, "key column");
  }
  const bool filtered = compare.local_filter && !compare.local_filter->empty();
  SourceCursor key_cursor("SELECT " + select + " FROM " + compare.local_table + " AS t" +
                          (filtered ? " WHERE (" + *compare.local_filter + ")" : ""));
  SourceRowReader key_reader(key_cursor.tuple_desc());
  connection.execute(sqlgen::build_tsql_staging_drop_sql(keys.spec));
  connection.execute(sqlgen::build_tsql_staging_create_sql(keys.spec));
  buffers.values.clear();
  buffers.row.clear();
  while (stream_chunk(connection, key_cursor, key_reader, keys, remote_display, chunk_rows,
                      row_memory, buffers, true) == chunk_rows) {
  }
  key_cursor.close();

  int64_t total = 0, absent = 0;
  {
    auto counts = connection.query(sqlgen::build_tsql_absent_keys_count_sql(deletes));
    if (counts->next_row()) {
      total = counts->get_int(0);
      absent = counts->get_int(1);
    }
    while (counts->next_row()) {
    }
  }
  if (absent > 0 &&
      static_cast<double>(absent) > compare.max_delete_fraction * static_cast<double>(total)) {
    char fraction[32];
    snprintf(fraction, sizeof fraction, "%g", compare.max_delete_fraction);
    throw Error("sync \"" + compare.sync_name + "\": the compare would delete " +
                    std::to_string(absent) + " of " + std::to_string(total) + " rows of " +
                    remote_display + ", more than max_delete_fraction " + fraction,
                sqlstate::kDataException, "Nothing was deleted or merged: the run rolls back.",
                "If the local table really lost those rows, raise max_delete_fraction with "
                "mssql_upsert_sync_define for one run.");
  }
  const int64_t deleted =
      absent > 0 ? connection.execute(sqlgen::build_tsql_delete_absent_keys_sql(deletes)) : 0;
  connection.execute(sqlgen::build_tsql_staging_drop_sql(keys.spec));
  return deleted;
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
  SourceCursor cursor(source_query(spi, request.source));
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
  RemoteTransaction transaction(connection, atomic);
  HeapTrimAtExit trim_heap; // declared before buffers, so it runs after they are freed
  StreamBuffers buffers;
  for (;;) {
    const int64_t sent = stream_chunk(connection, cursor, reader, plan, remote_display,
                                      request.chunk_rows, row_memory, buffers);
    if (sent == 0)
      break;
    // A key found twice here is shown as the server's GROUP BY over the staged
    // chunk shows it: the source rows are gone by now.
    if (!plan.keys_checked_locally || remote::find_repeated_key(buffers.keys))
      refuse_duplicate_keys(connection, plan);
    MergeCounts counts = run_merge_with_retry(connection, merge_batch, identity_off, remote_display, policy);
    stats.add_chunk(sent, counts.inserted, counts.updated);
    stats.retries += counts.retries;
    if (sent < request.chunk_rows)
      break;
  }
  connection.execute(sqlgen::build_tsql_truncate_staging_sql(plan.spec));
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
