// SQL functions the translated T-SQL calls in the backend (schema tds_support):
// CAST(x AS varbinary) and DATALENGTH, whose meaning depends on the argument type.
#pragma once

#include <string>

namespace tds_server {

// Idempotent DDL creating schema tds_support and its functions.
std::string support_functions_sql();

} // namespace tds_server
