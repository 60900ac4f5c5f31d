// Backend: COPY ... FROM STDIN, the way bulk loads reach PostgreSQL.
#include "server/backend.hpp"

namespace tds_server {

void Backend::copy_in_begin(const std::string &sql) {
  PGresult *r = PQexec(conn_, sql.c_str());
  if (PQresultStatus(r) != PGRES_COPY_IN)
    raise(r);
  PQclear(r);
}

void Backend::copy_in_send(const tds::Bytes &data) {
  if (!data.empty() &&
      PQputCopyData(conn_, reinterpret_cast<const char *>(data.data()), static_cast<int>(data.size())) != 1)
    throw SqlServerError(50000, 16, std::string("TDS test server: the backend connection failed: ") +
                                        PQerrorMessage(conn_));
}

int64_t Backend::copy_in_end() {
  PQputCopyEnd(conn_, nullptr);
  PGresult *first = PQgetResult(conn_);
  while (PGresult *extra = PQgetResult(conn_))
    PQclear(extra);
  if (PQresultStatus(first) != PGRES_COMMAND_OK)
    raise(first);
  const char *count = PQcmdTuples(first);
  int64_t rows = count && *count ? std::stoll(count) : 0;
  PQclear(first);
  return rows;
}

void Backend::copy_in_abort() noexcept {
  if (PQputCopyEnd(conn_, "bulk load abandoned") == 1 || PQisBusy(conn_))
    while (PGresult *r = PQgetResult(conn_))
      PQclear(r);
}

} // namespace tds_server
