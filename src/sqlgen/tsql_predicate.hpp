// A light lexical check of the user's remote_filter, a T-SQL predicate sent as
// written inside "WHERE (...)". It does not parse T-SQL; it makes sure the text
// cannot leave its parentheses: no unterminated string, [name], "name" or
// comment (a -- comment ends at CR or LF, as on SQL Server), parentheses that
// balance without closing early, and no ";" outside literals. A predicate can
// still call any function the remote login may call.
#pragma once

#include <string_view>

namespace mssql_upsert::sqlgen {

struct TsqlPredicateShape {
  bool ends_in_line_comment = false; // "x > 1 -- recent": the closing ")" needs a new line
};

// Throws Error (42601) naming the problem and its position (1-based character offset).
TsqlPredicateShape check_tsql_predicate(std::string_view predicate);

} // namespace mssql_upsert::sqlgen
