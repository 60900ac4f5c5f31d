// What one push moves, decided before a row is read: the remote columns the
// source fills (a foreign table's view of them included), the staging table,
// the bulk-load columns and the MERGE around them.
#pragma once

#include "column_match/push_columns.hpp"
#include "push/push_runner.hpp"
#include "push/remote_catalog.hpp"
#include "push/source_row_reader.hpp"
#include "remote/bulk_load.hpp"
#include "sqlgen/qualified_name.hpp"
#include "sqlgen/tsql_merge_sql.hpp"

#include <string>
#include <vector>

namespace mssql_upsert::push {

// The remote columns the push may fill, under the names the source matches
// (a foreign table's column names), with what SQL Server calls them.
struct PushTarget {
  RemoteTable table;
  std::vector<std::string> tsql_names; // per column of table
  std::string display;                 // for column-matching messages
};


PushTarget push_target(const PushRequest &request, RemoteTable remote, const std::string &remote_display);

// What one push moves: the matched columns and the SQL around them.
struct PushPlan {
  sync::PushColumns matched;
  std::vector<std::size_t> source_columns;     // per staged column
  std::vector<remote::BulkColumn> bulk_columns; // per staged column
  sqlgen::TsqlMergeSpec spec;
  std::string staging_reference; // quoted
  // Duplicate keys are found as rows are encoded when SQL Server compares
  // every key column by its encoded value (remote/bulk_key); else by a GROUP
  // BY on the server after each load.
  bool keys_checked_locally = true;
};

PushPlan plan_push(const PushRequest &request, const sqlgen::QualifiedName &remote_name,
                   const PushTarget &target, const SourceRowReader &reader);

// The key columns' remote names, in staging order.
std::vector<std::string> key_names(const PushPlan &plan);
// "(OrderId, Line)=(7, 2)" for messages, from the source row.
std::string row_key(const PushPlan &plan, const SourceRowReader &reader, HeapTuple tuple);
// The row's key in remote/bulk_key's form.
std::string bulk_key(const PushPlan &plan, const std::vector<remote::BulkValue> &row);

} // namespace mssql_upsert::push
