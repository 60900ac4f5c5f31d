// SQL entry point: mssql_upsert_push(source, server, remote_table, ...).
#include "pg/pg_guard.hpp"
#include "pg/sql_arguments.hpp"
#include "pg/stats_tuple.hpp"
#include "push/push_runner.hpp"

using namespace mssql_upsert;

extern "C" {
PG_FUNCTION_INFO_V1(mssql_upsert_push);
Datum mssql_upsert_push(PG_FUNCTION_ARGS) {
  return pg::sql_entry([&]() -> Datum {
    push::PushRequest request;
    request.source = pg::required_text_argument(fcinfo, 0, "source");
    request.server = pg::required_text_argument(fcinfo, 1, "server");
    request.remote_table = pg::required_text_argument(fcinfo, 2, "remote_table");
    request.key_columns = pg::optional_text_array_argument(fcinfo, 3, "key_columns");
    request.columns = pg::optional_text_array_argument(fcinfo, 4, "columns");
    request.chunk_rows = pg::int_argument(fcinfo, 5, "chunk_rows", 10000, 1, 10'000'000);
    request.writer_id = pg::int_argument(fcinfo, 6, "writer_id", 0, 0, INT32_MAX);
    request.partition_id = pg::optional_int_argument(fcinfo, 7, "partition_id", 0, INT32_MAX);
    request.max_retries = pg::int_argument(fcinfo, 8, "max_retries", 5, 0, 100);
    request.atomic = pg::bool_argument(fcinfo, 9, false);
    return pg::sync_stats_tuple(fcinfo, push::run_push(request));
  });
}
}
