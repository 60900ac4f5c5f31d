#include "push/remote_catalog.hpp"

#include "common/error.hpp"
#include "remote/catalog_row.hpp"
#include "remote/mssql_column_type.hpp"
#include "sqlgen/tsql_catalog_sql.hpp"

namespace mssql_upsert::push {

namespace {

int64_t number_at(const remote::ResultStream &stream, int column) { return remote::catalog_number(stream, column); }
std::string text_at(const remote::ResultStream &stream, int column) {
  return remote::catalog_text(stream, column).value_or("");
}

} // namespace

RemoteTable read_remote_table(remote::Connection &connection, const sqlgen::QualifiedName &table,
                              const std::string &display_name) {
  RemoteTable result;
  {
    auto rows = connection.query(sqlgen::build_tsql_columns_sql(table));
    // column_name, type_name, max_length, precision, scale, is_nullable,
    // is_identity, is_computed, is_rowversion
    while (rows->next_row()) {
      sync::PushRemoteColumn column;
      column.name = text_at(*rows, 0);
      column.type_name = text_at(*rows, 1);
      column.bulk = remote::describe_bulk_column(column.name, column.type_name, static_cast<int>(number_at(*rows, 2)),
                                                 static_cast<int>(number_at(*rows, 3)),
                                                 static_cast<int>(number_at(*rows, 4)));
      column.is_identity = number_at(*rows, 6) != 0;
      column.is_computed = number_at(*rows, 7) != 0;
      column.is_rowversion = number_at(*rows, 8) != 0;
      result.columns.push_back(std::move(column));
    }
  }
  if (result.columns.empty())
    throw Error("remote table " + display_name + " does not exist", sqlstate::kUndefinedTable, "",
                "Check the name and that the server's login may see the table.");
  auto rows = connection.query(sqlgen::build_tsql_unique_keys_sql(table));
  // index_id, is_primary_key, column_name
  int64_t index_id = -1;
  while (rows->next_row()) {
    if (number_at(*rows, 0) != index_id) {
      index_id = number_at(*rows, 0);
      result.keys.unique_keys.emplace_back();
    }
    std::string column = text_at(*rows, 2);
    if (number_at(*rows, 1) != 0)
      result.keys.primary_key.push_back(column);
    result.keys.unique_keys.back().push_back(std::move(column));
  }
  return result;
}

} // namespace mssql_upsert::push
