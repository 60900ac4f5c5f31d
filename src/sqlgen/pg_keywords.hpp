// PostgreSQL keywords that quote_identifier quotes: every keyword that is not
// "unreserved" (reserved, type/function-name and column-name keywords).
#pragma once

#include <string_view>

namespace mssql_upsert::sqlgen {

bool is_pg_keyword_needing_quotes(std::string_view lower_case_word);

} // namespace mssql_upsert::sqlgen
