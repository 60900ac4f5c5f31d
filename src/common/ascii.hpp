// ASCII-only case folding and character classes. SQL Server's default collations and PostgreSQL's
// identifier folding treat A-Z as a-z; other bytes (UTF-8 included) compare
// exactly. Locale-independent on purpose: std::tolower follows the backend's
// LC_CTYPE, which could fold single bytes of a UTF-8 name.
#pragma once

#include <string>
#include <string_view>

namespace mssql_upsert {

constexpr char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
constexpr char ascii_upper(char c) {
  return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}
constexpr bool ascii_is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool ascii_is_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool ascii_is_alnum(char c) { return ascii_is_alpha(c) || ascii_is_digit(c); }
// The C locale's white space: space, \t, \n, \v, \f, \r.
constexpr bool ascii_is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

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
