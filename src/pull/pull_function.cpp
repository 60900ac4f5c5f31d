// SQL entry points: mssql_upsert_pull(server, remote_table, local_table, ...)
// and mssql_upsert_pull(foreign_table, local_table, ...).
#include "fdw/foreign_table_target.hpp"
#include "pg/pg_guard.hpp"
#include "pg/sql_arguments.hpp"
#include "pg/stats_tuple.hpp"
#include "pull/pull_runner.hpp"

using namespace mssql_upsert;

namespace {

// Where each shared argument is in the two forms (see the SQL declarations).
struct OptionPositions {
  int key_columns, columns, remote_filter, chunk_rows, writer_id, partition_id, staging, mode;
};
constexpr OptionPositions kServerForm{3, 4, 5, 6, 7, 8, 9, 10};
constexpr OptionPositions kForeignTableForm{3, 4, 5, 2, 6, 7, 8, 9};

void read_options(FunctionCallInfo fcinfo, const OptionPositions &at, pull::PullRequest &request) {
  request.key_columns = pg::optional_text_array_argument(fcinfo, at.key_columns, "key_columns");
  request.columns = pg::optional_text_array_argument(fcinfo, at.columns, "columns");
  request.remote_filter = pg::optional_text_argument(fcinfo, at.remote_filter);
  request.chunk_rows = pg::int_argument(fcinfo, at.chunk_rows, "chunk_rows", 10000, 1, 10'000'000);
  request.writer_id = pg::int_argument(fcinfo, at.writer_id, "writer_id", 0, 0, INT32_MAX);
  request.partition_id =
      pg::optional_int_argument(fcinfo, at.partition_id, "partition_id", 0, INT32_MAX);
  request.staging =
      pull::parse_staging_kind(pg::text_argument(fcinfo, at.staging, "staging", "memory"));
  request.mode = pull::parse_pull_mode(pg::text_argument(fcinfo, at.mode, "mode", "auto"));
}

} // namespace

extern "C" {
PG_FUNCTION_INFO_V1(mssql_upsert_pull);
Datum mssql_upsert_pull(PG_FUNCTION_ARGS) {
  return pg::sql_entry([&]() -> Datum {
    pull::PullRequest request;
    request.server = pg::required_text_argument(fcinfo, 0, "server");
    request.remote_table = pg::required_text_argument(fcinfo, 1, "remote_table");
    request.local_table = pg::required_oid_argument(fcinfo, 2, "local_table");
    read_options(fcinfo, kServerForm, request);
    return pg::sync_stats_tuple(fcinfo, pull::run_pull(request));
  });
}

PG_FUNCTION_INFO_V1(mssql_upsert_pull_foreign_table);
Datum mssql_upsert_pull_foreign_table(PG_FUNCTION_ARGS) {
  return pg::sql_entry([&]() -> Datum {
    pull::PullRequest request;
    fdw::ForeignTableTarget table = fdw::read_foreign_table_target(
        pg::required_oid_argument(fcinfo, 0, "foreign_table"), ACL_SELECT, "mssql_upsert_pull");
    request.server = table.server;
    request.remote_table = table.remote_table;
    request.foreign_table_display = table.display_name;
    request.foreign_columns = table.columns;
    request.local_table = pg::required_oid_argument(fcinfo, 1, "local_table");
    read_options(fcinfo, kForeignTableForm, request);
    return pg::sync_stats_tuple(fcinfo, pull::run_pull(request));
  });
}
}
