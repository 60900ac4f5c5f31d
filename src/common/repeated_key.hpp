// The one message for a key that occurs twice in one chunk, whichever check
// found it: the pull's (pull/chunk_key_check, or a GROUP BY over the staged
// chunk) or the push's (remote/bulk_key, or a GROUP BY over #stg).
#pragma once

#include "common/error.hpp"

#include <optional>
#include <string>
#include <vector>

namespace mssql_upsert {

// "(OrderId, Line)=(7, NULL)": a key as messages show it (nullopt is NULL).
std::string format_key(const std::vector<std::string> &names,
                       const std::vector<std::optional<std::string>> &values);

// "<source> <verb> the key <key> more than once in one chunk", SQLSTATE 21000,
// hint: make key_columns identify <whose> rows uniquely.
Error repeated_key_error(const std::string &source_and_verb, const std::string &key,
                         const std::string &hint);

} // namespace mssql_upsert
