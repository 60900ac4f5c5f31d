#include "remote/sql_server_error_state.hpp"

#include "common/error.hpp"

namespace mssql_upsert::remote {

const char *sqlstate_for_sql_server_error(int number, std::string_view message) {
  switch (number) {
  case 2627: // PRIMARY KEY or UNIQUE constraint
  case 2601: // unique index
    return sqlstate::kUniqueViolation;
  case 547:
    // "... conflicted with the CHECK constraint ..." or "... FOREIGN KEY ..." /
    // "... REFERENCE constraint ..." (a delete of a referenced row).
    return message.find("CHECK constraint") != std::string_view::npos ? sqlstate::kCheckViolation
                                                                       : sqlstate::kForeignKeyViolation;
  case 515:
    return sqlstate::kNotNullViolation;
  case 8152:
  case 2628:
    return sqlstate::kStringTooLong;
  case 1205:
    return sqlstate::kDeadlockDetected;
  default:
    return sqlstate::kFdwError;
  }
}

} // namespace mssql_upsert::remote
