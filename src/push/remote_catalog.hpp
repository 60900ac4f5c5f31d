// What the push needs to know about the remote table, from SQL Server's
// catalog views: its columns (types, identity, computed, rowversion), its
// primary key and its other unique keys.
#pragma once

#include "remote/remote_connection.hpp"
#include "sqlgen/qualified_name.hpp"
#include "column_match/push_columns.hpp"

#include <string>
#include <vector>

namespace mssql_upsert::push {

struct RemoteTable {
  std::vector<sync::PushRemoteColumn> columns; // column_id order
  sync::PushRemoteKeys keys;
};

// Errors: the table does not exist or the login cannot see it (named).
RemoteTable read_remote_table(remote::Connection &connection, const sqlgen::QualifiedName &table,
                              const std::string &display_name);

} // namespace mssql_upsert::push
