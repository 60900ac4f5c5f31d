// A small T-SQL front end for the test server: tokenizes a batch, splits it
// into statements and rewrites each into PostgreSQL for the backend.
// Identifiers fold to lower case (SQL Server's default collation is case
// insensitive) and are always double-quoted; [x]]y] and "x" both parse.
// Declared SQL Server types live in column comments: "tds:<type>|<name>".
#pragma once

#include "wire/sql_type.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace tds_server {

struct SqlServerError : std::runtime_error {
  SqlServerError(int32_t number, uint8_t severity, const std::string &message)
      : std::runtime_error(message), number(number), severity(severity) {}
  int32_t number;
  uint8_t severity;
};

// Prefix of the alias given to plain select-list column references; the runtime
// strips it and reports the rest as the column name, exactly as written.
inline constexpr char kSpelledAlias[] = "\x01";

struct Token {
  enum Kind { Word, QuotedName, String, Number, Variable, Symbol } kind;
  std::string text; // Word: as written; QuotedName: unquoted name; String: value (no quotes)
  bool unicode = false; // N'...'
};

enum class StatementKind { Select, Command, SetOption, Begin, Commit, Rollback, CreateTable, Fault, NoOp,
                           SelectInto, Merge, Declare, SetVariable, IdentityInsert };

struct MergePlan;          // server/merge_rewriter.hpp
struct VariableStatement;  // server/batch_variables.hpp
struct IdentityInsertRequest; // server/identity_insert.hpp
class BatchVariables;      // server/batch_variables.hpp
struct IdentityInsertState; // server/identity_insert.hpp

struct CreatedColumn {
  std::string name; // as declared
  tds::ColumnType type;
};

struct RewrittenStatement {
  StatementKind kind = StatementKind::NoOp;
  std::string pg_sql;               // Select/Command/CreateTable: what the backend runs
  std::vector<std::string> pg_after; // CreateTable: comments recording declared types
  std::string condition_sql;        // non-empty: run first; skip the statement unless it returns true
  uint16_t cur_cmd = 0;
  std::string set_option, set_value; // SetOption
  std::string fault_kind;            // Fault: EXEC tds_test_fault @kind = '...', @count = n
  int64_t fault_count = 0;
  int64_t link_bandwidth_mbit = 0; // Fault 'link': @bandwidth_mbit = n
  int64_t link_rtt_us = 0;         // Fault 'link': @rtt_us = n
  std::string into_table;        // SelectInto: backend name of the table to create, e.g. pg_temp."#x"
  std::string into_describe_sql; // SelectInto: the first SELECT, whose columns give the new table's
  bool into_keeps_identity = false; // SelectInto: IDENTITY is copied (not through UNION)
  std::shared_ptr<const MergePlan> merge;                 // Merge
  std::shared_ptr<const VariableStatement> variables;     // Declare, SetVariable
  std::shared_ptr<const IdentityInsertRequest> identity;  // IdentityInsert
  std::string error_object; // the table a statement writes, as written (for error texts)
};

struct RewriteContext {
  int spid = 51;
  int64_t rowcount = 0;
  std::string database = "testdb";
  int trancount = 0;                                     // @@TRANCOUNT
  const BatchVariables *variables = nullptr;             // DECLAREd in this batch
  const IdentityInsertState *identity_insert = nullptr;  // SET IDENTITY_INSERT ... ON
};

std::vector<std::vector<Token>> split_batch(const std::string &batch);
RewrittenStatement rewrite_statement(const std::vector<Token> &tokens, const RewriteContext &context);
// A SELECT statement (no INTO) into PostgreSQL.
RewrittenStatement rewrite_select(const std::vector<Token> &tokens, const RewriteContext &context);
// Rewrites tokens [from, to) of an expression or clause into PostgreSQL text.
// With limit, "TOP n" is removed and n stored there.
std::string rewrite_tokens(const std::vector<Token> &tokens, std::size_t from, std::size_t to,
                           const RewriteContext &context, std::string *limit = nullptr);
// Helpers shared by the statement rewriters (merge, variables, identity).
std::string upper_ascii(std::string s);
std::string pg_ident(const std::string &name);   // folded to lower case, double-quoted
std::string pg_string(const std::string &value); // single-quoted literal
bool is_word(const Token &t, const char *upper_word);
bool is_symbol(const Token &t, const char *symbol);
[[noreturn]] void syntax_error(const std::string &near);

} // namespace tds_server
