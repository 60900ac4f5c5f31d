// Which remote column each column of an INSERT into a foreign table fills.
// Pure: the executor describes the foreign table's columns, the remote
// catalog the target; this decides and explains every refusal.
#pragma once

#include "column_match/push_columns.hpp"
#include "remote/mssql_value_encoding.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace mssql_upsert::sync {

struct InsertSourceColumn {
  std::string name;        // the foreign table's column
  std::string remote_name; // its column_name option, or its name
  std::string type_name;   // format_type output, for messages
  remote::SourceKind kind = remote::SourceKind::Text;
  bool sent = true; // false: the INSERT does not name it, so SQL Server's default applies
};

struct InsertPair {
  std::size_t source_index;
  std::size_t remote_index;
};

struct InsertColumns {
  std::vector<InsertPair> sent; // in source order: the INSERT's column list
  // Sent columns whose values SQL Server makes (IDENTITY without identity_insert,
  // computed, rowversion): a row may only leave them NULL.
  std::vector<InsertPair> generated;
};

// Remote names match as SQL Server compares them (exact first, else the one
// case-insensitive match). Throws Error: a remote column that does not exist,
// two columns naming one remote column, a remote type the INSERT cannot write,
// a local type that cannot be stored in its remote column.
InsertColumns match_insert_columns(const std::string &foreign_table_display,
                                   const std::string &remote_display,
                                   const std::vector<PushRemoteColumn> &remote,
                                   const std::vector<InsertSourceColumn> &source,
                                   bool identity_insert);

// Why a sent column's value cannot be given, for the error of a row that gives one.
std::string generated_column_reason(const PushRemoteColumn &column);

} // namespace mssql_upsert::sync
