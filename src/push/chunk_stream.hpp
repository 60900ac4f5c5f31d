// Streaming source rows into a bulk load of the staging table: each row is
// read, converted, checked against its remote column and sent at once.
#pragma once

#include "push/push_plan.hpp"
#include "push/source_cursor.hpp"
#include "remote/mssql_value_encoding.hpp"
#include "remote/remote_connection.hpp"

extern "C" {
#include "utils/palloc.h"
}

#include <cstdint>
#include <string>
#include <vector>

namespace mssql_upsert::push {

// What streaming a chunk reuses from row to row and chunk to chunk: one
// converted row (its text buffers keep their capacity, so sending a row
// allocates nothing) and the chunk's keys for the repeated-key check.
struct StreamBuffers {
  std::vector<remote::SourceValue> values;
  std::vector<remote::BulkValue> row;
  std::vector<std::string> keys;
};

// Streams up to chunk_rows source rows into a new bulk load of the staging
// table, converting and sending each row as it is read. Returns the rows sent;
// 0 when the source is exhausted (no load is started then). A value that does
// not fit abandons the load: the connection is then dropped, so nothing of the
// chunk can be merged.
// keep_staged: add to what the staging table holds (the compare's key table).
int64_t stream_chunk(remote::Connection &connection, SourceCursor &cursor,
                     const SourceRowReader &reader, const PushPlan &plan,
                     const std::string &remote_display, int chunk_rows, MemoryContext row_memory,
                     StreamBuffers &buffers, bool keep_staged = false);

} // namespace mssql_upsert::push
