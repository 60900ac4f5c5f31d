#include "named_sync/failure_record.hpp"

#include "pg/pg_guard.hpp"

extern "C" {
#include "access/xact.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "pgstat.h"
#include "postmaster/bgworker.h"
#include "storage/dsm.h"
#include "storage/ipc.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/snapmgr.h"
#include "utils/timestamp.h"
}

#include <cstring>

namespace mssql_upsert::named_sync {

namespace {

// The worker's input and its one result, in a DSM segment: plain bytes, no pointers.
struct FailureRecord {
  Oid database_id;
  Oid role_id;
  int64 run_id;
  TimestampTz started_at;
  bool has_watermark;
  volatile bool recorded;
  char schema[NAMEDATALEN];
  char owner[NAMEDATALEN];
  char sqlstate[6];
  char sync_name[1024];
  char watermark_from[128];
  char message[4096];
};

void copy_truncated(char *to, std::size_t size, const std::string &from) {
  std::size_t length = std::min(from.size(), size - 1);
  // Cut at a UTF-8 character boundary.
  while (length > 0 && length < from.size() &&
         (static_cast<unsigned char>(from[length]) & 0xC0) == 0x80)
    --length;
  std::memcpy(to, from.data(), length);
  to[length] = '\0';
}

} // namespace

bool record_failed_run(const FailedRun &run) {
  return pg::pg_call([&] {
    dsm_segment *segment = dsm_create(sizeof(FailureRecord), 0);
    auto *record = static_cast<FailureRecord *>(dsm_segment_address(segment));
    memset(record, 0, sizeof *record);
    record->database_id = MyDatabaseId;
    record->role_id = GetUserId();
    record->run_id = run.run_id;
    record->started_at = run.started_at;
    record->has_watermark = run.watermark_from.has_value();
    copy_truncated(record->schema, sizeof record->schema, run.schema);
    copy_truncated(record->owner, sizeof record->owner, run.owner);
    copy_truncated(record->sqlstate, sizeof record->sqlstate, run.sqlstate);
    copy_truncated(record->sync_name, sizeof record->sync_name, run.sync_name);
    copy_truncated(record->watermark_from, sizeof record->watermark_from,
                   run.watermark_from.value_or(""));
    copy_truncated(record->message, sizeof record->message, run.message);

    BackgroundWorker worker;
    memset(&worker, 0, sizeof worker);
    worker.bgw_flags = BGWORKER_SHMEM_ACCESS | BGWORKER_BACKEND_DATABASE_CONNECTION;
    worker.bgw_start_time = BgWorkerStart_RecoveryFinished;
    worker.bgw_restart_time = BGW_NEVER_RESTART;
    snprintf(worker.bgw_library_name, BGW_MAXLEN, "mssql_upsert_fdw");
    snprintf(worker.bgw_function_name, BGW_MAXLEN, "mssql_upsert_sync_failure_worker");
    snprintf(worker.bgw_name, BGW_MAXLEN, "mssql_upsert_fdw failed-run record %lld",
             static_cast<long long>(run.run_id));
    snprintf(worker.bgw_type, BGW_MAXLEN, "mssql_upsert_fdw failed-run record");
    worker.bgw_main_arg = UInt32GetDatum(dsm_segment_handle(segment));
    worker.bgw_notify_pid = MyProcPid;

    BackgroundWorkerHandle *handle = nullptr;
    bool recorded = false;
    if (!RegisterDynamicBackgroundWorker(&worker, &handle)) {
      ereport(
          WARNING,
          (errmsg(
               "the failed run %lld of sync \"%s\" is not in mssql_upsert_sync_runs: no background "
               "worker slot is free",
               static_cast<long long>(run.run_id), run.sync_name.c_str()),
           errhint("Raise max_worker_processes.")));
    } else {
      WaitForBackgroundWorkerShutdown(handle);
      recorded = record->recorded;
      if (!recorded)
        ereport(WARNING, (errmsg("the failed run %lld of sync \"%s\" could not be recorded in "
                                 "mssql_upsert_sync_runs",
                                 static_cast<long long>(run.run_id), run.sync_name.c_str()),
                          errhint("The server log has the background worker's error.")));
    }
    dsm_detach(segment);
    return recorded;
  });
}

} // namespace mssql_upsert::named_sync

using mssql_upsert::named_sync::FailureRecord;

// The worker's entry point, started by the postmaster in its own process. It
// holds no C++ object with a destructor, so an ereport(ERROR) here (which
// ends the worker) unwinds no C++ frame.
extern "C" PGDLLEXPORT void mssql_upsert_sync_failure_worker(Datum main_arg);

extern "C" void mssql_upsert_sync_failure_worker(Datum main_arg) {
  BackgroundWorkerUnblockSignals();
  dsm_segment *segment = dsm_attach(DatumGetUInt32(main_arg));
  if (segment == nullptr)
    ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                    errmsg("the caller's failed-run record is gone")));
  auto *record = static_cast<FailureRecord *>(dsm_segment_address(segment));
  BackgroundWorkerInitializeConnectionByOid(record->database_id, record->role_id, 0);

  SetCurrentStatementStartTimestamp();
  StartTransactionCommand();
  SPI_connect();
  PushActiveSnapshot(GetTransactionSnapshot());
  pgstat_report_activity(STATE_RUNNING, "recording a failed sync run");
  char *sql = psprintf(
      "INSERT INTO %s.mssql_upsert_sync_runs (run_id, sync_name, owner, started_at, finished_at, "
      "status, watermark_from, error_message, error_sqlstate) "
      "VALUES ($1, $2, $3, $4, clock_timestamp(), 'failed', $5, $6, $7)",
      quote_identifier(record->schema));
  Oid types[7] = {INT8OID, TEXTOID, NAMEOID, TIMESTAMPTZOID, TEXTOID, TEXTOID, TEXTOID};
  Datum values[7] = {Int64GetDatum(record->run_id),
                     CStringGetTextDatum(record->sync_name),
                     CStringGetDatum(record->owner),
                     TimestampTzGetDatum(record->started_at),
                     CStringGetTextDatum(record->watermark_from),
                     CStringGetTextDatum(record->message),
                     CStringGetTextDatum(record->sqlstate)};
  char nulls[8] = "       ";
  if (!record->has_watermark)
    nulls[4] = 'n';
  if (SPI_execute_with_args(sql, 7, types, values, nulls, false, 0) != SPI_OK_INSERT)
    ereport(ERROR, (errmsg("inserting the failed run into mssql_upsert_sync_runs failed")));
  SPI_finish();
  PopActiveSnapshot();
  CommitTransactionCommand();
  pgstat_report_activity(STATE_IDLE, nullptr);
  record->recorded = true;
  dsm_detach(segment);
  proc_exit(0);
}
