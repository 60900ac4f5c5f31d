// SQL entry point: mssql_upsert_pull(server, remote_table, local_table, ...).
#include "pg/pg_guard.hpp"
#include "pg/sql_arguments.hpp"
#include "pull/pull_runner.hpp"

extern "C" {
#include "access/htup_details.h"
#include "funcapi.h"
}

using namespace mssql_upsert;

namespace {

Datum stats_tuple(FunctionCallInfo fcinfo, const sync::SyncStats &stats) {
  return pg::pg_call([&] {
    TupleDesc desc;
    if (get_call_result_type(fcinfo, nullptr, &desc) != TYPEFUNC_COMPOSITE)
      elog(ERROR, "mssql_upsert_pull must return a record");
    desc = BlessTupleDesc(desc);
    Datum values[7] = {Int64GetDatum(stats.rows_read),      Int64GetDatum(stats.rows_inserted),
                       Int64GetDatum(stats.rows_updated),   Int64GetDatum(stats.rows_unchanged),
                       Int64GetDatum(stats.chunks),         Float8GetDatum(stats.seconds),
                       Float8GetDatum(stats.rows_per_second())};
    bool nulls[7] = {false, false, false, false, false, false, false};
    return HeapTupleGetDatum(heap_form_tuple(desc, values, nulls));
  });
}

} // namespace

extern "C" {
PG_FUNCTION_INFO_V1(mssql_upsert_pull);
Datum mssql_upsert_pull(PG_FUNCTION_ARGS) {
  return pg::sql_entry([&]() -> Datum {
    pull::PullRequest request;
    request.server = pg::required_text_argument(fcinfo, 0, "server");
    request.remote_table = pg::required_text_argument(fcinfo, 1, "remote_table");
    if (PG_ARGISNULL(2))
      throw Error("argument \"local_table\" must not be NULL", sqlstate::kInvalidParameterValue);
    request.local_table = PG_GETARG_OID(2);
    request.key_columns = pg::optional_text_array_argument(fcinfo, 3, "key_columns");
    request.columns = pg::optional_text_array_argument(fcinfo, 4, "columns");
    request.remote_filter = pg::optional_text_argument(fcinfo, 5);
    request.chunk_rows = pg::int_argument(fcinfo, 6, "chunk_rows", 10000, 1, 10'000'000);
    request.writer_id = pg::int_argument(fcinfo, 7, "writer_id", 0, 0, INT32_MAX);
    request.partition_id = pg::optional_int_argument(fcinfo, 8, "partition_id", 0, INT32_MAX);
    if (std::optional<std::string> staging = pg::optional_text_argument(fcinfo, 9))
      request.staging = pull::parse_staging_kind(*staging);
    return stats_tuple(fcinfo, pull::run_pull(request));
  });
}
}
