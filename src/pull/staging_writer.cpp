#include "pull/staging_writer.hpp"

#include "pg/pg_guard.hpp"

extern "C" {
#include "access/table.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "executor/executor.h"
}

namespace mssql_upsert::pull {

StagingWriter::StagingWriter(Oid staging_relid) {
  pg::pg_call([&] {
    rel_ = table_open(staging_relid, RowExclusiveLock);
    bulk_state_ = GetBulkInsertState();
    command_id_ = GetCurrentCommandId(true);
    slots_.reserve(kBatchRows);
    for (int i = 0; i < kBatchRows; ++i)
      slots_.push_back(
          MakeSingleTupleTableSlot(RelationGetDescr(rel_), table_slot_callbacks(rel_)));
  });
}

void StagingWriter::add_row(const Datum *values, const bool *nulls) {
  TupleTableSlot *slot = slots_[buffered_];
  int natts = RelationGetDescr(rel_)->natts;
  pg::pg_call([&] { ExecClearTuple(slot); });
  std::copy(values, values + natts, slot->tts_values);
  std::copy(nulls, nulls + natts, slot->tts_isnull);
  pg::pg_call([&] { ExecStoreVirtualTuple(slot); });
  if (++buffered_ == kBatchRows)
    flush();
}

void StagingWriter::flush() {
  if (buffered_ == 0)
    return;
  pg::pg_call([&] {
    table_multi_insert(rel_, slots_.data(), buffered_, command_id_, 0, bulk_state_);
    for (int i = 0; i < buffered_; ++i)
      ExecClearTuple(slots_[i]);
  });
  written_ += buffered_;
  buffered_ = 0;
}

uint64_t StagingWriter::close() {
  flush();
  pg::pg_call([&] {
    for (TupleTableSlot *slot : slots_)
      ExecDropSingleTupleTableSlot(slot);
    FreeBulkInsertState(bulk_state_);
    table_finish_bulk_insert(rel_, 0);
    table_close(rel_, NoLock);
    CommandCounterIncrement();
  });
  slots_.clear();
  rel_ = nullptr;
  return written_;
}

} // namespace mssql_upsert::pull
