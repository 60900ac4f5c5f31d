#include "sqlgen/identifier_quoting.hpp"

#include "common/error.hpp"
#include "sqlgen/pg_keywords.hpp"

namespace mssql_upsert::sqlgen {

namespace {

std::string doubled(std::string_view text, char quote) {
  std::string out;
  out.reserve(text.size() + 2);
  for (char c : text) {
    out += c;
    if (c == quote)
      out += quote;
  }
  return out;
}

void check_no_nul(std::string_view text, std::string_view what) {
  if (text.find('\0') != std::string_view::npos)
    throw Error(std::string(what) + " must not contain a NUL character",
                sqlstate::kInvalidParameterValue);
}

void check_common(std::string_view name, std::string_view what) {
  if (name.empty())
    throw Error(std::string(what) + " must not be empty", sqlstate::kInvalidName);
  check_no_nul(name, what);
}

bool is_lower_ascii_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

// Length of the UTF-8 sequence starting at text[i], or 0 when it is invalid.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  const unsigned char lead = static_cast<unsigned char>(text[i]);
  std::size_t length = lead < 0x80           ? 1
                       : (lead >> 5) == 0x6  ? 2
                       : (lead >> 4) == 0xE  ? 3
                       : (lead >> 3) == 0x1E ? 4
                                             : 0;
  if (length == 0 || i + length > text.size())
    return 0;
  for (std::size_t k = 1; k < length; ++k)
    if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80)
      return 0;
  return length;
}

} // namespace

std::string quote_pg_identifier(std::string_view name, std::string_view what) {
  check_pg_identifier(name, what);
  bool bare = !(name[0] >= '0' && name[0] <= '9');
  for (char c : name)
    bare = bare && is_lower_ascii_word_char(c);
  if (bare && !is_pg_keyword_needing_quotes(name))
    return std::string(name);
  return "\"" + doubled(name, '"') + "\"";
}

std::string quote_tsql_identifier(std::string_view name, std::string_view what) {
  check_tsql_identifier(name, what);
  return "[" + doubled(name, ']') + "]";
}

std::string quote_tsql_string(std::string_view value) {
  check_no_nul(value, "a T-SQL string literal");
  return "N'" + doubled(value, '\'') + "'";
}

std::string quote_pg_string(std::string_view value) {
  check_no_nul(value, "a PostgreSQL string literal");
  if (value.find('\\') == std::string_view::npos)
    return "'" + doubled(value, '\'') + "'";
  // E'' reads backslashes as escapes whatever standard_conforming_strings says.
  return "E'" + doubled(doubled(value, '\\'), '\'') + "'";
}

std::size_t utf16_length(std::string_view utf8) {
  std::size_t units = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    std::size_t bytes = utf8_sequence_length(utf8, i);
    units += bytes == 4 ? 2 : 1; // outside the BMP: a surrogate pair
    i += bytes == 0 ? 1 : bytes;
  }
  return units;
}

void check_pg_identifier(std::string_view name, std::string_view what) {
  check_common(name, what);
  if (name.size() > kPgMaxIdentifierBytes)
    throw Error(std::string(what) + " \"" + std::string(name) + "\" is too long (" +
                    std::to_string(name.size()) + " bytes; PostgreSQL allows " +
                    std::to_string(kPgMaxIdentifierBytes) + ")",
                sqlstate::kNameTooLong);
}

void check_tsql_identifier(std::string_view name, std::string_view what) {
  check_common(name, what);
  std::size_t units = utf16_length(name);
  if (units > kTsqlMaxIdentifierChars)
    throw Error(std::string(what) + " \"" + std::string(name) + "\" is too long (" +
                    std::to_string(units) + " characters; SQL Server allows " +
                    std::to_string(kTsqlMaxIdentifierChars) + ")",
                sqlstate::kNameTooLong);
}

} // namespace mssql_upsert::sqlgen
