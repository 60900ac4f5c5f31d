// CREATE TABLE's computed columns, "Total AS (Qty * Price) [PERSISTED]": a
// PostgreSQL stored generated column, whose type PostgreSQL derives from the
// expression (as SQL Server does); the column is added after the table is created.
#pragma once

#include "server/tsql_rewriter.hpp"

#include <string>
#include <vector>

namespace tds_server {

// element: the column's tokens ("Total", AS, expression..., [PERSISTED]);
// table: the backend table, quoted. Returns a statement to run after CREATE TABLE.
std::string computed_column_sql(const std::string &table, const std::vector<Token> &element,
                                const RewriteContext &context);

} // namespace tds_server
