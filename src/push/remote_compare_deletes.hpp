// deletes => 'compare' of a push: every local key (within local_filter) goes
// into a #temp key table, then the remote rows (within remote_filter) without
// one are counted, checked against max_delete_fraction and deleted, on the
// push's connection and in its remote transaction
// (sqlgen/tsql_compare_deletes_sql).
#pragma once

#include "push/chunk_stream.hpp"
#include "push/push_runner.hpp"

namespace mssql_upsert::push {

// Returns the rows SQL Server deleted; throws Error (22000) past the guard.
int64_t delete_absent_remote_rows(remote::Connection &connection, const PushPlan &plan,
                                  const SourceRowReader &reader, const CompareDeletes &compare,
                                  const std::string &remote_display, int chunk_rows,
                                  MemoryContext row_memory, StreamBuffers &buffers);

} // namespace mssql_upsert::push
