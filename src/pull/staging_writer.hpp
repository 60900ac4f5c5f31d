// Writes one chunk of rows into a TEMP staging table the way COPY FROM does:
// virtual tuple slots, table_multi_insert in batches, one BulkInsertState.
#pragma once

#include "pg/pg_headers.hpp"

extern "C" {
#include "access/heapam.h"
#include "executor/tuptable.h"
#include "utils/rel.h"
}

#include <string>
#include <vector>

namespace mssql_upsert::pull {

class StagingWriter {
public:
  // Opens the staging relation for one chunk. Row values passed to add_row must
  // stay valid until flush() or close() (callers allocate them in a per-chunk context).
  explicit StagingWriter(Oid staging_relid);
  StagingWriter(const StagingWriter &) = delete;
  StagingWriter &operator=(const StagingWriter &) = delete;

  TupleDesc tuple_desc() const { return RelationGetDescr(rel_); }
  // Copies values/nulls (natts entries) into the next slot; flushes full batches.
  void add_row(const Datum *values, const bool *nulls);
  // Writes buffered rows; returns the number of rows written since open.
  void flush();
  // Flushes and releases the relation and buffers. Must be called on success.
  uint64_t close();

private:
  static constexpr int kBatchRows = 1000; // as COPY's MAX_BUFFERED_TUPLES
  Relation rel_ = nullptr;
  BulkInsertState bulk_state_ = nullptr;
  std::vector<TupleTableSlot *> slots_;
  int buffered_ = 0;
  uint64_t written_ = 0;
  CommandId command_id_ = 0;
};

} // namespace mssql_upsert::pull
