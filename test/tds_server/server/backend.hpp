// The session's PostgreSQL connection: runs rewritten statements and streams
// query results in binary COPY format.
#pragma once

#include "server/sql_server_errors.hpp"
#include "server/tsql_rewriter.hpp"
#include "wire/row_encoder.hpp"

#include <libpq-fe.h>

#include <functional>
#include <map>
#include <set>
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

  // Text rows of a query (NULL as nullopt). backend_catalog.cpp
  std::vector<std::vector<std::optional<std::string>>> query_rows(const std::string &sql);
  // COPY ... FROM STDIN: begin, send data, end (returns rows) or abort. backend_copy.cpp
  void copy_in_begin(const std::string &sql);
  void copy_in_send(const tds::Bytes &data);
  int64_t copy_in_end();
  void copy_in_abort() noexcept;

private:
  struct ColumnFlags {
    bool not_null = false;
    bool identity = false;
    bool computed = false;
  };
  ColumnFlags column_flags(Oid table, int column);
  std::map<std::pair<Oid, int>, ColumnFlags> column_flags_;
  [[noreturn]] void raise(PGresult *result);
  std::optional<std::pair<std::string, tds::ColumnType>> declared_column(Oid table, int column);
  PGconn *conn_ = nullptr;
  StatementErrorContext error_context_;
  std::map<std::pair<Oid, int>, std::optional<std::pair<std::string, tds::ColumnType>>> declared_;
  std::set<std::pair<Oid, int>> rowversion_columns_; // declared rowversion / timestamp
};

// BEGIN unless the session is already in a transaction; ROLLBACK on destruction
// unless committed. Makes a multi-statement operation atomic, as SQL Server's is.
class BackendTransaction {
public:
  explicit BackendTransaction(Backend &backend);
  ~BackendTransaction();
  BackendTransaction(const BackendTransaction &) = delete;
  BackendTransaction &operator=(const BackendTransaction &) = delete;
  void commit();

private:
  Backend &backend_;
  bool owned_ = false;
};

} // namespace tds_server
