#include "server/object_name.hpp"

#include <algorithm>
#include <cctype>

namespace tds_server {

namespace {
bool is_name_part(const Token &t) {
  static const char *reserved[] = {"AS", "USING", "ON", "WITH", "SET", "VALUES", "SELECT", "WHERE",
                                   "DEFAULT", "OUTPUT", "FROM", "WHEN"};
  if (t.kind == Token::QuotedName)
    return true;
  if (t.kind != Token::Word)
    return false;
  return std::none_of(std::begin(reserved), std::end(reserved),
                      [&](const char *word) { return is_word(t, word); });
}
} // namespace

std::string ObjectName::pg() const {
  return schema.empty() ? pg_ident(name) : pg_ident(schema) + "." + pg_ident(name);
}

std::string ObjectName::key() const {
  std::string folded = schema.empty() ? name : schema + "." + name;
  std::transform(folded.begin(), folded.end(), folded.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return folded;
}

std::optional<ObjectName> parse_object_name(const std::vector<Token> &tokens, std::size_t &i) {
  std::vector<std::string> parts;
  std::size_t k = i, n = tokens.size();
  if (k >= n || !is_name_part(tokens[k]))
    return std::nullopt;
  parts.push_back(tokens[k++].text);
  while (k < n && is_symbol(tokens[k], ".")) {
    ++k;
    if (k < n && is_name_part(tokens[k]))
      parts.push_back(tokens[k++].text);
    else if (k < n && is_symbol(tokens[k], "."))
      parts.push_back(""); // "db..name": the default schema
    else
      return std::nullopt;
  }
  if (parts.empty() || parts.back().empty() || parts.size() > 3)
    return std::nullopt;
  ObjectName name;
  name.name = parts.back();
  if (name.name[0] == '#')
    name.schema = "";
  else
    name.schema = parts.size() >= 2 && !parts[parts.size() - 2].empty() ? parts[parts.size() - 2] : "dbo";
  i = k;
  return name;
}

} // namespace tds_server
