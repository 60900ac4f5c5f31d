// Backend: catalog look-ups in text form, and the column flags COLMETADATA carries.
#include "server/backend.hpp"

namespace tds_server {

std::vector<std::vector<std::optional<std::string>>> Backend::query_rows(const std::string &sql) {
  PGresult *r = PQexec(conn_, sql.c_str());
  if (PQresultStatus(r) != PGRES_TUPLES_OK)
    raise(r);
  std::vector<std::vector<std::optional<std::string>>> rows(static_cast<std::size_t>(PQntuples(r)));
  for (int row = 0; row < PQntuples(r); ++row)
    for (int f = 0; f < PQnfields(r); ++f)
      rows[row].push_back(PQgetisnull(r, row, f) ? std::nullopt
                                                 : std::optional<std::string>(PQgetvalue(r, row, f)));
  PQclear(r);
  return rows;
}

Backend::ColumnFlags Backend::column_flags(Oid table, int column) {
  auto key = std::make_pair(table, column);
  if (auto found = column_flags_.find(key); found != column_flags_.end())
    return found->second;
  auto rows = query_rows("SELECT attnotnull, attidentity <> '', attgenerated <> '' FROM pg_attribute WHERE attrelid = " +
                         std::to_string(table) + " AND attnum = " + std::to_string(column));
  ColumnFlags flags;
  if (rows.size() == 1)
    flags = {rows[0][0] == "t", rows[0][1] == "t", rows[0][2] == "t"};
  column_flags_[key] = flags;
  return flags;
}

BackendTransaction::BackendTransaction(Backend &backend) : backend_(backend) {
  if (!backend_.in_transaction()) {
    backend_.execute("BEGIN");
    owned_ = true;
  }
}

BackendTransaction::~BackendTransaction() {
  if (owned_) {
    try {
      backend_.execute("ROLLBACK");
    } catch (...) {
    }
  }
}

void BackendTransaction::commit() {
  if (owned_) {
    owned_ = false;
    backend_.execute("COMMIT");
  }
}

} // namespace tds_server
