// The session's PostgreSQL connection: runs rewritten statements and streams
// query results in binary COPY format.
#pragma once

#include "server/tsql_rewriter.hpp"
#include "wire/row_encoder.hpp"

#include <libpq-fe.h>

#include <functional>
#include <map>
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
  std::map<std::pair<Oid, int>, std::optional<std::pair<std::string, tds::ColumnType>>> declared_;
};

} // namespace tds_server
