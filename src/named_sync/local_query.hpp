// Small parameterized queries on the local database for the named-sync code:
// the arguments travel as SPI parameters (text), never inside the SQL text.
// Call with SPI connected (pg::SpiSession).
#pragma once

#include "pg/pg_headers.hpp"

#include <optional>
#include <string>
#include <vector>

namespace mssql_upsert::named_sync {

// The first column of the first row as text; nullopt for no row or NULL.
std::optional<std::string>
query_value(const std::string &sql, const std::vector<std::optional<std::string>> &text_args = {});
// Every row's first column (NULLs left out).
std::vector<std::string>
query_column(const std::string &sql, const std::vector<std::optional<std::string>> &text_args = {});
// Runs a statement; returns the rows it processed.
uint64_t execute_statement(const std::string &sql);
// Throws Error (42601) unless sql is exactly one statement (a local_filter
// predicate must not end its WHERE clause and start another command).
void require_single_statement(const std::string &sql, const std::string &what);

} // namespace mssql_upsert::named_sync
