// SQL entry points of named syncs written in C++. The SQL API around them
// (mssql_upsert_sync_define, _run, _run_all, ...) is PL/pgSQL in the
// extension script: it locks the definition, keeps the watermark and writes
// the history; these do the work that needs the runners.
#include "named_sync/definition_row.hpp"
#include "named_sync/failure_record.hpp"
#include "named_sync/sync_step.hpp"
#include "pg/pg_guard.hpp"
#include "pg/sql_arguments.hpp"

extern "C" {
#include "access/htup_details.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/timestamp.h"
}

#include <vector>

using namespace mssql_upsert;

namespace {

named_sync::SyncDefinition definition_argument(FunctionCallInfo fcinfo) {
  if (PG_ARGISNULL(0))
    throw Error("sync definition must not be NULL", sqlstate::kInvalidParameterValue);
  return named_sync::read_definition_row(pg::pg_call([&] { return PG_GETARG_HEAPTUPLEHEADER(0); }));
}

// (rows_read, rows_inserted, rows_updated, rows_unchanged, rows_deleted, watermark_to)
Datum step_result_tuple(FunctionCallInfo fcinfo, const named_sync::SyncStepResult &result) {
  TupleDesc desc = pg::pg_call([&] {
    TupleDesc declared;
    if (get_call_result_type(fcinfo, nullptr, &declared) != TYPEFUNC_COMPOSITE ||
        declared->natts != 6)
      elog(ERROR, "_mssql_upsert_sync_execute must return six columns");
    return BlessTupleDesc(declared);
  });
  const int64_t counts[5] = {result.stats.rows_read, result.stats.rows_inserted,
                             result.stats.rows_updated, result.stats.rows_unchanged,
                             result.rows_deleted};
  return pg::pg_call([&] {
    Datum values[6];
    bool nulls[6] = {false, false, false, false, false, !result.watermark_to.has_value()};
    for (int i = 0; i < 5; ++i)
      values[i] = Int64GetDatum(counts[i]);
    values[5] = result.watermark_to ? CStringGetTextDatum(result.watermark_to->c_str()) : Datum(0);
    return HeapTupleGetDatum(heap_form_tuple(desc, values, nulls));
  });
}

} // namespace

extern "C" {

PG_FUNCTION_INFO_V1(mssql_upsert_sync_check);
Datum mssql_upsert_sync_check(PG_FUNCTION_ARGS) {
  return pg::sql_entry([&]() -> Datum {
    named_sync::check_sync(definition_argument(fcinfo));
    PG_RETURN_VOID();
  });
}

PG_FUNCTION_INFO_V1(mssql_upsert_sync_execute);
Datum mssql_upsert_sync_execute(PG_FUNCTION_ARGS) {
  return pg::sql_entry([&]() -> Datum {
    return step_result_tuple(fcinfo, named_sync::execute_sync(definition_argument(fcinfo)));
  });
}

// (run_id, sync_name, owner, started_at, watermark_from, message, sqlstate) -> recorded
PG_FUNCTION_INFO_V1(mssql_upsert_sync_record_failure);
Datum mssql_upsert_sync_record_failure(PG_FUNCTION_ARGS) {
  return pg::sql_entry([&]() -> Datum {
    named_sync::FailedRun run;
    if (PG_ARGISNULL(0) || PG_ARGISNULL(3))
      throw Error("run_id and started_at must not be NULL", sqlstate::kInvalidParameterValue);
    run.run_id = PG_GETARG_INT64(0);
    run.schema =
        pg::pg_call([&] { return get_namespace_name(get_func_namespace(fcinfo->flinfo->fn_oid)); });
    run.sync_name = pg::required_text_argument(fcinfo, 1, "sync_name");
    run.owner = pg::required_text_argument(fcinfo, 2, "owner");
    run.started_at = PG_GETARG_TIMESTAMPTZ(3);
    run.watermark_from = pg::optional_text_argument(fcinfo, 4);
    run.message = pg::optional_text_argument(fcinfo, 5).value_or("");
    run.sqlstate = pg::optional_text_argument(fcinfo, 6).value_or(sqlstate::kInternalError);
    PG_RETURN_BOOL(named_sync::record_failed_run(run));
  });
}
}
