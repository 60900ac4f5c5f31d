#include "sqlgen/tsql_predicate.hpp"

#include "common/ascii.hpp"
#include "common/error.hpp"

#include <string>

namespace mssql_upsert::sqlgen {

namespace {

// What the lexical check found, before the caller names the text it checked.
struct LexicalProblem {
  std::string problem;
  std::size_t offset;
};

[[noreturn]] void bad_filter(const std::string &problem, std::size_t offset) {
  throw LexicalProblem{problem, offset};
}

[[noreturn]] void refuse(const LexicalProblem &found, const std::string &what,
                         const std::string &hint) {
  throw Error("invalid " + what + ": " + found.problem +
                  (found.offset == std::string::npos
                       ? ""
                       : " at offset " + std::to_string(found.offset + 1)),
              sqlstate::kSyntaxError, "", hint);
}

constexpr const char *kQueryHint =
    "The query option must be one T-SQL SELECT that stays inside the derived table "
    "it becomes, such as SELECT Id AS id FROM dbo.Orders WHERE Status = 'open'.";

// Index just past a literal opened at i and closed by `close` (doubled inside).
std::size_t skip_quoted(std::string_view text, std::size_t i, char close, const char *what) {
  const std::size_t start = i;
  for (++i; i < text.size(); ++i) {
    if (text[i] != close)
      continue;
    if (i + 1 < text.size() && text[i + 1] == close) {
      ++i;
      continue;
    }
    return i + 1;
  }
  bad_filter(std::string("unterminated ") + what, start);
}

// Index just past a block comment opened at i; T-SQL block comments nest.
std::size_t skip_block_comment(std::string_view text, std::size_t i) {
  const std::size_t start = i;
  int depth = 0;
  while (i < text.size()) {
    if (text.compare(i, 2, "/*") == 0) {
      ++depth;
      i += 2;
    } else if (text.compare(i, 2, "*/") == 0) {
      i += 2;
      if (--depth == 0)
        return i;
    } else {
      ++i;
    }
  }
  bad_filter("unterminated /* comment", start);
}

// Text that stays inside the parentheses it is placed in (the rules in the header).
TsqlPredicateShape check_enclosed_text(std::string_view text) {
  TsqlPredicateShape shape;
  bool has_content = false;
  int depth = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    shape.ends_in_line_comment = false;
    if (c == '\0')
      bad_filter("NUL character", i);
    if (c == '\'') {
      i = skip_quoted(text, i, '\'', "string literal");
    } else if (c == '[') {
      i = skip_quoted(text, i, ']', "[name]");
    } else if (c == '"') {
      i = skip_quoted(text, i, '"', "\"name\"");
    } else if (text.compare(i, 2, "--") == 0) {
      // SQL Server ends it at a carriage return or a line feed; what follows is code.
      std::size_t end = text.find_first_of("\r\n", i);
      shape.ends_in_line_comment = end == std::string_view::npos;
      i = shape.ends_in_line_comment ? text.size() : end + 1;
      continue;
    } else if (text.compare(i, 2, "/*") == 0) {
      i = skip_block_comment(text, i);
      continue;
    } else {
      if (c == ';')
        bad_filter("\";\" outside a string", i);
      if (c == '(')
        ++depth;
      if (c == ')' && --depth < 0)
        bad_filter("\")\" without a matching \"(\"", i);
      ++i;
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
        continue;
    }
    has_content = true;
  }
  if (depth > 0)
    bad_filter("\"(\" without a matching \")\"", text.size() - 1);
  if (!has_content)
    bad_filter("no predicate", 0);
  return shape;
}

bool starts_with_select(std::string_view text) {
  std::size_t i = text.find_first_not_of(" \t\r\n");
  if (i == std::string_view::npos || text.size() - i < 6 ||
      !equals_ignoring_ascii_case(text.substr(i, 6), "select"))
    return false;
  if (i + 6 == text.size())
    return true;
  const char next = text[i + 6];
  const bool continues_word = (next >= 'A' && next <= 'Z') || (next >= 'a' && next <= 'z') ||
                              (next >= '0' && next <= '9') || next == '_' || next == '@' ||
                              next == '#' || next == '$' ||
                              static_cast<unsigned char>(next) >= 0x80;
  return !continues_word;
}

} // namespace

TsqlPredicateShape check_tsql_predicate(std::string_view text) {
  try {
    return check_enclosed_text(text);
  } catch (const LexicalProblem &found) {
    refuse(found, "remote_filter",
           "remote_filter must be one T-SQL predicate, such as ModifiedAt > '2024-01-01'.");
  }
}

void check_tsql_derived_query(std::string_view text) {
  if (!starts_with_select(text))
    refuse({"it must start with SELECT", std::string::npos}, "option \"query\"", kQueryHint);
  try {
    check_enclosed_text(text);
  } catch (const LexicalProblem &found) {
    refuse(found, "option \"query\"", kQueryHint);
  }
}

} // namespace mssql_upsert::sqlgen
