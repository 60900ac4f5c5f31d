// SQL entry point: mssql_upsert_create_table(server, remote_table, local_table,
// if_not_exists, create_indexes, fold_names) returns the DDL it ran.
#include "create_table/create_table_runner.hpp"
#include "pg/pg_guard.hpp"
#include "pg/sql_arguments.hpp"

extern "C" {
#include "utils/builtins.h"
}

using namespace mssql_upsert;

extern "C" {
PG_FUNCTION_INFO_V1(mssql_upsert_create_table);
Datum mssql_upsert_create_table(PG_FUNCTION_ARGS) {
  return pg::sql_entry([&]() -> Datum {
    create_table::CreateTableRequest request;
    request.server = pg::required_text_argument(fcinfo, 0, "server");
    request.remote_table = pg::required_text_argument(fcinfo, 1, "remote_table");
    request.local_table = pg::required_text_argument(fcinfo, 2, "local_table");
    request.if_not_exists = pg::bool_argument(fcinfo, 3, "if_not_exists", true);
    request.create_indexes = pg::bool_argument(fcinfo, 4, "create_indexes", true);
    request.fold_names = pg::bool_argument(fcinfo, 5, "fold_names", false);
    const std::string ddl = create_table::run_create_table(request);
    return pg::pg_call([&] { return PointerGetDatum(cstring_to_text_with_len(ddl.data(), static_cast<int>(ddl.size()))); });
  });
}
}
