// SQL entry point _mssql_upsert_schema_plan(server, remote_schema,
// local_schema, sync_group, tables, except_tables): reads the remote schema's
// tables, keys and foreign keys and returns schema_plan's decisions as JSON
// text, which mssql_upsert_sync_define_schema (SQL) carries out.
#include "pg/connection_cache.hpp"
#include "pg/pg_guard.hpp"
#include "pg/server_access.hpp"
#include "pg/sql_arguments.hpp"
#include "remote/catalog_row.hpp"
#include "schema_sync/schema_catalog_sql.hpp"
#include "schema_sync/schema_plan.hpp"
#include "sqlgen/identifier_quoting.hpp"

extern "C" {
#include "utils/builtins.h"
}

using namespace mssql_upsert;

namespace {

using remote::catalog_number;
using remote::catalog_text;

std::vector<schema_sync::RemoteSchemaTable> read_tables(remote::Connection &connection, const std::string &schema) {
  std::vector<schema_sync::RemoteSchemaTable> tables;
  auto rows = connection.query(schema_sync::build_tsql_schema_tables_sql(schema));
  int64_t index_id = -1;
  while (rows->next_row()) {
    const std::string name = catalog_text(*rows, 0).value_or("");
    if (tables.empty() || tables.back().name != name) {
      tables.push_back({name, {}});
      index_id = -1;
    }
    if (rows->is_null(1))
      continue; // a table without a usable unique key
    if (catalog_number(*rows, 1) != index_id) {
      index_id = catalog_number(*rows, 1);
      tables.back().keys.push_back({catalog_number(*rows, 2) != 0, {}});
    }
    tables.back().keys.back().columns.push_back({catalog_text(*rows, 3).value_or(""), catalog_number(*rows, 4) != 0});
  }
  return tables;
}

std::vector<schema_sync::RemoteForeignKey> read_foreign_keys(remote::Connection &connection,
                                                             const std::string &schema) {
  std::vector<schema_sync::RemoteForeignKey> keys;
  auto rows = connection.query(schema_sync::build_tsql_schema_foreign_keys_sql(schema));
  int64_t constraint_id = -1;
  while (rows->next_row()) {
    if (catalog_number(*rows, 0) != constraint_id) {
      constraint_id = catalog_number(*rows, 0);
      schema_sync::RemoteForeignKey key;
      key.name = catalog_text(*rows, 1).value_or("");
      key.table = catalog_text(*rows, 2).value_or("");
      key.referenced_schema = catalog_text(*rows, 3).value_or("");
      key.referenced_table = catalog_text(*rows, 4).value_or("");
      key.delete_action = static_cast<int>(catalog_number(*rows, 5));
      key.update_action = static_cast<int>(catalog_number(*rows, 6));
      keys.push_back(std::move(key));
    }
    keys.back().columns.push_back(catalog_text(*rows, 7).value_or(""));
    keys.back().referenced_columns.push_back(catalog_text(*rows, 8).value_or(""));
  }
  return keys;
}

} // namespace

extern "C" {
PG_FUNCTION_INFO_V1(mssql_upsert_schema_plan);
Datum mssql_upsert_schema_plan(PG_FUNCTION_ARGS) {
  return pg::sql_entry([&]() -> Datum {
    const std::string server = pg::required_text_argument(fcinfo, 0, "server");
    schema_sync::SchemaPlanRequest request;
    request.remote_schema = pg::required_text_argument(fcinfo, 1, "remote_schema");
    request.local_schema = pg::required_text_argument(fcinfo, 2, "local_schema");
    request.sync_group = pg::required_text_argument(fcinfo, 3, "sync_group");
    request.tables = pg::optional_text_array_argument(fcinfo, 4, "tables");
    request.except_tables = pg::optional_text_array_argument(fcinfo, 5, "except_tables");

    pg::ServerAccess access = pg::open_server_access(server);
    pg::RemoteConnectionLease lease(access);
    {
      auto rows = lease.connection().query(schema_sync::build_tsql_schema_id_sql(request.remote_schema));
      const bool exists = rows->next_row() && !rows->is_null(0);
      while (rows->next_row()) {
      }
      if (!exists)
        throw Error("remote schema " + sqlgen::quote_tsql_identifier(request.remote_schema, "remote schema name") +
                        " does not exist on server \"" + server + "\"",
                    sqlstate::kInvalidSchemaName, "", "Check the name and that the server's login may see the schema.");
    }
    const auto tables = read_tables(lease.connection(), request.remote_schema);
    const auto foreign_keys = read_foreign_keys(lease.connection(), request.remote_schema);
    lease.release();
    const std::string json = schema_sync::schema_plan_json(schema_sync::plan_schema_sync(request, tables, foreign_keys));
    return pg::pg_call(
        [&] { return PointerGetDatum(cstring_to_text_with_len(json.data(), static_cast<int>(json.size()))); });
  });
}
}
