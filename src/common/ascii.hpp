// ASCII-only case folding. SQL Server's default collations and PostgreSQL's
// identifier folding treat A-Z as a-z; other bytes (UTF-8 included) compare
// exactly. Locale-independent on purpose: std::tolower follows the backend's
// LC_CTYPE, which could fold single bytes of a UTF-8 name.
#pragma once

#include <string>
#include <string_view>

namespace mssql_upsert {

constexpr char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

inline std::string ascii_lowercase(std::string_view text) {
  std::string out(text);
  for (char &c : out)
    c = ascii_lower(c);
  return out;
}

constexpr bool equals_ignoring_ascii_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size())
    return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(a[i]) != ascii_lower(b[i]))
      return false;
  return true;
}

} // namespace mssql_upsert
