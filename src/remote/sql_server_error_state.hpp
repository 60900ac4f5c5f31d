// The SQLSTATE a SQL Server error is raised with, so that PL/pgSQL handlers
// (EXCEPTION WHEN unique_violation ...) catch remote errors as they catch
// PostgreSQL's own. Pure.
#pragma once

#include <string_view>

namespace mssql_upsert::remote {

// 2627/2601 unique_violation, 547 foreign_key_violation or check_violation
// (by the constraint its message names), 515 not_null_violation, 8152/2628
// string_data_right_truncation, 1205 deadlock_detected; any other error
// fdw_error (HV000).
const char *sqlstate_for_sql_server_error(int number, std::string_view message);

} // namespace mssql_upsert::remote
