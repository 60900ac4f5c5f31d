// Quoting identifiers and strings for PostgreSQL and T-SQL. Every name and
// literal that goes into generated SQL passes through here.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mssql_upsert::sqlgen {

inline constexpr std::size_t kPgMaxIdentifierBytes = 63;    // NAMEDATALEN - 1
inline constexpr std::size_t kTsqlMaxIdentifierChars = 128; // sysname

// PostgreSQL: bare when the name is a lower-case ASCII identifier that is not a
// keyword (as PostgreSQL's quote_identifier does), otherwise "..." with ""
// doubling. Checks the name first (check_pg_identifier): PostgreSQL would
// silently truncate a longer name and so address another object.
std::string quote_pg_identifier(std::string_view name, std::string_view what = "identifier");
// T-SQL: always [...] with ]] doubling, after check_tsql_identifier.
std::string quote_tsql_identifier(std::string_view name, std::string_view what = "identifier");
// T-SQL Unicode string literal: N'...' with '' doubling. NUL is refused: the
// batch travels as a C string through db-lib and would end there.
std::string quote_tsql_string(std::string_view value);
// PostgreSQL string literal that reads the same under either setting of
// standard_conforming_strings (a session may turn it off): '...' with ''
// doubling, or E'...' with backslashes doubled too when the value has one (as
// PostgreSQL's quote_literal does). NUL is refused.
std::string quote_pg_string(std::string_view value);

// Checks a name for either side: not empty, no NUL, within the length limit
// (PostgreSQL: 63 bytes; T-SQL: 128 UTF-16 code units). Throws Error naming
// what (e.g. "remote table name") and the name.
void check_pg_identifier(std::string_view name, std::string_view what);
void check_tsql_identifier(std::string_view name, std::string_view what);

// Number of UTF-16 code units of a UTF-8 string: 2 for a character outside the
// BMP, 1 for any other character and for each byte of an invalid sequence.
std::size_t utf16_length(std::string_view utf8);

} // namespace mssql_upsert::sqlgen
