// The parts of SQL Server's DDL whose T-SQL text the catalog shows back:
// DEFAULT constraints (sys.default_constraints.definition), filtered indexes
// (sys.indexes.filter_definition) and computed columns
// (sys.computed_columns.definition), plus CREATE [UNIQUE] INDEX itself.
//
// The backend keeps the expressions in PostgreSQL's syntax, so the text SQL
// Server would show is recorded at CREATE time in tds_catalog_store.object_text
// (a schema the catalog bootstrap keeps), keyed by the PostgreSQL object.
#pragma once

#include "server/tsql_rewriter.hpp"

#include <string>
#include <vector>

namespace tds_server {

// The persistent store; idempotent, run at server start.
std::string catalog_store_sql();

// tokens [from, to) as SQL Server shows a stored expression: wrapped in
// parentheses, names in brackets, built-in function names in lower case,
// numeric constants in their own parentheses, no blanks around operators:
// DEFAULT 0 -> ((0)), DEFAULT GETDATE() -> (getdate()), DEFAULT N'x' -> (N'x'),
// WHERE Status = 'open' AND Qty > -1 -> ([Status]='open' AND [Qty]>(-1)).
std::string sql_server_definition(const std::vector<Token> &tokens, std::size_t from, std::size_t to);

// A statement that records a column default's name (empty: system-named) and
// definition; table is the backend table, quoted.
std::string record_default_sql(const std::string &table, const std::string &column, const std::string &name,
                               const std::string &definition);
// The same for a computed column's definition.
std::string record_computed_sql(const std::string &table, const std::string &column, const std::string &definition);

// CREATE [UNIQUE] [CLUSTERED | NONCLUSTERED] INDEX name ON table (col [ASC | DESC], ...)
//   [INCLUDE (col, ...)] [WHERE filter]
// Index names are unique per table in SQL Server and per schema in PostgreSQL,
// so the backend index is named after both; the catalog shows the declared name.
// A unique index treats NULLs as equal, as SQL Server's do.
RewrittenStatement rewrite_create_index(const std::vector<Token> &tokens, const RewriteContext &context);

} // namespace tds_server
