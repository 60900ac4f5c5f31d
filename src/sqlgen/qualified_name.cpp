#include "sqlgen/qualified_name.hpp"

#include "common/ascii.hpp"
#include "common/error.hpp"
#include "sqlgen/identifier_quoting.hpp"

#include <vector>

namespace mssql_upsert::sqlgen {

namespace {

enum class Dialect { Tsql, Pg };

[[noreturn]] void bad_name(std::string_view text, const std::string &problem,
                           std::string hint = {}) {
  throw Error("invalid table name \"" + std::string(text) + "\": " + problem,
              sqlstate::kInvalidName, "", std::move(hint));
}

// ASCII only, on purpose: the backend's locale must not change how names parse.
bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_non_ascii(char c) { return static_cast<unsigned char>(c) >= 0x80; }

bool may_start_bare_part(char c, Dialect dialect) {
  return is_ascii_letter(c) || is_non_ascii(c) || c == '_' ||
         (dialect == Dialect::Tsql && (c == '@' || c == '#'));
}
bool may_continue_bare_part(char c, Dialect dialect) {
  return may_start_bare_part(c, dialect) || is_digit(c) || c == '$';
}

const char *kQuoteHint = "Quote name parts that are not plain identifiers, as [Order Details] "
                         "or \"Order Details\".";

// A part in [...] (T-SQL only) or "...", with the closing quote doubled inside.
std::string quoted_part(std::string_view text, std::size_t &i, char close) {
  ++i; // the opening quote
  std::string part;
  while (i < text.size()) {
    if (text[i] == close) {
      if (i + 1 < text.size() && text[i + 1] == close) {
        part += close;
        i += 2;
        continue;
      }
      ++i;
      if (part.empty())
        bad_name(text, "a quoted name part is empty");
      return part;
    }
    part += text[i++];
  }
  bad_name(text, std::string("unterminated ") + (close == ']' ? "[" : "\"") + " quote");
}

// An unquoted part starting at text[i] (the caller has checked i < text.size()).
std::string bare_part(std::string_view text, std::size_t &i, Dialect dialect) {
  std::string part;
  if (text[i] == '.')
    bad_name(text, "a name part is missing before \".\"");
  if (!may_start_bare_part(text[i], dialect))
    bad_name(text, std::string("unexpected character \"") + text[i] + "\"", kQuoteHint);
  while (i < text.size() && may_continue_bare_part(text[i], dialect))
    part += dialect == Dialect::Pg ? ascii_lower(text[i++]) : text[i++];
  return part;
}

// Splits text into its dot-separated parts, honouring the dialect's quoting.
std::vector<std::string> split_parts(std::string_view text, Dialect dialect) {
  std::vector<std::string> parts;
  std::size_t i = 0;
  auto skip_blanks = [&] {
    while (i < text.size() && is_blank(text[i]))
      ++i;
  };
  while (true) {
    skip_blanks();
    if (i >= text.size())
      bad_name(text, parts.empty() ? "the name is empty" : "a name part is missing after \".\"");
    const char open = text[i];
    if (open == '"')
      parts.push_back(quoted_part(text, i, '"'));
    else if (open == '[' && dialect == Dialect::Tsql)
      parts.push_back(quoted_part(text, i, ']'));
    else
      parts.push_back(bare_part(text, i, dialect));
    skip_blanks();
    if (i >= text.size())
      return parts;
    if (text[i] != '.')
      bad_name(text, "unexpected text after the name: \"" + std::string(text.substr(i)) + "\"",
               kQuoteHint);
    ++i;
  }
}

} // namespace

QualifiedName parse_tsql_qualified_name(std::string_view text, std::string_view default_schema,
                                        std::string_view current_database) {
  std::vector<std::string> parts = split_parts(text, Dialect::Tsql);
  if (parts.size() > 3)
    bad_name(text, "at most database.schema.table is allowed");
  if (parts.size() == 3 && current_database.empty())
    bad_name(text, "a database part (\"" + parts[0] + "\") is not accepted",
             "The server's database option chooses the remote database; write schema.table.");
  if (parts.size() == 3 && !equals_ignoring_ascii_case(parts[0], current_database))
    bad_name(text,
             "the database part \"" + parts[0] + "\" is not the server's database \"" +
                 std::string(current_database) + "\"",
             "Create a server whose database option names \"" + parts[0] + "\".");
  QualifiedName name{parts.size() >= 2 ? parts[parts.size() - 2] : std::string(default_schema),
                     parts.back()};
  check_tsql_identifier(name.schema, "remote schema name");
  check_tsql_identifier(name.name, "remote table name");
  return name;
}

QualifiedName parse_pg_qualified_name(std::string_view text, std::string_view default_schema) {
  std::vector<std::string> parts = split_parts(text, Dialect::Pg);
  if (parts.size() > 2)
    bad_name(text, "at most schema.table is allowed");
  QualifiedName name{parts.size() == 2 ? parts[0] : std::string(default_schema), parts.back()};
  check_pg_identifier(name.schema, "schema name");
  check_pg_identifier(name.name, "table name");
  return name;
}

} // namespace mssql_upsert::sqlgen
