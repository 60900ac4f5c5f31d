#include "server/foreign_key_ddl.hpp"

namespace tds_server {

namespace {

bool is_name(const Token &t) { return t.kind == Token::Word || t.kind == Token::QuotedName; }

// (name, ...) at tokens[k]; advances k past the ')'.
std::string name_list(const std::vector<Token> &t, std::size_t &k, const std::string &near) {
  if (k >= t.size() || !is_symbol(t[k], "("))
    syntax_error(k < t.size() ? t[k].text : near);
  std::string list;
  for (++k; k < t.size() && !is_symbol(t[k], ")"); ++k) {
    if (is_symbol(t[k], ","))
      continue;
    if (!is_name(t[k]))
      syntax_error(t[k].text);
    list += (list.empty() ? "" : ", ") + pg_ident(t[k].text);
  }
  if (k >= t.size())
    syntax_error(near);
  ++k;
  return "(" + list + ")";
}

// [schema.]table at tokens[k]; advances k past it.
std::string table_name(const std::vector<Token> &t, std::size_t &k, const std::string &near) {
  std::vector<std::string> parts;
  while (k < t.size() && is_name(t[k]) && !is_word(t[k], "ON") && !is_word(t[k], "NOT")) {
    parts.push_back(t[k++].text);
    if (k < t.size() && is_symbol(t[k], "."))
      ++k;
    else
      break;
  }
  if (parts.empty())
    syntax_error(k < t.size() ? t[k].text : near);
  if (parts.size() == 1)
    parts.insert(parts.begin(), "dbo");
  return pg_ident(parts[parts.size() - 2]) + "." + pg_ident(parts.back());
}

std::string referential_action(const std::vector<Token> &t, std::size_t &k) {
  if (k < t.size() && is_word(t[k], "CASCADE"))
    return ++k, "CASCADE";
  if (k + 1 < t.size() && is_word(t[k], "NO") && is_word(t[k + 1], "ACTION"))
    return k += 2, "NO ACTION";
  if (k + 1 < t.size() && is_word(t[k], "SET") && (is_word(t[k + 1], "NULL") || is_word(t[k + 1], "DEFAULT"))) {
    k += 2;
    return is_word(t[k - 1], "NULL") ? "SET NULL" : "SET DEFAULT";
  }
  syntax_error(k < t.size() ? t[k].text : "ON");
}

// The schema name of CREATE SCHEMA / DROP SCHEMA at tokens[k].
const Token &schema_name(const std::vector<Token> &t, std::size_t k) {
  if (k >= t.size() || !is_name(t[k]))
    syntax_error(k < t.size() ? t[k].text : "SCHEMA");
  return t[k];
}

} // namespace

std::string rewrite_references(const std::vector<Token> &t, std::size_t &k) {
  ++k; // REFERENCES
  std::string sql = " REFERENCES " + table_name(t, k, "REFERENCES");
  if (k < t.size() && is_symbol(t[k], "("))
    sql += " " + name_list(t, k, "REFERENCES");
  while (k + 1 < t.size() && is_word(t[k], "ON") && (is_word(t[k + 1], "DELETE") || is_word(t[k + 1], "UPDATE"))) {
    const std::string event = upper_ascii(t[k + 1].text);
    k += 2;
    sql += " ON " + event + " " + referential_action(t, k);
  }
  // NOT FOR REPLICATION concerns replication agents only.
  if (k + 2 < t.size() && is_word(t[k], "NOT") && is_word(t[k + 1], "FOR") && is_word(t[k + 2], "REPLICATION"))
    k += 3;
  return sql;
}

std::string rewrite_foreign_key(const std::vector<Token> &t, std::size_t &k) {
  if (k + 1 >= t.size() || !is_word(t[k], "FOREIGN") || !is_word(t[k + 1], "KEY"))
    syntax_error(k < t.size() ? t[k].text : "FOREIGN");
  k += 2;
  std::string sql = " FOREIGN KEY " + name_list(t, k, "KEY");
  if (k >= t.size() || !is_word(t[k], "REFERENCES"))
    syntax_error(k < t.size() ? t[k].text : ")");
  return sql + rewrite_references(t, k);
}

RewrittenStatement rewrite_create_schema(const std::vector<Token> &t) {
  const Token &name = schema_name(t, 2);
  std::size_t k = 3;
  if (k + 1 < t.size() && is_word(t[k], "AUTHORIZATION") && is_name(t[k + 1]))
    k += 2; // the backend has one owner
  if (k < t.size())
    syntax_error(t[k].text);
  RewrittenStatement result;
  result.kind = StatementKind::CreateTable;
  result.pg_sql = "CREATE SCHEMA " + pg_ident(name.text);
  result.pg_after.push_back("COMMENT ON SCHEMA " + pg_ident(name.text) + " IS " +
                            pg_string("tds:schema|" + name.text));
  result.error_object = name.text;
  return result;
}

RewrittenStatement rewrite_drop_schema(const std::vector<Token> &t) {
  std::size_t k = 2;
  const bool if_exists = k + 1 < t.size() && is_word(t[k], "IF") && is_word(t[k + 1], "EXISTS");
  if (if_exists)
    k += 2;
  const Token &name = schema_name(t, k);
  if (k + 1 < t.size())
    syntax_error(t[k + 1].text);
  RewrittenStatement result;
  result.kind = StatementKind::Command;
  result.pg_sql = std::string("DROP SCHEMA ") + (if_exists ? "IF EXISTS " : "") + pg_ident(name.text) + " RESTRICT";
  result.error_object = name.text;
  return result;
}

} // namespace tds_server
