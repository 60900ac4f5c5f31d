#include "push/chunk_stream.hpp"

#include "common/error.hpp"
#include "pg/memory_context_scope.hpp"
#include "pg/pg_guard.hpp"
#include "sqlgen/tsql_merge_sql.hpp"

#include <algorithm>

namespace mssql_upsert::push {

namespace {

constexpr int kInterruptCheckRows = 1000;

// Source rows fetched from the cursor at a time: a chunk is streamed into the
// bulk load, never held whole.
constexpr int64_t kFetchRows = 1000;

// A text buffer larger than this is not kept for the next row, so that one
// large value does not hold its memory for the rest of the push.
constexpr std::size_t kKeptBufferBytes = 64 * 1024;

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

} // namespace

int64_t stream_chunk(remote::Connection &connection, SourceCursor &cursor,
                     const SourceRowReader &reader, const PushPlan &plan,
                     const std::string &remote_display, int chunk_rows, MemoryContext row_memory,
                     StreamBuffers &buffers, bool keep_staged) {
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

} // namespace mssql_upsert::push
