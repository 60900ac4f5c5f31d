// SQL entry points: mssql_upsert_push(source, server, remote_table, ...) and
// mssql_upsert_push(source, foreign_table, ...).
#include "fdw/foreign_table_target.hpp"
#include "pg/pg_guard.hpp"
#include "pg/sql_arguments.hpp"
#include "pg/stats_tuple.hpp"
#include "push/push_runner.hpp"

using namespace mssql_upsert;

namespace {

// The arguments after the target, from position first on (the same order in
// both forms; see the SQL declarations).
void read_options(FunctionCallInfo fcinfo, int first, push::PushRequest &request) {
  request.key_columns = pg::optional_text_array_argument(fcinfo, first, "key_columns");
  request.columns = pg::optional_text_array_argument(fcinfo, first + 1, "columns");
  request.chunk_rows = pg::int_argument(fcinfo, first + 2, "chunk_rows", 10000, 1, 10'000'000);
  request.writer_id = pg::int_argument(fcinfo, first + 3, "writer_id", 0, 0, INT32_MAX);
  request.partition_id = pg::optional_int_argument(fcinfo, first + 4, "partition_id", 0, INT32_MAX);
  request.max_retries = pg::int_argument(fcinfo, first + 5, "max_retries", 5, 0, 100);
  request.atomic = pg::bool_argument(fcinfo, first + 6, "atomic", false);
}

} // namespace

extern "C" {
PG_FUNCTION_INFO_V1(mssql_upsert_push);
Datum mssql_upsert_push(PG_FUNCTION_ARGS) {
  return pg::sql_entry([&]() -> Datum {
    push::PushRequest request;
    request.source = pg::required_text_argument(fcinfo, 0, "source");
    request.server = pg::required_text_argument(fcinfo, 1, "server");
    request.remote_table = pg::required_text_argument(fcinfo, 2, "remote_table");
    read_options(fcinfo, 3, request);
    return pg::sync_stats_tuple(fcinfo, push::run_push(request));
  });
}

PG_FUNCTION_INFO_V1(mssql_upsert_push_foreign_table);
Datum mssql_upsert_push_foreign_table(PG_FUNCTION_ARGS) {
  return pg::sql_entry([&]() -> Datum {
    push::PushRequest request;
    request.source = pg::required_text_argument(fcinfo, 0, "source");
    fdw::ForeignTableTarget table = fdw::read_foreign_table_target(
        pg::required_oid_argument(fcinfo, 1, "foreign_table"), ACL_INSERT | ACL_UPDATE,
        "mssql_upsert_push");
    request.server = table.server;
    request.remote_table = table.remote_table;
    request.foreign_table_display = table.display_name;
    request.foreign_columns = table.columns;
    read_options(fcinfo, 2, request);
    return pg::sync_stats_tuple(fcinfo, push::run_push(request));
  });
}
}
