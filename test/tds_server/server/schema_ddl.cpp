#include "server/schema_ddl.hpp"

#include <algorithm>
#include <cctype>
#include <set>

namespace tds_server {

namespace {

std::string lower_ascii(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool is_keyword(const Token &t) {
  static const std::set<std::string> words = {"AND", "OR", "NOT", "NULL", "IS", "IN", "LIKE", "BETWEEN", "ESCAPE"};
  return t.kind == Token::Word && words.count(upper_ascii(t.text)) != 0;
}

bool is_open(const Token &t) { return t.kind == Token::Symbol && t.text == "("; }

// True when tokens [from, to) are wrapped in one pair of parentheses.
bool wrapped(const std::vector<Token> &tokens, std::size_t from, std::size_t to) {
  if (to - from < 2 || !is_open(tokens[from]) || !is_symbol(tokens[to - 1], ")"))
    return false;
  int depth = 0;
  for (std::size_t k = from; k < to; ++k) {
    if (is_open(tokens[k]))
      ++depth;
    else if (is_symbol(tokens[k], ")") && --depth == 0)
      return k == to - 1;
  }
  return false;
}

std::string bracketed(const std::string &name) {
  std::string out = "[";
  for (char c : name) {
    out += c;
    if (c == ']')
      out += ']';
  }
  return out + "]";
}

std::string string_literal(const Token &t) {
  std::string out = t.unicode ? "N'" : "'";
  for (char c : t.text) {
    out += c;
    if (c == '\'')
      out += '\'';
  }
  return out + "'";
}

// key: "classid, objid, objsubid" of the object, from the FROM clause from.
std::string store_sql(const std::string &key, const std::string &from, const std::string &name_sql,
                      const std::string &definition) {
  return "INSERT INTO tds_catalog_store.object_text (classid, objid, objsubid, name, definition) SELECT " + key +
         ", " + name_sql + ", " + (definition.empty() ? "NULL" : pg_string(definition)) + from +
         " ON CONFLICT (classid, objid, objsubid) DO UPDATE SET name = EXCLUDED.name, definition = "
         "EXCLUDED.definition";
}

} // namespace

std::string catalog_store_sql() {
  return "CREATE SCHEMA IF NOT EXISTS tds_catalog_store;\n"
         "CREATE TABLE IF NOT EXISTS tds_catalog_store.object_text (classid oid NOT NULL, objid oid NOT NULL, "
         "objsubid integer NOT NULL, name varchar(128), definition text, PRIMARY KEY (classid, objid, objsubid));\n";
}

std::string sql_server_definition(const std::vector<Token> &tokens, std::size_t from, std::size_t to) {
  while (wrapped(tokens, from, to))
    ++from, --to;
  std::string out;
  bool space_before = false; // the previous token was a keyword
  for (std::size_t i = from; i < to; ++i) {
    const Token &t = tokens[i];
    const bool keyword = is_keyword(t);
    std::string piece;
    const bool sign = is_symbol(t, "-") && i + 1 < to && tokens[i + 1].kind == Token::Number &&
                      (i == from || tokens[i - 1].kind == Token::Symbol || is_keyword(tokens[i - 1]));
    if (sign) {
      piece = "(-" + tokens[++i].text + ")";
    } else if (t.kind == Token::Number) {
      piece = "(" + t.text + ")";
    } else if (t.kind == Token::String) {
      piece = string_literal(t);
    } else if (t.kind == Token::QuotedName) {
      piece = bracketed(t.text);
    } else if (t.kind == Token::Word && i + 1 < to && is_open(tokens[i + 1])) {
      piece = lower_ascii(t.text);
    } else if (keyword) {
      piece = upper_ascii(t.text);
    } else if (t.kind == Token::Word) {
      piece = bracketed(t.text);
    } else {
      piece = t.text == "!=" ? "<>" : t.text;
    }
    if (!out.empty() && (keyword || space_before))
      out += ' ';
    out += piece;
    space_before = keyword;
  }
  return "(" + out + ")";
}

std::string record_default_sql(const std::string &table, const std::string &column, const std::string &name,
                               const std::string &definition) {
  return store_sql("'pg_attrdef'::regclass, ad.oid, 0", " FROM pg_attrdef ad JOIN pg_attribute a ON "
                   "a.attrelid = ad.adrelid AND a.attnum = ad.adnum WHERE ad.adrelid = " +
                       pg_string(table) + "::regclass AND a.attname = " + pg_string(lower_ascii(column)),
                   name.empty() ? "NULL" : pg_string(name), definition);
}

std::string record_computed_sql(const std::string &table, const std::string &column, const std::string &definition) {
  return store_sql("'pg_class'::regclass, a.attrelid, a.attnum", " FROM pg_attribute a WHERE a.attrelid = " +
                       pg_string(table) + "::regclass AND a.attname = " + pg_string(lower_ascii(column)),
                   "NULL", definition);
}

RewrittenStatement rewrite_create_index(const std::vector<Token> &t, const RewriteContext &context) {
  std::size_t k = 1;
  bool unique = false;
  if (k < t.size() && is_word(t[k], "UNIQUE"))
    unique = true, ++k;
  if (k < t.size() && (is_word(t[k], "CLUSTERED") || is_word(t[k], "NONCLUSTERED")))
    ++k;
  if (k + 1 >= t.size() || !is_word(t[k], "INDEX"))
    syntax_error(k < t.size() ? t[k].text : "CREATE");
  const std::string index_name = t[++k].text;
  if (++k >= t.size() || !is_word(t[k], "ON"))
    syntax_error(k < t.size() ? t[k].text : index_name);
  std::vector<std::string> name_parts;
  for (++k; k < t.size() && !is_open(t[k]); ++k)
    if (t[k].kind == Token::Word || t[k].kind == Token::QuotedName)
      name_parts.push_back(t[k].text);
  if (name_parts.empty() || k >= t.size())
    syntax_error(t.back().text);
  if (name_parts.size() == 1)
    name_parts.insert(name_parts.begin(), "dbo");
  const std::string schema = name_parts[name_parts.size() - 2], table_name = name_parts.back();
  const std::string table = pg_ident(schema) + "." + pg_ident(table_name);

  // (col [ASC | DESC], ...) and INCLUDE (col, ...)
  auto column_list = [&](bool with_order) {
    std::string list;
    if (k >= t.size() || !is_open(t[k]))
      syntax_error(k < t.size() ? t[k].text : index_name);
    for (++k; k < t.size() && !is_symbol(t[k], ")"); ++k) {
      if (is_symbol(t[k], ","))
        continue;
      if (with_order && (is_word(t[k], "ASC") || is_word(t[k], "DESC"))) {
        list += is_word(t[k], "DESC") ? " DESC" : "";
        continue;
      }
      list += (list.empty() ? "" : ", ") + pg_ident(t[k].text);
    }
    if (k >= t.size())
      syntax_error(index_name);
    ++k;
    return list;
  };
  RewrittenStatement result;
  result.kind = StatementKind::CreateTable;
  const std::string backend_index = pg_ident(table_name + "$" + index_name);
  result.pg_sql = std::string("CREATE ") + (unique ? "UNIQUE " : "") + "INDEX " + backend_index + " ON " + table +
                  " (" + column_list(true) + ")";
  if (k < t.size() && is_word(t[k], "INCLUDE")) {
    ++k;
    result.pg_sql += " INCLUDE (" + column_list(false) + ")";
  }
  if (unique)
    result.pg_sql += " NULLS NOT DISTINCT";
  std::string filter;
  if (k < t.size() && is_word(t[k], "WHERE")) {
    std::size_t end = k + 1;
    while (end < t.size() && !is_word(t[end], "WITH"))
      ++end;
    result.pg_sql += " WHERE " + rewrite_tokens(t, k + 1, end, context);
    filter = sql_server_definition(t, k + 1, end);
    k = end;
  }
  if (k < t.size() && !is_word(t[k], "WITH"))
    syntax_error(t[k].text);
  const std::string index_regclass = pg_string(pg_ident(schema) + "." + backend_index);
  result.pg_after.push_back(store_sql("'pg_class'::regclass, " + index_regclass + "::regclass, 0", "",
                                      pg_string(index_name), filter));
  result.error_object = table_name;
  return result;
}

} // namespace tds_server
