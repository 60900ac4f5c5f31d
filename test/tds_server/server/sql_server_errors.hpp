// SQL Server's error numbers, classes and texts for what the backend (PostgreSQL)
// reports, and for the errors the test server raises itself. Pure functions.
#pragma once

#include "server/tsql_rewriter.hpp"

#include <string>

namespace tds_server {

// The fields of a PostgreSQL error the mapping reads.
struct BackendDiagnostics {
  std::string sqlstate, message, detail, schema, table, column, constraint;
};

// What the statement was doing, for texts PostgreSQL's fields cannot fill.
struct StatementErrorContext {
  std::string object; // the table written, as the statement spells it ("" if unknown)
  std::string verb;   // "INSERT", "UPDATE", "MERGE", ...
  std::string database = "testdb";
};

SqlServerError map_backend_error(const BackendDiagnostics &diagnostics, const StatementErrorContext &context);

// 1205, class 13: the deadlock victim's message names its session.
SqlServerError deadlock_victim_error(int spid);
// 8672: a MERGE target row matched by more than one source row.
SqlServerError merge_multiple_match_error();

} // namespace tds_server
