// A small T-SQL front end for the test server: tokenizes a batch, splits it
// into statements and rewrites each into PostgreSQL for the backend.
// Identifiers fold to lower case (SQL Server's default collation is case
// insensitive) and are always double-quoted; [x]]y] and "x" both parse.
// Declared SQL Server types live in column comments: "tds:<type>|<name>".
#pragma once

#include "wire/sql_type.hpp"

#include <cstdint>
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
                           SelectInto };

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
  std::string into_table;        // SelectInto: backend name of the table to create, e.g. pg_temp."#x"
  std::string into_describe_sql; // SelectInto: the first SELECT, whose columns give the new table's
  bool into_keeps_identity = false; // SelectInto: IDENTITY is copied (not through UNION)
};

struct RewriteContext {
  int spid = 51;
  int64_t rowcount = 0;
  std::string database = "testdb";
};

std::vector<std::vector<Token>> split_batch(const std::string &batch);
RewrittenStatement rewrite_statement(const std::vector<Token> &tokens, const RewriteContext &context);
// A SELECT statement (no INTO) into PostgreSQL.
RewrittenStatement rewrite_select(const std::vector<Token> &tokens, const RewriteContext &context);
// PostgreSQL quoting: identifiers fold to lower case (SQL Server's case-insensitive names).
std::string pg_ident(const std::string &name);
std::string pg_string(const std::string &value);

} // namespace tds_server
