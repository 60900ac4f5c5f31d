// T-SQL variables, which live for the rest of their batch:
//   DECLARE @x int [= expr][, ...]     scalars, held by the session as text
//   SET @x = expr
//   DECLARE @v TABLE (col type [NOT NULL], ...)   a backend temp table "pg_temp"."@v",
//                                       dropped when the batch ends
#pragma once

#include "server/tsql_rewriter.hpp"
#include "wire/sql_type.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tds_server {

class Backend;

struct ScalarAssignment {
  std::string name;      // "@X" (variable tokens are upper-cased)
  tds::ColumnType type;  // DECLARE: the declared type; SET: unused
  std::string value_sql; // backend expression; "" = NULL
};

struct VariableStatement {
  bool is_set = false;                    // SET @x = ...; else DECLARE
  std::vector<ScalarAssignment> scalars;  // in order
  std::string table_name;                 // DECLARE @v TABLE: "@V"
  RewrittenStatement table_create;        // its CREATE TABLE (and declared-type comments)
};

class BatchVariables {
public:
  struct Scalar {
    tds::ColumnType type;
    std::optional<std::string> value; // text form; nullopt = NULL
  };
  void clear();
  bool declared(const std::string &name) const;
  const Scalar *scalar(const std::string &name) const;
  bool is_table(const std::string &name) const;
  void declare_scalar(const std::string &name, tds::ColumnType type);
  void assign(const std::string &name, std::optional<std::string> value);
  void declare_table(const std::string &name);
  // Statements dropping this batch's table variables.
  std::vector<std::string> drop_sql() const;

private:
  std::map<std::string, Scalar> scalars_;
  std::vector<std::string> tables_;
};

// The backend relation of table variable @v.
std::string table_variable_relation(const std::string &name);

// An expression token @x: a typed literal of its value, or the table variable's
// relation. Throws 137 (scalar) / 1087 (table) when not declared in this batch.
std::string variable_reference(const BatchVariables *variables, const std::string &name,
                               bool table_position);

// DECLARE ... / SET @x = ...
RewrittenStatement rewrite_variable_statement(const std::vector<Token> &tokens, const RewriteContext &context);

// Carries out a Declare/SetVariable statement: creates table variables in the
// backend, evaluates the values there.
void run_variable_statement(const VariableStatement &statement, Backend &backend, BatchVariables &variables);

} // namespace tds_server
