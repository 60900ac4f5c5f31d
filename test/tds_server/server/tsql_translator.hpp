// PLANNED, NOT YET IMPLEMENTED: the full translator/catalog design. The running
// server uses server/tsql_rewriter.hpp (a smaller front end) and keeps declared
// types in column comments; replace that with this design or delete this file.
// T-SQL -> PostgreSQL translation for the test server (contract between the
// translator and the session runtime). Parsing is pure; translation consults the
// catalog (declared SQL Server types) and the session state.
#pragma once

#include "server/catalog.hpp"
#include "wire/sql_type.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace tds_server {

// A T-SQL error the client must see as an ERROR token (SQL Server's number, class, text).
struct TsqlError : std::runtime_error {
  TsqlError(int32_t number, uint8_t severity, const std::string &message, uint8_t state = 1)
      : std::runtime_error(message), number(number), severity(severity), state(state) {}
  int32_t number;
  uint8_t severity;
  uint8_t state;
};

// DONE token CurCmd values.
namespace cur_cmd {
inline constexpr uint16_t kSelect = 0xC1, kInsert = 0xC3, kDelete = 0xC4, kUpdate = 0xC5,
                          kMerge = 0x117, kOther = 0;
}

// Per-connection state the translator reads (the runtime owns and updates it).
struct SessionState {
  int32_t spid = 51;
  int64_t rowcount = 0;        // @@ROWCOUNT after the previous statement
  int32_t trancount = 0;       // @@TRANCOUNT
  std::string database;        // DB_NAME()
  std::string identity_insert; // table with IDENTITY_INSERT ON ("" = none), as schema.name
  int32_t textsize = 4096;     // SET TEXTSIZE
  bool fmtonly = false;        // SET FMTONLY ON: queries return metadata only
};

struct ParsedStatement; // opaque AST of one statement
using ParsedStatementPtr = std::shared_ptr<const ParsedStatement>;

// Splits and parses a batch (several statements, with or without semicolons).
// Throws TsqlError 102 "Incorrect syntax near '...'." on what it cannot parse.
std::vector<ParsedStatementPtr> parse_batch(std::string_view batch_text);

enum class ActionKind {
  BackendQuery,   // run pg_sql (rows expected): COPY (pg_sql) TO STDOUT (FORMAT binary), send COLMETADATA+ROWs
  BackendCommand, // run pg_sql, report affected rows (DONE COUNT) unless rows_affected_hidden
  SessionOnly,    // no backend work (SET options, IDENTITY_INSERT, ...): apply session_update only
  BeginTran, CommitTran, RollbackTran,
  InsertBulk,     // "insert bulk <table> (...)": next 0x07 message carries rows for bulk_table
  Conditional,    // IF: run condition_sql (returns one boolean), then then_branch or else_branch
  FaultInjection, // EXEC tds_test_fault ...
};

struct FaultRequest {
  std::string kind; // deadlock | drop_after_rows | delay_per_row_ms | delay_per_statement_ms | refuse_logins | clear
  int64_t count = 0;
};

struct Action {
  ActionKind kind = ActionKind::SessionOnly;
  // Backend statements in order; for BackendQuery the last one returns the rows.
  std::vector<std::string> pg_sql;
  std::vector<tds::ColumnMeta> result_columns; // BackendQuery: what COLMETADATA says
  uint16_t cur_cmd = cur_cmd::kOther;
  bool is_merge = false;        // fault injection "deadlock" applies to MERGE actions
  bool count_rows = true;       // DONE carries the COUNT bit
  std::optional<CatalogTable> bulk_table; // InsertBulk target, with its declared columns
  std::vector<std::string> bulk_columns;  // InsertBulk: columns listed, in stream order
  std::string condition_sql;              // Conditional
  std::vector<ParsedStatementPtr> then_branch, else_branch;
  std::optional<FaultRequest> fault;
  // Session changes to apply after success (SET TEXTSIZE, IDENTITY_INSERT, FMTONLY, ...).
  std::optional<SessionState> session_update;
  // Catalog changes to apply after the backend statements succeed (runtime calls Catalog).
  std::vector<CatalogTable> tables_created;
  std::vector<TableName> tables_dropped;
};

// Translates one parsed statement with the catalog and session as they are now.
// Throws TsqlError with SQL Server's numbers (208 invalid object, 207 invalid column, 102, ...).
Action translate(const ParsedStatement &statement, Catalog &catalog, const SessionState &session);

} // namespace tds_server
