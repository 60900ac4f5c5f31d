#include "sqlgen/qualified_name.hpp"

#include "common/error.hpp"
#include "sqlgen/identifier_quoting.hpp"

#include <cctype>
#include <vector>

namespace mssql_upsert::sqlgen {

namespace {

enum class Dialect { Tsql, Pg };

[[noreturn]] void bad_name(std::string_view text, const std::string &problem) {
  throw Error("invalid table name \"" + std::string(text) + "\": " + problem,
              sqlstate::kInvalidParameterValue);
}

bool is_blank(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

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
    std::string part;
    char open = text[i];
    char close = open == '[' && dialect == Dialect::Tsql ? ']' : open == '"' ? '"' : '\0';
    if (close != '\0') {
      ++i;
      bool closed = false;
      while (i < text.size()) {
        if (text[i] == close) {
          if (i + 1 < text.size() && text[i + 1] == close) { // doubled: a literal quote
            part += close;
            i += 2;
            continue;
          }
          ++i;
          closed = true;
          break;
        }
        part += text[i++];
      }
      if (!closed)
        bad_name(text, std::string("unterminated ") + (close == ']' ? "[" : "\"") + " quote");
      if (part.empty())
        bad_name(text, "a quoted name part is empty");
    } else {
      while (i < text.size() && text[i] != '.' && !is_blank(text[i])) {
        char c = text[i];
        if (c == '"' || c == '[' || c == ']')
          bad_name(text, std::string("unexpected ") + c);
        part += dialect == Dialect::Pg ? static_cast<char>(std::tolower(static_cast<unsigned char>(c))) : c;
        ++i;
      }
      if (part.empty())
        bad_name(text, "a name part is missing");
    }
    parts.push_back(part);
    skip_blanks();
    if (i >= text.size())
      return parts;
    if (text[i] != '.')
      bad_name(text, "unexpected text after the name: \"" + std::string(text.substr(i)) + "\"");
    ++i;
  }
}

bool same_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size())
    return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

} // namespace

QualifiedName parse_tsql_qualified_name(std::string_view text, std::string_view default_schema,
                                        std::string_view current_database) {
  std::vector<std::string> parts = split_parts(text, Dialect::Tsql);
  if (parts.size() > 3)
    bad_name(text, "at most database.schema.table is allowed");
  if (parts.size() == 3 && !(!current_database.empty() && same_ignoring_case(parts[0], current_database)))
    bad_name(text, "the database part \"" + parts[0] + "\" is not the server's database" +
                       (current_database.empty() ? "" : " \"" + std::string(current_database) + "\"") +
                       "; set the server's database option instead");
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
