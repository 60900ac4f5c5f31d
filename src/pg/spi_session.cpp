#include "pg/spi_session.hpp"

#include "pg/pg_guard.hpp"

extern "C" {
#include "executor/spi.h"
}

namespace mssql_upsert::pg {

SpiSession::SpiSession() {
  pg_call([] {
    if (SPI_connect() != SPI_OK_CONNECT)
      elog(ERROR, "SPI_connect failed");
  });
  connected_ = true;
}

uint64_t SpiSession::execute(const std::string &sql) {
  return pg_call([&] {
    int rc = SPI_execute(sql.c_str(), false, 0);
    if (rc < 0)
      elog(ERROR, "SPI_execute failed (%s) for: %s", SPI_result_code_string(rc), sql.c_str());
    return static_cast<uint64_t>(SPI_processed);
  });
}

std::vector<std::vector<std::optional<std::string>>> SpiSession::query_text(const std::string &sql) {
  execute(sql);
  std::vector<std::vector<std::optional<std::string>>> rows;
  uint64_t count = SPI_processed;
  for (uint64_t r = 0; r < count; ++r) {
    std::vector<std::optional<std::string>> row;
    int columns = SPI_tuptable->tupdesc->natts;
    for (int c = 1; c <= columns; ++c) {
      char *value = pg_call([&] { return SPI_getvalue(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, c); });
      row.push_back(value ? std::optional<std::string>(value) : std::nullopt);
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<int64_t> SpiSession::query_int64_row(const std::string &sql) {
  execute(sql);
  std::vector<int64_t> values;
  if (SPI_processed != 1)
    throw Error("expected one row from an internal query, got " + std::to_string(SPI_processed),
                sqlstate::kInternalError, sql);
  int columns = SPI_tuptable->tupdesc->natts;
  for (int c = 1; c <= columns; ++c) {
    bool is_null = true;
    Datum value = pg_call([&] { return SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, c, &is_null); });
    values.push_back(is_null ? 0 : DatumGetInt64(value));
  }
  return values;
}

void SpiSession::finish() {
  if (!connected_)
    return;
  connected_ = false;
  pg_call([] { SPI_finish(); });
}

} // namespace mssql_upsert::pg
