// FOREIGN KEY and REFERENCES clauses of CREATE TABLE, and CREATE / DROP
// SCHEMA, as SQL Server takes them, rewritten for the backend.
#pragma once

#include "server/tsql_rewriter.hpp"

#include <string>
#include <vector>

namespace tds_server {

// REFERENCES table [(col, ...)] [ON DELETE | ON UPDATE action]... [NOT FOR
// REPLICATION], starting at tokens[k] (REFERENCES); advances k past it. An
// unqualified table is in dbo; actions: NO ACTION, CASCADE, SET NULL, SET DEFAULT.
std::string rewrite_references(const std::vector<Token> &tokens, std::size_t &k);

// FOREIGN KEY (col, ...) REFERENCES ..., starting at tokens[k] (FOREIGN).
std::string rewrite_foreign_key(const std::vector<Token> &tokens, std::size_t &k);

// CREATE SCHEMA name [AUTHORIZATION owner]: the backend schema is the name
// folded to lower case; its declared name is kept for sys.schemas.
RewrittenStatement rewrite_create_schema(const std::vector<Token> &tokens);

// DROP SCHEMA [IF EXISTS] name: refused while objects are in it, as SQL Server does.
RewrittenStatement rewrite_drop_schema(const std::vector<Token> &tokens);

} // namespace tds_server
