// Reading SQL function arguments into C++ values, with errors that name the argument.
#pragma once

#include "pg/pg_headers.hpp"

#include <optional>
#include <string>
#include <vector>

namespace mssql_upsert::pg {

// Text argument that must not be NULL or empty.
std::string required_text_argument(FunctionCallInfo fcinfo, int index, const char *name);
std::optional<std::string> optional_text_argument(FunctionCallInfo fcinfo, int index);
// text[] argument: NULL array -> nullopt; NULL elements are an error naming the argument.
std::optional<std::vector<std::string>> optional_text_array_argument(FunctionCallInfo fcinfo,
                                                                     int index, const char *name);
// Arguments with a default in the SQL declaration (sql_default, named in the
// hint): an explicit NULL is an error naming the argument, never the default.
int32 int_argument(FunctionCallInfo fcinfo, int index, const char *name, int32 sql_default,
                   int32 min, int32 max); // outside [min, max]: an error naming it
bool bool_argument(FunctionCallInfo fcinfo, int index, const char *name, bool sql_default);
std::string text_argument(FunctionCallInfo fcinfo, int index, const char *name,
                          const char *sql_default);

// Integer argument whose NULL means none; outside [min, max] -> error naming it.
std::optional<int32> optional_int_argument(FunctionCallInfo fcinfo, int index, const char *name,
                                           int32 min, int32 max);

// An OID argument (regclass) that must not be NULL.
Oid required_oid_argument(FunctionCallInfo fcinfo, int index, const char *name);

} // namespace mssql_upsert::pg
