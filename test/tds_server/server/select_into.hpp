// SELECT <columns> INTO <table> FROM ... [UNION ALL SELECT ...]: creates the
// table with each column's declared SQL Server type and nullability, then fills
// it. "#x" targets are PostgreSQL TEMP tables, private to the session's backend
// connection as #temp tables are to a SQL Server connection. IDENTITY is copied
// unless the SELECT is a UNION (SQL Server's way of not copying it).
#pragma once

#include "server/tsql_rewriter.hpp"

#include <cstdint>
#include <vector>

namespace tds_server {

class Backend;

// True for a SELECT with INTO in its own select list (not inside parentheses).
bool is_select_into(const std::vector<Token> &tokens);
// Pure: the statement as a StatementKind::SelectInto.
RewrittenStatement rewrite_select_into(const std::vector<Token> &tokens, const RewriteContext &context);
// Creates and fills the table; returns the rows inserted. Throws SqlServerError.
int64_t run_select_into(Backend &backend, const RewrittenStatement &statement);

} // namespace tds_server
