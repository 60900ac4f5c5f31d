// SPI from C++: connect once per SQL call, run statements, read small results.
// On an error the transaction abort releases SPI, so the guard only finishes
// SPI on the success path (finish()).
#pragma once

#include "pg/pg_headers.hpp"

extern "C" {
#include "executor/spi.h"
}

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace mssql_upsert::pg {

// Plans sql with nargs parameters of the given types and refuses more than one
// statement (SPI_execute would run them all). Call inside pg_call.
SPIPlanPtr prepare_one_statement(const std::string &sql, int nargs, Oid *types);

class SpiSession {
public:
  SpiSession();
  SpiSession(const SpiSession &) = delete;
  SpiSession &operator=(const SpiSession &) = delete;
  ~SpiSession() = default;

  // Every statement text is exactly one statement (more is an error), and
  // caller text goes in only as parameters: $1, $2, ... of type text.
  using TextParameters = std::vector<std::string>;

  // Runs one statement; returns SPI_processed.
  uint64_t execute(const std::string &sql, const TextParameters &parameters = {});
  // Runs a query and returns its rows as text (NULL as nullopt). For small results.
  std::vector<std::vector<std::optional<std::string>>>
  query_text(const std::string &sql, const TextParameters &parameters = {});
  // Plans a statement once for many runs; the plan lives until finish().
  SPIPlanPtr prepare(const std::string &sql);
  // Runs a prepared statement whose rows are one boolean each and counts them
  // as they come, keeping none: {true rows, false or NULL rows}.
  std::pair<uint64_t, uint64_t> count_boolean_rows(SPIPlanPtr plan);
  // Leaves SPI; call once at the end of a successful call.
  void finish();

private:
  bool connected_ = false;
};

} // namespace mssql_upsert::pg
