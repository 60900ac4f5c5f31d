// The session's PostgreSQL connection: runs rewritten statements and streams
// query results in binary COPY format.
#pragma once

#include "server/sql_server_errors.hpp"
#include "server/tsql_rewriter.hpp"
#include "wire/row_encoder.hpp"

#include <libpq-fe.h>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tds_server {

class Backend {
public:
  explicit Backend(const std::string &conninfo);
  ~Backend();
  Backend(const Backend &) = delete;
  Backend &operator=(const Backend &) = delete;

  // Runs a statement; returns rows affected. Throws SqlServerError.
  int64_t execute(const std::string &sql);
  bool query_bool(const std::string &sql);
  // The first column of the first row as text; nullopt for no row or NULL.
  std::optional<std::string> query_text(const std::string &sql);
  // Clean-up statements (ROLLBACK, DROP of batch objects) whose failure changes nothing.
  void execute_ignoring_errors(const std::string &sql);
  bool in_transaction() const;
  // What the next statements are doing, for SQL Server's error texts.
  void set_error_context(StatementErrorContext context) { error_context_ = std::move(context); }
  // The SQL Server columns a query returns (names and declared types).
  std::vector<tds::ColumnMeta> describe(const std::string &sql);
  // Streams every row of sql to on_row; returns the number of rows.
  int64_t stream(const std::string &sql, const std::vector<tds::ColumnMeta> &columns,
                 const std::function<void(const std::vector<tds::PgValue> &)> &on_row);
  void cancel();

private:
  [[noreturn]] void raise(PGresult *result);
  std::optional<std::pair<std::string, tds::ColumnType>> declared_column(Oid table, int column);
  PGconn *conn_ = nullptr;
  StatementErrorContext error_context_;
  std::map<std::pair<Oid, int>, std::optional<std::pair<std::string, tds::ColumnType>>> declared_;
};

} // namespace tds_server
