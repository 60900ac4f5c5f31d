#include "pg/spi_session.hpp"

#include "pg/pg_guard.hpp"

extern "C" {
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "executor/tuptable.h"
#include "utils/builtins.h"
}

namespace mssql_upsert::pg {

SpiSession::SpiSession() {
  pg_call([] {
    if (SPI_connect() != SPI_OK_CONNECT)
      elog(ERROR, "SPI_connect failed");
  });
  connected_ = true;
}

SPIPlanPtr prepare_one_statement(const std::string &sql, int nargs, Oid *types) {
  SPIPlanPtr plan = SPI_prepare(sql.c_str(), nargs, types);
  if (plan == nullptr)
    elog(ERROR, "SPI_prepare failed (%s) for: %s", SPI_result_code_string(SPI_result), sql.c_str());
  if (list_length(SPI_plan_get_plan_sources(plan)) != 1)
    ereport(ERROR, (errcode(ERRCODE_SYNTAX_ERROR),
                    errmsg("expected one SQL statement, not several: %s", sql.c_str())));
  return plan;
}

uint64_t SpiSession::execute(const std::string &sql, const TextParameters &parameters) {
  std::vector<Oid> types(parameters.size(), TEXTOID);
  std::vector<Datum> values(parameters.size());
  return pg_call([&] {
    for (std::size_t i = 0; i < parameters.size(); ++i)
      values[i] = CStringGetTextDatum(parameters[i].c_str());
    SPIPlanPtr plan = prepare_one_statement(sql, static_cast<int>(types.size()), types.data());
    int rc = SPI_execute_plan(plan, values.data(), nullptr, false, 0);
    if (rc < 0)
      elog(ERROR, "SPI_execute_plan failed (%s) for: %s", SPI_result_code_string(rc), sql.c_str());
    SPI_freeplan(plan);
    return static_cast<uint64_t>(SPI_processed);
  });
}

std::vector<std::vector<std::optional<std::string>>>
SpiSession::query_text(const std::string &sql, const TextParameters &parameters) {
  execute(sql, parameters);
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

SPIPlanPtr SpiSession::prepare(const std::string &sql) {
  return pg_call([&] { return prepare_one_statement(sql, 0, nullptr); });
}

namespace {

// A DestReceiver that only counts: the executor hands it each RETURNING row.
// Called from PostgreSQL's executor, so nothing here may throw.
struct BooleanRowCounter {
  DestReceiver receiver; // first member: PostgreSQL sees a plain DestReceiver
  uint64_t true_rows;
  uint64_t other_rows;
};

bool count_row(TupleTableSlot *slot, DestReceiver *self) {
  auto *counter = reinterpret_cast<BooleanRowCounter *>(self);
  bool is_null = true;
  Datum value = slot_getattr(slot, 1, &is_null);
  if (!is_null && DatumGetBool(value))
    ++counter->true_rows;
  else
    ++counter->other_rows;
  return true;
}
void ignore_startup(DestReceiver *, int, TupleDesc) {}
void ignore_receiver(DestReceiver *) {}

} // namespace

std::pair<uint64_t, uint64_t> SpiSession::count_boolean_rows(SPIPlanPtr plan) {
  BooleanRowCounter counter{{count_row, ignore_startup, ignore_receiver, ignore_receiver, DestNone},
                            0, 0};
  pg_call([&] {
    SPIExecuteOptions options;
    memset(&options, 0, sizeof options);
    options.dest = &counter.receiver;
    int rc = SPI_execute_plan_extended(plan, &options);
    if (rc < 0)
      elog(ERROR, "SPI_execute_plan_extended failed (%s)", SPI_result_code_string(rc));
  });
  return {counter.true_rows, counter.other_rows};
}

void SpiSession::finish() {
  if (!connected_)
    return;
  connected_ = false;
  pg_call([] { SPI_finish(); });
}

} // namespace mssql_upsert::pg
