// What the push needs to know about the remote table, from SQL Server's
// catalog views: its columns (types, identity, computed, rowversion) and its
// primary key.
#pragma once

#include "remote/remote_connection.hpp"
#include "sqlgen/qualified_name.hpp"
#include "column_match/push_columns.hpp"

#include <string>
#include <vector>

namespace mssql_upsert::push {

struct RemoteTable {
  std::vector<sync::PushRemoteColumn> columns; // column_id order
  std::vector<std::string> primary_key;        // key order; empty if none
};

// Errors: the table does not exist or the login cannot see it (named).
RemoteTable read_remote_table(remote::Connection &connection, const sqlgen::QualifiedName &table,
                              const std::string &display_name);

} // namespace mssql_upsert::push
