#include "sqlgen/pg_type_name.hpp"

namespace mssql_upsert::sqlgen {

namespace {

// Drops every parenthesized group outside double quotes and squeezes the spaces
// left behind.
std::string drop_parenthesized(std::string_view type) {
  std::string out;
  bool in_quotes = false;
  int depth = 0;
  for (char c : type) {
    if (depth == 0 && c == '"')
      in_quotes = !in_quotes; // a doubled "" toggles twice: still inside
    if (!in_quotes && c == '(') {
      ++depth;
      continue;
    }
    if (!in_quotes && depth > 0) {
      if (c == ')')
        --depth;
      continue;
    }
    if (c == ' ' && (out.empty() || out.back() == ' '))
      continue;
    out += c;
  }
  while (!out.empty() && out.back() == ' ')
    out.pop_back();
  return out;
}

// Splits "base[][]" into base and its array suffix.
std::string_view element_type(std::string_view type, std::string_view *array_suffix) {
  std::size_t end = type.size();
  while (end >= 2 && type.substr(end - 2, 2) == "[]")
    end -= 2;
  if (array_suffix != nullptr)
    *array_suffix = type.substr(end);
  return type.substr(0, end);
}

} // namespace

std::string pg_type_without_modifiers(std::string_view format_type) {
  const std::string stripped = drop_parenthesized(format_type);
  std::string_view arrays;
  std::string_view base = element_type(stripped, &arrays);
  if (base == "character")
    return "bpchar" + std::string(arrays);
  if (base == "bit")
    return "bit varying" + std::string(arrays);
  return stripped;
}

bool pg_explicit_cast_truncates(std::string_view format_type) {
  const std::string stripped = drop_parenthesized(format_type);
  std::string_view base = element_type(stripped, nullptr);
  const bool has_length = stripped.size() != format_type.size();
  return has_length && (base == "character" || base == "character varying" || base == "bit" ||
                        base == "bit varying");
}

} // namespace mssql_upsert::sqlgen
