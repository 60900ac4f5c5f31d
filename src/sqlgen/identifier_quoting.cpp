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

void check_common(std::string_view name, std::string_view what) {
  if (name.empty())
    throw Error(std::string(what) + " must not be empty", sqlstate::kInvalidParameterValue);
  if (name.find('\0') != std::string_view::npos)
    throw Error(std::string(what) + " must not contain a NUL character",
                sqlstate::kInvalidParameterValue);
}
} // namespace

std::string quote_pg_identifier(std::string_view name) {
  bool bare = !name.empty() && !(name[0] >= '0' && name[0] <= '9');
  for (char c : name)
    bare = bare && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
  if (bare && !is_pg_keyword_needing_quotes(name))
    return std::string(name);
  return "\"" + doubled(name, '"') + "\"";
}

std::string quote_tsql_identifier(std::string_view name) {
  std::string out = "[";
  for (char c : name) {
    out += c;
    if (c == ']')
      out += ']';
  }
  return out + "]";
}

std::string quote_tsql_string(std::string_view value) { return "N'" + doubled(value, '\'') + "'"; }

std::string quote_pg_string(std::string_view value) { return "'" + doubled(value, '\'') + "'"; }

std::size_t utf16_length(std::string_view utf8) {
  std::size_t units = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    unsigned char lead = static_cast<unsigned char>(utf8[i]);
    std::size_t bytes = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3
                                     : (lead >> 3) == 0x1E ? 4 : 1;
    if (i + bytes > utf8.size())
      bytes = 1;
    units += bytes == 4 ? 2 : 1; // outside the BMP: a surrogate pair
    i += bytes;
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
