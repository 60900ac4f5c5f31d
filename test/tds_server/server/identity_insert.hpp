// IDENTITY columns as SQL Server has them: generated values, explicit values only
// under SET IDENTITY_INSERT <table> ON (one table per session at a time), and
// the identity continuing after the largest explicit value inserted.
// Backend form: GENERATED ALWAYS AS IDENTITY, with OVERRIDING SYSTEM VALUE added
// to INSERTs into the table whose IDENTITY_INSERT is ON.
#pragma once

#include "server/object_name.hpp"
#include "server/tsql_rewriter.hpp"

#include <optional>
#include <string>
#include <vector>

namespace tds_server {

class Backend;

struct IdentityInsertRequest {
  ObjectName table;
  bool on = false;
};

struct IdentityInsertState {
  ObjectName table;
  std::string column; // the identity column's backend name
};

// CREATE TABLE column option "IDENTITY[(seed, increment)]" at element[k]; advances
// k past it and returns the backend column option.
std::string identity_column_sql(const std::vector<Token> &element, std::size_t &k);

// SET IDENTITY_INSERT [schema.]table ON|OFF
RewrittenStatement rewrite_identity_insert(const std::vector<Token> &tokens);

// True when IDENTITY_INSERT is ON for this table in the session.
bool identity_insert_on(const RewriteContext &context, const ObjectName &table);

// INSERT [INTO] table [(columns)] ...: OVERRIDING SYSTEM VALUE when IDENTITY_INSERT
// is ON for the table (8101 without a column list). Sets object to the table as written.
std::string rewrite_insert(const std::vector<Token> &tokens, const RewriteContext &context, std::string &object);

// Checks and applies SET IDENTITY_INSERT (errors 1088, 8106, 8107).
void apply_identity_insert(const IdentityInsertRequest &request, Backend &backend,
                           std::optional<IdentityInsertState> &state, const std::string &database);

// Moves the identity past the largest value in the table (after explicit inserts).
std::string identity_reseed_sql(const IdentityInsertState &state);

} // namespace tds_server
