#include "server/tsql_rewriter.hpp"

#include "server/catalog_functions.hpp"
#include "server/computed_column.hpp"
#include "server/select_into.hpp"
#include "server/batch_variables.hpp"
#include "server/cast_rewriter.hpp"
#include "server/identity_insert.hpp"
#include "server/merge_rewriter.hpp"
#include "server/rowversion.hpp"
#include "server/foreign_key_ddl.hpp"
#include "server/schema_ddl.hpp"

#include <algorithm>
#include <cctype>
#include <set>
#include <utility>

namespace tds_server {

std::string upper_ascii(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
  return s;
}

namespace {

std::string upper(std::string s) { return upper_ascii(std::move(s)); }

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

} // namespace

std::string pg_ident(const std::string &name) {
  std::string out = "\"";
  for (char c : lower(name)) {
    out += c;
    if (c == '"')
      out += '"';
  }
  return out + "\"";
}

std::string pg_string(const std::string &value) {
  std::string out = "'";
  for (char c : value) {
    out += c;
    if (c == '\'')
      out += '\'';
  }
  return out + "'";
}

[[noreturn]] void syntax_error(const std::string &near) {
  throw SqlServerError(102, 15, "Incorrect syntax near '" + near + "'.");
}

bool is_word(const Token &t, const char *word) { return t.kind == Token::Word && upper(t.text) == word; }

bool is_symbol(const Token &t, const char *symbol) { return t.kind == Token::Symbol && t.text == symbol; }

namespace {

// Words that stay keywords (everything else bare is an identifier).
const std::set<std::string> &keywords() {
  static const std::set<std::string> words = {
      "SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "NULL", "IS", "IN", "LIKE", "BETWEEN", "AS",
      "ON", "JOIN", "INNER", "LEFT", "RIGHT", "OUTER", "CROSS", "ORDER", "BY", "ASC", "DESC",
      "GROUP", "HAVING", "INSERT", "INTO", "VALUES", "UPDATE", "SET", "DELETE", "CREATE", "TABLE",
      "DROP", "PRIMARY", "KEY", "DEFAULT", "DISTINCT", "CASE", "WHEN", "THEN", "ELSE", "END",
      "UNION", "ALL", "EXISTS", "TRUNCATE", "IF", "CONSTRAINT", "UNIQUE", "TRUE", "FALSE", "TOP"};
  return words;
}

bool is_set_operator(const Token &t) {
  return is_word(t, "UNION") || is_word(t, "ALL") || is_word(t, "EXCEPT") ||
         is_word(t, "INTERSECT");
}

bool has_word_at_depth_zero(const std::vector<Token> &tokens, const char *word) {
  int depth = 0;
  for (const Token &t : tokens) {
    if (is_symbol(t, "("))
      ++depth;
    else if (is_symbol(t, ")"))
      --depth;
    else if (depth == 0 && is_word(t, word))
      return true;
  }
  return false;
}

} // namespace

std::vector<std::vector<Token>> split_batch(const std::string &batch) {
  std::vector<Token> tokens;
  std::size_t i = 0, n = batch.size();
  while (i < n) {
    char c = batch[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == '-' && i + 1 < n && batch[i + 1] == '-') {
      while (i < n && batch[i] != '\n' && batch[i] != '\r') // SQL Server ends it at either
        ++i;
    } else if (c == '/' && i + 1 < n && batch[i + 1] == '*') {
      std::size_t end = batch.find("*/", i + 2);
      i = end == std::string::npos ? n : end + 2;
    } else if (c == '[' || c == '"') {
      char close = c == '[' ? ']' : '"';
      std::string name;
      ++i;
      while (true) {
        if (i >= n)
          throw SqlServerError(105, 15, "Unclosed quotation mark after the character string '" + name + "'.");
        if (batch[i] == close) {
          if (i + 1 < n && batch[i + 1] == close) {
            name += close;
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        name += batch[i++];
      }
      tokens.push_back({Token::QuotedName, name});
    } else if (c == '\'' || ((c == 'N' || c == 'n') && i + 1 < n && batch[i + 1] == '\'')) {
      bool unicode = c != '\'';
      i += unicode ? 2 : 1;
      std::string value;
      while (true) {
        if (i >= n)
          throw SqlServerError(105, 15, "Unclosed quotation mark after the character string '" + value + "'.");
        if (batch[i] == '\'') {
          if (i + 1 < n && batch[i + 1] == '\'') {
            value += '\'';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        value += batch[i++];
      }
      tokens.push_back({Token::String, value, unicode});
    } else if (std::isdigit(static_cast<unsigned char>(c)) ||
               (c == '.' && i + 1 < n && std::isdigit(static_cast<unsigned char>(batch[i + 1])))) {
      std::size_t start = i;
      bool hex = i + 1 < n && (batch[i + 1] == 'x' || batch[i + 1] == 'X');
      while (i < n && (std::isalnum(static_cast<unsigned char>(batch[i])) || batch[i] == '.' ||
                       (!hex && (batch[i] == '+' || batch[i] == '-') && (batch[i - 1] == 'e' || batch[i - 1] == 'E'))))
        ++i; // 1.5E+38 is one number
      tokens.push_back({Token::Number, batch.substr(start, i - start)});
    } else if (c == '@') {
      std::size_t start = i;
      while (i < n && (batch[i] == '@' || std::isalnum(static_cast<unsigned char>(batch[i])) || batch[i] == '_'))
        ++i;
      tokens.push_back({Token::Variable, upper(batch.substr(start, i - start))});
    } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '#' ||
               static_cast<unsigned char>(c) >= 0x80) {
      std::size_t start = i;
      while (i < n && (std::isalnum(static_cast<unsigned char>(batch[i])) || batch[i] == '_' ||
                       batch[i] == '#' || batch[i] == '$' || static_cast<unsigned char>(batch[i]) >= 0x80))
        ++i;
      tokens.push_back({Token::Word, batch.substr(start, i - start)});
    } else {
      static const char *two_char[] = {"<>", "<=", ">=", "!=", "::"};
      std::string symbol(1, c);
      for (const char *op : two_char)
        if (batch.compare(i, 2, op) == 0)
          symbol = op;
      i += symbol.size();
      tokens.push_back({Token::Symbol, symbol});
    }
  }

  // Statements end at ';' or where a new statement keyword starts at depth 0.
  std::vector<std::vector<Token>> statements;
  std::vector<Token> current;
  int depth = 0;
  auto flush = [&] {
    if (!current.empty())
      statements.push_back(current);
    current.clear();
  };
  for (const Token &t : tokens) {
    if (t.kind == Token::Symbol && t.text == ";") {
      flush();
      continue;
    }
    if (t.kind == Token::Symbol && t.text == "(")
      ++depth;
    if (t.kind == Token::Symbol && t.text == ")")
      --depth;
    // A MERGE runs to its terminating semicolon (SQL Server requires one).
    bool in_merge = !current.empty() && is_word(current.front(), "MERGE");
    if (depth == 0 && t.kind == Token::Word && !current.empty() && !in_merge) {
      std::string word = upper(t.text), first = upper(current.front().text);
      if (first == "IF") // IF ... IS [NOT] NULL <statement>: split as that statement would be
        for (std::size_t k = 1; k + 1 < current.size(); ++k)
          if (is_word(current[k], "NULL")) {
            first = upper(current[k + 1].text);
            break;
          }
      bool starts = word == "CREATE" || word == "DROP" || word == "TRUNCATE" || word == "USE" ||
                    word == "EXEC" || word == "EXECUTE" || word == "BEGIN" || word == "COMMIT" ||
                    word == "ROLLBACK" || word == "INSERT" || word == "DELETE" || word == "MERGE" ||
                    word == "DECLARE" || (word == "IF" && !is_word(current.back(), "TABLE") && !is_word(current.back(), "SCHEMA")) ||
                    (word == "UPDATE" && first != "MERGE") ||
                    (word == "SET" && first != "UPDATE") ||
                    (word == "SELECT" && (first == "SET" || first == "DROP" || first == "TRUNCATE" ||
                                          first == "USE" || first == "CREATE" || first == "DECLARE"));
      // A SELECT after a complete SELECT or INSERT ... SELECT/VALUES starts the
      // next statement, unless a set operator joins the two.
      if (word == "SELECT" && (first == "SELECT" || first == "INSERT") &&
          !is_set_operator(current.back()) &&
          (first == "SELECT" || has_word_at_depth_zero(current, "SELECT") ||
           has_word_at_depth_zero(current, "VALUES")))
        starts = true;
      bool after_if = first == "IF" && (word == "DROP" || word == "CREATE" || word == "INSERT" ||
                                        word == "DELETE" || word == "TRUNCATE");
      if (starts && !after_if)
        flush();
    }
    current.push_back(t);
  }
  flush();
  return statements;
}

namespace {

// The index of the ")" closing the "(" at tokens[open].
std::size_t matching_paren(const std::vector<Token> &tokens, std::size_t open, std::size_t to) {
  int depth = 0;
  for (std::size_t k = open; k < to; ++k) {
    if (tokens[k].kind == Token::Symbol && tokens[k].text == "(")
      ++depth;
    else if (tokens[k].kind == Token::Symbol && tokens[k].text == ")" && --depth == 0)
      return k;
  }
  syntax_error(open < tokens.size() ? tokens[open].text : "(");
}

} // namespace

std::string rewrite_tokens(const std::vector<Token> &tokens, std::size_t from, std::size_t to,
                           const RewriteContext &context, std::string *limit) {
  std::string out;
  for (std::size_t i = from; i < to; ++i) {
    const Token &t = tokens[i];
    bool next_is_paren = i + 1 < to && tokens[i + 1].kind == Token::Symbol && tokens[i + 1].text == "(";
    bool after_as = i > from && is_word(tokens[i - 1], "AS");
    std::string piece;
    switch (t.kind) {
    case Token::QuotedName:
      piece = after_as ? "\"" + t.text + "\"" : pg_ident(t.text);
      if (auto schema = i + 1 < to && tokens[i + 1].text == "." ? catalog_schema_sql(t.text) : std::nullopt)
        piece = *schema;
      break;
    case Token::String:
      piece = pg_string(t.text);
      break;
    case Token::Number:
      // 0x... binary literals become bytea
      piece = t.text.size() >= 2 && (t.text[1] == 'x' || t.text[1] == 'X')
                  ? "'\\x" + t.text.substr(2) + "'::bytea"
                  : t.text;
      break;
    case Token::Variable:
      if (t.text == "@@VERSION")
        piece = "'Microsoft SQL Server 2019 (RTM) - 15.0.2000.5 (tds_test_server on PostgreSQL)'";
      else if (t.text == "@@SPID")
        piece = std::to_string(context.spid);
      else if (t.text == "@@ROWCOUNT")
        piece = std::to_string(context.rowcount);
      else if (t.text == "@@TRANCOUNT")
        piece = std::to_string(context.trancount);
      else if (t.text == "@@DBTS")
        piece = dbts_sql();
      else
        piece = variable_reference(context.variables, t.text,
                                   i > from && (is_word(tokens[i - 1], "FROM") || is_word(tokens[i - 1], "JOIN") ||
                                                is_word(tokens[i - 1], "INTO") || is_word(tokens[i - 1], "UPDATE")));
      break;
    case Token::Symbol:
      piece = t.text == "!=" ? "<>" : t.text;
      break;
    case Token::Word: {
      std::string word = upper(t.text);
      if (word == "TOP" && limit != nullptr) {
        std::size_t j = i + 1;
        bool paren = j < to && tokens[j].text == "(";
        if (paren)
          ++j;
        if (j >= to || tokens[j].kind != Token::Number)
          syntax_error("TOP");
        *limit = tokens[j].text;
        i = paren ? j + 1 : j;
        continue;
      }
      if (next_is_paren && (word == "CAST" || word == "CONVERT")) {
        piece = rewrite_cast(tokens, i, to, context);
      } else if (next_is_paren) {
        static const std::pair<const char *, const char *> functions[] = {
            {"GETDATE", "localtimestamp"}, {"SYSDATETIME", "localtimestamp"},
            {"SYSUTCDATETIME", "(now() at time zone 'utc')"}, {"GETUTCDATE", "(now() at time zone 'utc')"},
            {"SYSDATETIMEOFFSET", "now()"}, {"NEWID", "gen_random_uuid"},
            {"LEN", "length"}, {"ISNULL", "coalesce"}, {"COUNT_BIG", "count"},
            {"REPLICATE", "repeat"}, {"DATALENGTH", "tds_support.datalength"},
            {"DB_NAME", nullptr}, {"OBJECT_ID", nullptr}, {"MIN_ACTIVE_ROWVERSION", nullptr}};
        bool mapped = false;
        for (const auto &[tsql, pg] : functions) {
          if (word != tsql)
            continue;
          mapped = true;
          if (word == "DB_NAME") {
            piece = pg_string(context.database);
            i += 2; // skip "()"
          } else if (word == "MIN_ACTIVE_ROWVERSION") {
            piece = min_active_rowversion_sql();
            i += 2; // skip "()"
          } else if (word == "OBJECT_ID") {
            // OBJECT_ID('name'[, 'U']) -> the object's int id, as sys.objects has it
            if (i + 2 >= to || tokens[i + 2].kind != Token::String)
              syntax_error("OBJECT_ID");
            std::optional<std::string> type;
            std::size_t close = i + 3;
            if (close + 1 < to && tokens[close].text == "," && tokens[close + 1].kind == Token::String)
              type = tokens[close + 1].text, close += 2;
            if (close >= to || tokens[close].text != ")")
              syntax_error("OBJECT_ID");
            piece = object_id_sql(tokens[i + 2].text, type);
            i = close;
          } else {
            piece = pg;
            if (word == "GETDATE" || word == "SYSDATETIME" || word == "SYSUTCDATETIME" || word == "GETUTCDATE" ||
                word == "SYSDATETIMEOFFSET")
              i += 2;
          }
        }
        if (auto call = mapped ? std::nullopt : catalog_function_sql(word)) {
          std::size_t close = matching_paren(tokens, i + 1, to);
          piece = call->replace(call->find("{}"), 2, rewrite_tokens(tokens, i + 2, close, context));
          i = close;
        } else if (!mapped) {
          piece = lower(t.text);
        }
      } else if (keywords().count(word)) {
        piece = word;
      } else if (after_as) {
        piece = "\"" + t.text + "\"";
      } else {
        piece = pg_ident(t.text);
        if (auto schema = i + 1 < to && tokens[i + 1].text == "." ? catalog_schema_sql(t.text) : std::nullopt)
          piece = *schema;
      }
      break;
    }
    }
    if (!out.empty() && !(t.kind == Token::Symbol && (t.text == "," || t.text == ")" || t.text == ".")) &&
        out.back() != '(' && out.back() != '.')
      out += ' ';
    out += piece;
  }
  return out;
}

namespace {

bool is_name(const Token &t) {
  return t.kind == Token::QuotedName || (t.kind == Token::Word && !keywords().count(upper(t.text)));
}

// SQL Server names a result column after the select-list spelling of a plain
// column reference ("SELECT [id] FROM t" returns "id" even if t declares "Id").
// Such items get an alias marked with kSpelledAlias so the runtime keeps it.
std::vector<Token> name_select_list_columns(const std::vector<Token> &t) {
  std::vector<Token> out;
  std::size_t i = 1, start = 1;
  // skip TOP n / TOP (n) / DISTINCT
  if (i < t.size() && is_word(t[i], "DISTINCT"))
    ++i;
  if (i < t.size() && is_word(t[i], "TOP")) {
    ++i;
    if (i < t.size() && t[i].text == "(")
      i += 3;
    else
      ++i;
  }
  out.assign(t.begin(), t.begin() + std::min(i, t.size()));
  start = i;
  int depth = 0;
  auto flush_item = [&](std::size_t from, std::size_t to) {
    out.insert(out.end(), t.begin() + from, t.begin() + to);
    std::size_t n = to - from;
    bool plain = (n == 1 && is_name(t[from])) ||
                 (n == 3 && is_name(t[from]) && t[from + 1].text == "." && is_name(t[from + 2]));
    if (plain) {
      out.push_back({Token::Word, "AS"});
      out.push_back({Token::QuotedName, std::string(kSpelledAlias) + t[to - 1].text});
    }
  };
  for (; i < t.size(); ++i) {
    if (t[i].text == "(")
      ++depth;
    if (t[i].text == ")")
      --depth;
    if (depth == 0 && (t[i].text == "," || is_word(t[i], "FROM") || is_word(t[i], "INTO"))) {
      flush_item(start, i);
      if (t[i].text != ",") {
        out.insert(out.end(), t.begin() + i, t.end());
        return out;
      }
      out.push_back(t[i]);
      start = i + 1;
    }
  }
  flush_item(start, t.size());
  return out;
}

RewrittenStatement rewrite_create_table(const std::vector<Token> &t, const RewriteContext &context) {
  // CREATE TABLE name ( ... )
  std::size_t i = 2;
  std::vector<std::string> name_parts;
  while (i < t.size() && !(t[i].kind == Token::Symbol && t[i].text == "(")) {
    if (t[i].kind == Token::Word || t[i].kind == Token::QuotedName)
      name_parts.push_back(t[i].text);
    ++i;
  }
  if (name_parts.empty() || i >= t.size())
    syntax_error(t.size() > 2 ? t[2].text : "TABLE");
  if (name_parts.size() == 1)
    name_parts.insert(name_parts.begin(), name_parts[0][0] == '#' ? "pg_temp" : "dbo");
  std::string table = pg_ident(name_parts[name_parts.size() - 2]) + "." + pg_ident(name_parts.back());
  ++i;
  RewrittenStatement result;
  result.kind = StatementKind::CreateTable;
  std::vector<std::string> definitions;
  while (i < t.size()) {
    // one element up to the next ',' or the closing ')' at depth 0
    std::size_t start = i;
    int depth = 0;
    while (i < t.size() && !(depth == 0 && t[i].kind == Token::Symbol && (t[i].text == "," || t[i].text == ")"))) {
      if (t[i].text == "(")
        ++depth;
      if (t[i].text == ")")
        --depth;
      ++i;
    }
    std::vector<Token> element(t.begin() + start, t.begin() + i);
    if (element.empty())
      syntax_error(i < t.size() ? t[i].text : ")");
    const std::size_t foreign_at = is_word(element[0], "CONSTRAINT") ? 2 : 0;
    if (foreign_at < element.size() && is_word(element[foreign_at], "FOREIGN")) {
      std::size_t k = foreign_at;
      std::string definition = rewrite_foreign_key(element, k).substr(1); // without its leading blank
      if (k < element.size())
        syntax_error(element[k].text);
      if (foreign_at == 2) {
        definition = "CONSTRAINT " + pg_ident(element[1].text) + " " + definition;
        result.pg_after.push_back("COMMENT ON CONSTRAINT " + pg_ident(element[1].text) + " ON " + table + " IS " +
                                  pg_string("tds:constraint|" + element[1].text));
      }
      definitions.push_back(definition);
    } else if (is_word(element[0], "CONSTRAINT") || is_word(element[0], "PRIMARY") || is_word(element[0], "UNIQUE")) {
      // PostgreSQL has no CLUSTERED and no ASC/DESC in a key; SQL Server's unique keys treat NULLs as equal.
      std::vector<Token> kept;
      std::size_t unique_at = element.size();
      for (const Token &token : element) {
        if (is_word(token, "CLUSTERED") || is_word(token, "NONCLUSTERED") || is_word(token, "ASC") ||
            is_word(token, "DESC"))
          continue;
        if (is_word(token, "UNIQUE"))
          unique_at = kept.size();
        kept.push_back(token);
      }
      definitions.push_back(unique_at == kept.size()
                                ? rewrite_tokens(kept, 0, kept.size(), context)
                                : rewrite_tokens(kept, 0, unique_at + 1, context) + " NULLS NOT DISTINCT " +
                                      rewrite_tokens(kept, unique_at + 1, kept.size(), context));
      if (is_word(element[0], "CONSTRAINT") && element.size() > 1) // its name as declared, for the catalog views
        result.pg_after.push_back("COMMENT ON CONSTRAINT " + pg_ident(element[1].text) + " ON " + table + " IS " +
                                  pg_string("tds:constraint|" + element[1].text));
    } else if (element.size() > 1 && is_word(element[1], "AS")) {
      result.pg_after.push_back(computed_column_sql(table, element, context));
      std::size_t end = element.size() > 3 && is_word(element.back(), "PERSISTED") ? element.size() - 1 : element.size();
      result.pg_after.push_back(record_computed_sql(table, element[0].text, sql_server_definition(element, 2, end)));
    } else {
      std::string column = element[0].text;
      std::size_t k = 1;
      std::string declared;
      if (k < element.size())
        declared = element[k++].text;
      if (k < element.size() && element[k].text == "(") {
        while (k < element.size() && element[k].text != ")")
          declared += element[k++].text;
        if (k < element.size())
          declared += element[k++].text;
      }
      if (is_rowversion_declaration(declared)) {
        std::string definition = pg_ident(column) + " " + rowversion_column_type();
        for (; k < element.size(); ++k) // NULL / NOT NULL say nothing for a rowversion column
          if (!is_word(element[k], "NULL") && !is_word(element[k], "NOT"))
            syntax_error(element[k].text);
        definitions.push_back(definition);
        result.pg_after.push_back(rowversion_trigger_sql(table, column));
        result.pg_after.push_back("COMMENT ON COLUMN " + table + "." + pg_ident(column) + " IS " +
                                  pg_string(std::string("tds:") + rowversion_catalog_type() + "|" + column));
        if (i < t.size() && t[i].text == ")")
          break;
        ++i;
        continue;
      }
      auto type = tds::parse_sql_type(declared);
      if (!type)
        throw SqlServerError(2715, 16, "Column, parameter, or variable #1: Cannot find data type " + declared + ".");
      std::string definition = pg_ident(column) + " " + tds::backend_pg_type(*type);
      std::string constraint_name; // CONSTRAINT name before PRIMARY KEY, UNIQUE or DEFAULT
      auto named = [&](const std::string &constraint) {
        if (constraint_name.empty())
          return constraint;
        result.pg_after.push_back("COMMENT ON CONSTRAINT " + pg_ident(constraint_name) + " ON " + table + " IS " +
                                  pg_string("tds:constraint|" + constraint_name));
        return " CONSTRAINT " + pg_ident(std::exchange(constraint_name, "")) + constraint;
      };
      auto ends_default = [](const Token &token) {
        for (const char *word : {"NOT", "NULL", "PRIMARY", "UNIQUE", "CONSTRAINT", "IDENTITY", "REFERENCES", "FOREIGN"})
          if (is_word(token, word))
            return true;
        return false;
      };
      while (k < element.size()) {
        if (is_word(element[k], "IDENTITY")) {
          definition += identity_column_sql(element, k); // advances k past (seed, step)
        } else if (is_word(element[k], "NOT") && k + 1 < element.size() && is_word(element[k + 1], "NULL")) {
          definition += " NOT NULL";
          k += 2;
        } else if (is_word(element[k], "NULL") || is_word(element[k], "CLUSTERED") ||
                   is_word(element[k], "NONCLUSTERED")) {
          ++k;
        } else if (is_word(element[k], "CONSTRAINT") && k + 1 < element.size()) {
          constraint_name = element[k + 1].text;
          k += 2;
        } else if (is_word(element[k], "PRIMARY") && k + 1 < element.size() && is_word(element[k + 1], "KEY")) {
          definition += named(" PRIMARY KEY");
          k += 2;
        } else if (is_word(element[k], "UNIQUE")) {
          definition += named(" UNIQUE NULLS NOT DISTINCT");
          ++k;
        } else if (is_word(element[k], "REFERENCES") ||
                   (is_word(element[k], "FOREIGN") && k + 2 < element.size() && is_word(element[k + 1], "KEY") &&
                    is_word(element[k + 2], "REFERENCES"))) {
          if (is_word(element[k], "FOREIGN"))
            k += 2;
          definition += named(rewrite_references(element, k));
        } else if (is_word(element[k], "DEFAULT")) {
          std::size_t e = k + 1;
          int d = 0;
          while (e < element.size() && !(d == 0 && ends_default(element[e]))) {
            if (element[e].text == "(")
              ++d;
            if (element[e].text == ")")
              --d;
            ++e;
          }
          definition += " DEFAULT " + rewrite_tokens(element, k + 1, e, context);
          result.pg_after.push_back(record_default_sql(table, column, std::exchange(constraint_name, ""),
                                                       sql_server_definition(element, k + 1, e)));
          k = e;
        } else {
          syntax_error(element[k].text);
        }
      }
      definitions.push_back(definition);
      result.pg_after.push_back("COMMENT ON COLUMN " + table + "." + pg_ident(column) + " IS " +
                                pg_string("tds:" + tds::format_sql_type(*type) + "|" + column));
    }
    if (i < t.size() && t[i].text == ")")
      break;
    ++i;
  }
  // The table's name as declared (the backend's is folded to lower case), for the catalog views.
  result.pg_after.push_back("COMMENT ON TABLE " + table + " IS " + pg_string("tds:table|" + name_parts.back()));
  result.pg_sql = "CREATE TABLE " + table + " (";
  for (std::size_t d = 0; d < definitions.size(); ++d)
    result.pg_sql += (d ? ", " : "") + definitions[d];
  result.pg_sql += ")";
  return result;
}

} // namespace

RewrittenStatement rewrite_select(const std::vector<Token> &t, const RewriteContext &context) {
  RewrittenStatement result;
  std::string limit;
  result.kind = StatementKind::Select;
  result.cur_cmd = 0xC1;
  std::vector<Token> named = name_select_list_columns(t);
  result.pg_sql = rewrite_tokens(named, 0, named.size(), context, &limit);
  if (!limit.empty())
    result.pg_sql += " LIMIT " + limit;
  return result;
}

RewrittenStatement rewrite_statement(const std::vector<Token> &t, const RewriteContext &context) {
  RewrittenStatement result;
  if (t.empty())
    return result;
  std::string first = upper(t[0].text);
  if (first == "IF") {
    // IF OBJECT_ID('x'[, 'U']) IS [NOT] NULL <statement>
    std::size_t close = 1;
    while (close < t.size() && t[close].text != ")")
      ++close;
    std::size_t k = close + 1;
    if (close >= t.size() || k >= t.size() || !is_word(t[k], "IS"))
      syntax_error("IF");
    bool negated = k + 1 < t.size() && is_word(t[k + 1], "NOT");
    std::size_t body = k + (negated ? 3 : 2);
    if (body >= t.size())
      syntax_error("NULL");
    result = rewrite_statement(std::vector<Token>(t.begin() + body, t.end()), context);
    result.condition_sql = "SELECT " + rewrite_tokens(t, 1, close + 1, context) + " IS " +
                           (negated ? "NOT " : "") + "NULL";
    return result;
  }
  if (first == "MERGE")
    return rewrite_merge(t, context);
  if (first == "DECLARE" || (first == "SET" && t.size() > 1 && t[1].kind == Token::Variable))
    return rewrite_variable_statement(t, context);
  if (first == "SET" && t.size() > 1 && is_word(t[1], "IDENTITY_INSERT"))
    return rewrite_identity_insert(t);
  if (first == "SET") {
    result.kind = StatementKind::SetOption;
    result.set_option = t.size() > 1 ? upper(t[1].text) : "";
    result.set_value = t.size() > 2 ? upper(t.back().text) : "";
    return result;
  }
  if (first == "BEGIN" && t.size() >= 2 && (is_word(t[1], "TRAN") || is_word(t[1], "TRANSACTION"))) {
    result.kind = StatementKind::Begin;
    return result;
  }
  if (first == "COMMIT") {
    result.kind = StatementKind::Commit;
    return result;
  }
  if (first == "ROLLBACK") {
    result.kind = StatementKind::Rollback;
    return result;
  }
  if ((first == "EXEC" || first == "EXECUTE") && t.size() > 1 && upper(t[1].text) == "TDS_TEST_FAULT") {
    result.kind = StatementKind::Fault;
    for (std::size_t k = 2; k + 2 < t.size() + 1; ++k) {
      if (t[k].kind != Token::Variable || k + 2 >= t.size() || t[k + 1].text != "=")
        continue;
      if (t[k].text == "@KIND" && t[k + 2].kind == Token::String)
        result.fault_kind = lower(t[k + 2].text);
      if (t[k].text == "@COUNT" && t[k + 2].kind == Token::Number)
        result.fault_count = std::stoll(t[k + 2].text);
      if (t[k].text == "@BANDWIDTH_MBIT" && t[k + 2].kind == Token::Number)
        result.link_bandwidth_mbit = std::stoll(t[k + 2].text);
      if (t[k].text == "@RTT_US" && t[k + 2].kind == Token::Number)
        result.link_rtt_us = std::stoll(t[k + 2].text);
    }
    if (result.fault_kind.empty())
      throw SqlServerError(201, 16, "Procedure or function 'tds_test_fault' expects parameter '@kind', which was not supplied.");
    return result;
  }
  if (first == "USE") {
    result.kind = StatementKind::NoOp;
    return result;
  }
  if (first == "CREATE" && t.size() > 2 && is_word(t[1], "SCHEMA"))
    return rewrite_create_schema(t);
  if (first == "DROP" && t.size() > 2 && is_word(t[1], "SCHEMA"))
    return rewrite_drop_schema(t);
  if (first == "CREATE" && t.size() > 2 && is_word(t[1], "TABLE"))
    return rewrite_create_table(t, context);
  if (first == "CREATE" && t.size() > 2 && (is_word(t[1], "INDEX") || is_word(t[1], "UNIQUE") ||
                                             is_word(t[1], "CLUSTERED") || is_word(t[1], "NONCLUSTERED")))
    return rewrite_create_index(t, context);
  if (first == "SELECT")
    return is_select_into(t) ? rewrite_select_into(t, context) : rewrite_select(t, context);
  if (first == "INSERT" || first == "UPDATE" || first == "DELETE" || first == "DROP" || first == "TRUNCATE") {
    result.kind = StatementKind::Command;
    result.cur_cmd = first == "INSERT" ? 0xC3 : first == "UPDATE" ? 0xC5 : first == "DELETE" ? 0xC4 : 0;
    result.pg_sql = first == "INSERT" ? rewrite_insert(t, context, result.error_object)
                                      : rewrite_tokens(t, 0, t.size(), context);
    if (first == "DROP" && t.size() > 2 && is_word(t[1], "TABLE")) // as written, for error texts
      for (std::size_t k = 2; k < t.size(); ++k)
        result.error_object += t[k].text;
    return result;
  }
  throw SqlServerError(102, 15, "Incorrect syntax near '" + t[0].text +
                                    "'. (The TDS test server does not support this statement.)");
}

} // namespace tds_server
