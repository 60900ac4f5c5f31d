// A light lexical check of the user's T-SQL that goes inside parentheses: a
// remote_filter, a predicate sent as written inside "WHERE (...)", and a foreign
// table's query, sent as a derived table. It does not parse T-SQL; it makes sure the text
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

// A foreign table's query option, which a scan sends as "(<query>\n) AS [q]":
// it must start with SELECT (after blanks) and pass the same lexical rules, so
// it cannot close the derived table and run statements of its own. Throws Error
// (42601) as check_tsql_predicate does, for option "query".
void check_tsql_derived_query(std::string_view query);

} // namespace mssql_upsert::sqlgen
