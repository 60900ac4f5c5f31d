#include "fdw/schema_import.hpp"

#include "pg/connection_cache.hpp"
#include "pg/pg_guard.hpp"
#include "pg/server_access.hpp"
#include "sqlgen/foreign_table_import.hpp"

extern "C" {
#include "nodes/primnodes.h"
}

#include <set>

namespace mssql_upsert::fdw {

namespace {

std::string text_of(const remote::ResultStream &stream, int column) {
  return stream.is_null(column) ? std::string() : std::string(stream.get_bytes(column));
}

int int_of(const remote::ResultStream &stream, int column) {
  if (stream.is_null(column))
    return 0;
  if (stream.columns()[column].kind == remote::ValueKind::Int)
    return static_cast<int>(stream.get_int(column));
  throw Error("SQL Server's INFORMATION_SCHEMA.COLUMNS returned " +
                  stream.columns()[column].type_name + " for " + stream.columns()[column].name +
                  ", expected an integer",
              sqlstate::kFdwError);
}

std::vector<sqlgen::RemoteColumnDef> read_remote_columns(remote::Connection &connection,
                                                         const std::string &remote_schema) {
  auto stream = connection.query(sqlgen::build_tsql_import_columns_sql(remote_schema));
  std::vector<sqlgen::RemoteColumnDef> columns;
  while (stream->next_row()) {
    sqlgen::RemoteColumnDef column;
    column.table = text_of(*stream, 0);
    column.column = text_of(*stream, 1);
    column.data_type = text_of(*stream, 2);
    column.max_length = int_of(*stream, 3);
    column.precision = int_of(*stream, 4);
    column.scale = int_of(*stream, 5);
    column.nullable = text_of(*stream, 6) != "NO";
    columns.push_back(std::move(column));
  }
  return columns;
}

// LIMIT TO / EXCEPT name tables exactly as SQL Server spells them.
bool wanted(const ImportForeignSchemaStmt *stmt, const std::set<std::string> &listed,
            const std::string &table) {
  switch (stmt->list_type) {
  case FDW_IMPORT_SCHEMA_LIMIT_TO:
    return listed.count(table) != 0;
  case FDW_IMPORT_SCHEMA_EXCEPT:
    return listed.count(table) == 0;
  default:
    return true;
  }
}

void notice_skipped(const std::string &table, const std::vector<std::string> &skipped) {
  std::string list;
  for (const std::string &column : skipped)
    list += (list.empty() ? "" : ", ") + column;
  pg::pg_call([&] {
    ereport(NOTICE, (errmsg("columns of remote table \"%s\" left out of the foreign table: %s",
                            table.c_str(), list.c_str()),
                     errhint("mssql_upsert_fdw cannot read these types; CAST them in a view on "
                             "the SQL Server side to import them.")));
  });
}

} // namespace

List *import_foreign_schema(ImportForeignSchemaStmt *stmt, Oid server_id) {
  return pg::callback_entry([&] {
    List *commands = NIL;
    if (stmt->options != NIL)
      throw Error("IMPORT FOREIGN SCHEMA of mssql_upsert_fdw takes no options",
                  sqlstate::kInvalidParameterValue);
    std::set<std::string> listed;
    ListCell *cell;
    foreach (cell, stmt->table_list)
      listed.insert(((RangeVar *)lfirst(cell))->relname);

    pg::ServerAccess access = pg::open_server_access_for(server_id, GetUserId());
    pg::RemoteConnectionLease lease(access, true);
    std::vector<sqlgen::RemoteColumnDef> columns =
        read_remote_columns(lease.connection(), stmt->remote_schema);
    lease.release();

    std::size_t i = 0;
    while (i < columns.size()) {
      std::size_t end = i;
      while (end < columns.size() && columns[end].table == columns[i].table)
        ++end;
      std::vector<sqlgen::RemoteColumnDef> table(columns.begin() + i, columns.begin() + end);
      i = end;
      if (!wanted(stmt, listed, table.front().table))
        continue;
      sqlgen::ImportedTable imported = sqlgen::build_pg_foreign_table_ddl(
          access.server_name, stmt->local_schema, stmt->remote_schema, table);
      if (!imported.skipped_columns.empty())
        notice_skipped(table.front().table, imported.skipped_columns);
      pg::pg_call([&] { commands = lappend(commands, pstrdup(imported.ddl.c_str())); });
    }
    return commands;
  });
}

} // namespace mssql_upsert::fdw
