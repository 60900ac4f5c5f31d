#include "named_sync/local_query.hpp"

#include "pg/pg_guard.hpp"
#include "pg/spi_session.hpp"

extern "C" {
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "parser/parser.h"
#include "utils/builtins.h"
}

namespace mssql_upsert::named_sync {

namespace {

// Not read-only: a read-only SPI call would not see what the run itself just wrote.
// One statement only: definitions hold text a role may have written into them.
uint64_t run(const std::string &sql, const std::vector<std::optional<std::string>> &text_args) {
  return pg::pg_call([&] {
    const int count = static_cast<int>(text_args.size());
    Oid *types = static_cast<Oid *>(palloc0(sizeof(Oid) * (count + 1)));
    Datum *values = static_cast<Datum *>(palloc0(sizeof(Datum) * (count + 1)));
    char *nulls = static_cast<char *>(palloc0(count + 1));
    for (int i = 0; i < count; ++i) {
      types[i] = TEXTOID;
      nulls[i] = text_args[i] ? ' ' : 'n';
      if (text_args[i])
        values[i] = CStringGetTextDatum(text_args[i]->c_str());
    }
    SPIPlanPtr plan = pg::prepare_one_statement(sql, count, types);
    int rc = SPI_execute_plan(plan, values, nulls, false, 0);
    if (rc < 0)
      elog(ERROR, "SPI_execute_plan failed (%s) for: %s", SPI_result_code_string(rc), sql.c_str());
    SPI_freeplan(plan);
    return static_cast<uint64_t>(SPI_processed);
  });
}

std::optional<std::string> value_at(uint64_t row) {
  char *value =
      pg::pg_call([&] { return SPI_getvalue(SPI_tuptable->vals[row], SPI_tuptable->tupdesc, 1); });
  return value ? std::optional<std::string>(value) : std::nullopt;
}

} // namespace

std::optional<std::string> query_value(const std::string &sql,
                                       const std::vector<std::optional<std::string>> &text_args) {
  if (run(sql, text_args) == 0)
    return std::nullopt;
  return value_at(0);
}

std::vector<std::string> query_column(const std::string &sql,
                                      const std::vector<std::optional<std::string>> &text_args) {
  const uint64_t rows = run(sql, text_args);
  std::vector<std::string> out;
  for (uint64_t r = 0; r < rows; ++r)
    if (std::optional<std::string> value = value_at(r))
      out.push_back(*value);
  return out;
}

uint64_t execute_statement(const std::string &sql) { return run(sql, {}); }

void require_single_statement(const std::string &sql, const std::string &what) {
  const int statements =
      pg::pg_call([&] { return list_length(raw_parser(sql.c_str(), RAW_PARSE_DEFAULT)); });
  if (statements != 1)
    throw Error(what + " must be one predicate, not several statements", sqlstate::kSyntaxError);
}

} // namespace mssql_upsert::named_sync
