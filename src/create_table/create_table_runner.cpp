#include "create_table/create_table_runner.hpp"

#include "options/fdw_options.hpp"
#include "pg/connection_cache.hpp"
#include "pg/pg_guard.hpp"
#include "pg/server_access.hpp"
#include "pg/spi_session.hpp"
#include "remote/catalog_row.hpp"
#include "sqlgen/identifier_quoting.hpp"
#include "sqlgen/pg_create_table.hpp"
#include "sqlgen/qualified_name.hpp"
#include "sqlgen/tsql_catalog_sql.hpp"
#include "sqlgen/tsql_select_sql.hpp"

namespace mssql_upsert::create_table {

namespace {

using remote::catalog_number;
using remote::catalog_text;

sqlgen::RemoteTableDefinition read_remote_definition(remote::Connection &connection,
                                                     const sqlgen::QualifiedName &table,
                                                     const std::string &display) {
  sqlgen::RemoteTableDefinition definition;
  definition.display = display;
  {
    auto rows = connection.query(sqlgen::build_tsql_table_columns_sql(table));
    while (rows->next_row()) {
      sqlgen::RemoteTableColumn column;
      column.name = catalog_text(*rows, 0).value_or("");
      column.type.data_type = catalog_text(*rows, 1).value_or("");
      column.type.max_length =
          sqlgen::character_length_from_bytes(column.type.data_type, static_cast<int>(catalog_number(*rows, 2)));
      column.type.precision = static_cast<int>(catalog_number(*rows, 3));
      column.type.scale = static_cast<int>(catalog_number(*rows, 4));
      column.nullable = catalog_number(*rows, 5) != 0;
      column.identity = catalog_number(*rows, 6) != 0;
      column.computed = catalog_number(*rows, 7) != 0;
      if (column.identity) {
        column.identity_seed = catalog_number(*rows, 8);
        column.identity_increment = catalog_number(*rows, 9);
      }
      column.default_definition = catalog_text(*rows, 10);
      definition.columns.push_back(std::move(column));
    }
  }
  if (definition.columns.empty())
    throw Error("remote table " + display + " does not exist", sqlstate::kUndefinedTable, "",
                "Check the name and that the server's login may see the table.");
  auto rows = connection.query(sqlgen::build_tsql_table_indexes_sql(table));
  int64_t current = -1;
  while (rows->next_row()) {
    if (catalog_number(*rows, 0) != current) {
      current = catalog_number(*rows, 0);
      sqlgen::RemoteTableIndex index;
      index.name = catalog_text(*rows, 1).value_or("");
      index.primary_key = catalog_number(*rows, 2) != 0;
      index.unique = catalog_number(*rows, 3) != 0;
      index.unique_constraint = catalog_number(*rows, 4) != 0;
      index.filter_definition = catalog_text(*rows, 5);
      definition.indexes.push_back(std::move(index));
    }
    sqlgen::RemoteTableIndex &index = definition.indexes.back();
    const std::string column = catalog_text(*rows, 6).value_or("");
    if (catalog_number(*rows, 8) != 0) {
      index.included_columns.push_back(column);
    } else {
      index.key_columns.push_back(column);
      index.descending.push_back(catalog_number(*rows, 7) != 0);
    }
  }
  return definition;
}

std::string display_of(const sqlgen::QualifiedName &name) {
  return sqlgen::quote_pg_identifier(name.schema, "local schema name") + "." +
         sqlgen::quote_pg_identifier(name.name, "local table name");
}

// The local schema must exist and the caller must be allowed to create in it.
void require_create_privilege(pg::SpiSession &spi, const std::string &schema) {
  auto rows = spi.query_text("SELECT has_schema_privilege(n.oid, 'CREATE') FROM pg_catalog.pg_namespace n "
                             "WHERE n.nspname = $1",
                             {schema});
  if (rows.empty())
    throw Error("schema \"" + schema + "\" does not exist", sqlstate::kInvalidSchemaName, "",
                "Create it first with CREATE SCHEMA.");
  if (rows[0][0] != std::optional<std::string>("t"))
    throw Error("permission denied for schema " + schema, sqlstate::kInsufficientPrivilege,
                "mssql_upsert_create_table needs the CREATE privilege on the local schema.",
                "The schema's owner can GRANT CREATE ON SCHEMA " + schema + ".");
}

// The existing table's columns, or nullopt when there is no relation of that name.
std::optional<std::vector<sqlgen::PgColumnShape>> existing_columns(pg::SpiSession &spi,
                                                                   const sqlgen::QualifiedName &name) {
  auto relation = spi.query_text("SELECT c.oid::text, c.relkind::text FROM pg_catalog.pg_class c JOIN "
                                 "pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 "
                                 "AND c.relname = $2",
                                 {name.schema, name.name});
  if (relation.empty())
    return std::nullopt;
  if (relation[0][1] != std::optional<std::string>("r") && relation[0][1] != std::optional<std::string>("p"))
    throw Error("\"" + name.schema + "\".\"" + name.name + "\" exists and is not a table",
                sqlstate::kDuplicateTable);
  auto rows = spi.query_text("SELECT a.attname::text, pg_catalog.format_type(a.atttypid, a.atttypmod) FROM "
                             "pg_catalog.pg_attribute a WHERE a.attrelid = $1::oid AND a.attnum > 0 AND NOT "
                             "a.attisdropped ORDER BY a.attnum",
                             {*relation[0][0]});
  std::vector<sqlgen::PgColumnShape> columns;
  for (const auto &row : rows)
    columns.push_back({row[0].value_or(""), row[1].value_or("")});
  return columns;
}

void raise_notice(const std::string &text) {
  pg::pg_call([&] { ereport(NOTICE, (errmsg("%s", text.c_str()))); });
}

} // namespace

std::string run_create_table(const CreateTableRequest &request) {
  // Everything the caller must be allowed to do is checked before SQL Server is asked anything.
  pg::ServerAccess access = pg::open_server_access(request.server);
  pg::SpiSession spi;
  const std::string current_schema =
      spi.query_text("SELECT pg_catalog.current_schema()::text").at(0).at(0).value_or("");
  sqlgen::QualifiedName local = sqlgen::parse_pg_qualified_name(request.local_table, current_schema);
  if (local.schema.empty())
    throw Error("no schema has been selected to create in", sqlstate::kInvalidSchemaName, "",
                "Name the schema in local_table, e.g. 'public.orders'.");
  const std::string local_display = display_of(local);
  require_create_privilege(spi, local.schema);
  std::optional<std::vector<sqlgen::PgColumnShape>> existing = existing_columns(spi, local);
  if (existing && !request.if_not_exists)
    throw Error("relation " + local_display + " already exists", sqlstate::kDuplicateTable, "",
                "Call with if_not_exists => true to accept a table whose columns match.");

  sqlgen::QualifiedName remote_name = sqlgen::parse_tsql_qualified_name(
      request.remote_table, "dbo", options::option_value(access.server_options, "database"));
  const std::string remote_display = sqlgen::tsql_table_reference(remote_name);
  pg::RemoteConnectionLease lease(access);
  sqlgen::RemoteTableDefinition remote = read_remote_definition(lease.connection(), remote_name, remote_display);
  lease.release();

  sqlgen::CreateTableOptions options;
  options.local = local;
  options.create_indexes = request.create_indexes;
  options.fold_names = request.fold_names;
  sqlgen::CreateTablePlan plan = sqlgen::plan_pg_create_table(remote, options);

  std::string ddl;
  if (existing) {
    if (std::optional<std::string> difference = sqlgen::describe_column_difference(plan.columns, *existing))
      throw Error("local table " + local_display + " already exists with columns that differ from remote table " +
                      remote_display,
                  sqlstate::kDuplicateTable, *difference,
                  "Drop or rename the local table, or pull into it as it is.");
    ddl = "-- " + local_display + " already exists with the columns of " + remote_display + "; nothing done";
  } else {
    for (const std::string &notice : plan.notices)
      raise_notice(notice);
    for (const std::string &statement : plan.statements) {
      spi.execute(statement);
      ddl += (ddl.empty() ? "" : "\n") + statement + ";";
    }
  }
  spi.finish();
  return ddl;
}

} // namespace mssql_upsert::create_table
