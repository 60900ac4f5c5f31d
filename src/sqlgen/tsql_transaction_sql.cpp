#include "sqlgen/tsql_transaction_sql.hpp"

#include <stdexcept>

namespace mssql_upsert::sqlgen {

namespace {

// SQL Server allows savepoint names of up to 32 characters; nest levels stay far below that.
std::string savepoint_name(int level) {
  if (level < 2)
    throw std::invalid_argument("savepoints exist only for subtransaction levels (2 and up)");
  return "[mssql_upsert_s" + std::to_string(level) + "]";
}

} // namespace

std::vector<std::string> tsql_transaction_steps(int open_level, int nest_level) {
  std::vector<std::string> steps;
  if (open_level >= nest_level)
    return steps;
  if (open_level < 1) {
    steps.emplace_back("BEGIN TRANSACTION");
    open_level = 1;
  }
  for (int level = open_level + 1; level <= nest_level; ++level)
    steps.push_back(build_tsql_save_transaction(level));
  return steps;
}

std::string build_tsql_save_transaction(int level) { return "SAVE TRANSACTION " + savepoint_name(level); }

std::string build_tsql_rollback_to_savepoint(int level) {
  return "ROLLBACK TRANSACTION " + savepoint_name(level);
}

} // namespace mssql_upsert::sqlgen
