#include "sqlgen/pg_create_table.hpp"

#include "common/ascii.hpp"
#include "common/error.hpp"
#include "sqlgen/identifier_quoting.hpp"

#include <algorithm>
#include <cctype>
#include <map>

namespace mssql_upsert::sqlgen {

namespace {

std::string trim(const std::string &text) {
  std::size_t begin = 0, end = text.size();
  while (begin < end && std::isspace(static_cast<unsigned char>(text[begin])))
    ++begin;
  while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1])))
    --end;
  return text.substr(begin, end - begin);
}

// True when text is one parenthesized group: "(a)" but not "(a) + (b)".
bool wrapped_in_parentheses(const std::string &text) {
  if (text.size() < 2 || text.front() != '(' || text.back() != ')')
    return false;
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\'')
      in_string = !in_string; // a doubled '' toggles twice
    if (in_string)
      continue;
    if (c == '(')
      ++depth;
    else if (c == ')' && --depth == 0)
      return i == text.size() - 1;
  }
  return false;
}

std::string strip_parentheses(std::string text) {
  text = trim(text);
  while (wrapped_in_parentheses(text))
    text = trim(text.substr(1, text.size() - 2));
  return text;
}

// 'it''s' or N'it''s' -> it's; nullopt when text is not exactly one literal.
std::optional<std::string> string_literal_value(const std::string &text) {
  std::size_t start = (!text.empty() && (text[0] == 'N' || text[0] == 'n')) ? 1 : 0;
  if (text.size() < start + 2 || text[start] != '\'' || text.back() != '\'')
    return std::nullopt;
  std::string value;
  for (std::size_t i = start + 1; i + 1 < text.size(); ++i) {
    if (text[i] == '\'') {
      if (i + 2 >= text.size() || text[i + 1] != '\'')
        return std::nullopt; // a quote that ends the literal early
      ++i;
    }
    value += text[i];
  }
  return value;
}

bool is_number(const std::string &text) {
  std::size_t i = (!text.empty() && (text[0] == '-' || text[0] == '+')) ? 1 : 0;
  bool digits = false, point = false;
  for (; i < text.size(); ++i) {
    if (std::isdigit(static_cast<unsigned char>(text[i])))
      digits = true;
    else if (text[i] == '.' && !point)
      point = true;
    else
      return false;
  }
  return digits;
}

bool is_integer_literal(const std::string &text) { return is_number(text) && text.find('.') == std::string::npos; }

bool starts_with(const std::string &text, const char *prefix) { return text.rfind(prefix, 0) == 0; }

bool is_numeric_type(const std::string &type) {
  return type == "smallint" || type == "integer" || type == "bigint" || type == "real" ||
         type == "double precision" || starts_with(type, "numeric");
}
bool is_text_type(const std::string &type) { return type == "text" || starts_with(type, "character"); }
bool is_datetime_type(const std::string &type) {
  return type == "date" || starts_with(type, "timestamp") || starts_with(type, "time");
}

// "getdate ( )" -> "getdate()": SQL Server writes built-ins in lower case without blanks.
std::string squeezed_lowercase(const std::string &text) {
  std::string out;
  for (char c : ascii_lowercase(text))
    if (!std::isspace(static_cast<unsigned char>(c)))
      out += c;
  return out;
}

std::string joined(const std::vector<std::string> &items) {
  std::string out;
  for (const std::string &item : items)
    out += (out.empty() ? "" : ", ") + item;
  return out;
}

class LocalNames {
public:
  LocalNames(const RemoteTableDefinition &remote, const CreateTableOptions &options,
             const std::vector<bool> &kept) {
    std::map<std::string, std::string> seen; // local name -> remote name
    for (std::size_t i = 0; i < remote.columns.size(); ++i) {
      if (!kept[i])
        continue;
      const std::string &name = remote.columns[i].name;
      const std::string local = options.fold_names ? ascii_lowercase(name) : name;
      auto [at, inserted] = seen.emplace(local, name);
      if (!inserted)
        throw Error("remote columns \"" + at->second + "\" and \"" + name + "\" of " + remote.display +
                        " would both be local column \"" + local + "\"",
                    sqlstate::kDuplicateColumn, "", "Call with fold_names => false to keep the names' case.");
      quoted_.emplace(name, quote_pg_identifier(local, "local column name"));
      plain_.emplace(name, local);
    }
  }
  // The quoted local name of a remote column; nullopt when it was left out.
  std::optional<std::string> quoted(const std::string &remote) const {
    auto it = quoted_.find(remote);
    return it == quoted_.end() ? std::nullopt : std::optional<std::string>(it->second);
  }
  const std::string &plain(const std::string &remote) const { return plain_.at(remote); }

private:
  std::map<std::string, std::string> quoted_, plain_;
};

// What an index is called in notices.
std::string index_description(const RemoteTableIndex &index, const std::string &table) {
  const char *kind = index.primary_key ? "primary key" : index.unique_constraint ? "unique constraint" : "index";
  return std::string(kind) + " \"" + index.name + "\" of " + table;
}

} // namespace

std::optional<std::string> pg_default_for_remote(const std::string &definition, const std::string &pg_type) {
  const std::string expression = strip_parentheses(definition);
  if (ascii_lowercase(expression) == "null")
    return "";
  if (auto value = string_literal_value(expression))
    return quote_pg_string(*value);
  if (is_number(expression)) {
    if (pg_type == "boolean" && is_integer_literal(expression))
      return expression.find_first_not_of("+-0") == std::string::npos ? "false" : "true";
    if (is_numeric_type(pg_type))
      return expression;
    if (is_text_type(pg_type))
      return quote_pg_string(expression);
    return std::nullopt;
  }
  if (pg_type == "bytea" && expression.size() >= 2 && expression[0] == '0' &&
      (expression[1] == 'x' || expression[1] == 'X') &&
      std::all_of(expression.begin() + 2, expression.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); }))
    return quote_pg_string("\\x" + expression.substr(2));
  const std::string call = squeezed_lowercase(expression);
  if (is_datetime_type(pg_type)) {
    // getdate() and sysdatetime() are the server's local date and time;
    // sysdatetimeoffset() is the instant.
    if (call == "getdate()" || call == "sysdatetime()" || call == "current_timestamp")
      return "LOCALTIMESTAMP";
    if (call == "sysdatetimeoffset()")
      return "now()";
    if (call == "getutcdate()" || call == "sysutcdatetime()")
      return "(now() AT TIME ZONE 'utc')";
  }
  if (pg_type == "uuid" && (call == "newid()" || call == "newsequentialid()"))
    return "gen_random_uuid()";
  return std::nullopt;
}

std::optional<std::string>
pg_filter_for_remote(const std::string &definition,
                     const std::function<std::optional<std::string>(const std::string &)> &column) {
  std::vector<std::string> out;
  const std::string &text = definition;
  std::size_t i = 0;
  auto after_operand_position = [&] {
    // a '-' is a sign where an operand starts: at the beginning, after '(' ',' or an operator
    if (out.empty())
      return true;
    const std::string &last = out.back();
    return last == "(" || last == "," || last == "=" || last == "<>" || last == "<" || last == ">" ||
           last == "<=" || last == ">=" || last == "AND" || last == "OR" || last == "NOT" || last == "IN";
  };
  while (i < text.size()) {
    const char c = text[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == '[') {
      std::string name;
      for (++i; i < text.size(); ++i) {
        if (text[i] == ']') {
          if (i + 1 < text.size() && text[i + 1] == ']') {
            name += ']';
            ++i;
            continue;
          }
          break;
        }
        name += text[i];
      }
      if (i >= text.size())
        return std::nullopt;
      ++i;
      std::optional<std::string> local = column(name);
      if (!local)
        return std::nullopt;
      out.push_back(*local);
    } else if (c == '\'' || ((c == 'N' || c == 'n') && i + 1 < text.size() && text[i + 1] == '\'')) {
      std::size_t start = i;
      i += c == '\'' ? 1 : 2;
      for (; i < text.size(); ++i) {
        if (text[i] == '\'') {
          if (i + 1 < text.size() && text[i + 1] == '\'') {
            ++i;
            continue;
          }
          break;
        }
      }
      if (i >= text.size())
        return std::nullopt;
      ++i;
      std::optional<std::string> value = string_literal_value(text.substr(start, i - start));
      if (!value)
        return std::nullopt;
      out.push_back(quote_pg_string(*value));
    } else if (std::isdigit(static_cast<unsigned char>(c)) || (c == '-' && after_operand_position())) {
      std::size_t start = i++;
      while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.'))
        ++i;
      const std::string number = text.substr(start, i - start);
      if (!is_number(number))
        return std::nullopt;
      // An untyped literal, so PostgreSQL reads it as the compared column's type (bit 1 -> true).
      out.push_back(quote_pg_string(number));
    } else if (std::isalpha(static_cast<unsigned char>(c))) {
      std::size_t start = i;
      while (i < text.size() && (std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '_'))
        ++i;
      const std::string word = ascii_lowercase(text.substr(start, i - start));
      static const std::map<std::string, std::string> keywords = {
          {"and", "AND"}, {"or", "OR"}, {"not", "NOT"}, {"is", "IS"}, {"null", "NULL"}, {"in", "IN"}};
      auto keyword = keywords.find(word);
      if (keyword == keywords.end())
        return std::nullopt;
      out.push_back(keyword->second);
    } else {
      static const char *operators[] = {"<>", "!=", "<=", ">=", "=", "<", ">", "(", ")", ","};
      bool matched = false;
      for (const char *op : operators) {
        const std::string symbol(op);
        if (text.compare(i, symbol.size(), symbol) == 0) {
          out.push_back(symbol == "!=" ? "<>" : symbol);
          i += symbol.size();
          matched = true;
          break;
        }
      }
      if (!matched)
        return std::nullopt;
    }
  }
  if (out.empty())
    return std::nullopt;
  std::string predicate;
  for (std::size_t k = 0; k < out.size(); ++k) {
    const bool glue = k == 0 || out[k] == ")" || out[k] == "," || out[k - 1] == "(";
    predicate += (glue ? "" : " ") + out[k];
  }
  return predicate;
}

CreateTablePlan plan_pg_create_table(const RemoteTableDefinition &remote, const CreateTableOptions &options) {
  CreateTablePlan plan;
  const std::string table = quote_pg_identifier(options.local.schema, "local schema name") + "." +
                            quote_pg_identifier(options.local.name, "local table name");

  std::vector<std::optional<std::string>> types;
  std::vector<bool> kept;
  std::vector<std::string> skipped;
  for (const RemoteTableColumn &column : remote.columns) {
    types.push_back(pg_type_for_remote_type(column.type, TypeDetail::Declared));
    kept.push_back(types.back().has_value());
    if (!types.back())
      skipped.push_back("\"" + column.name + "\" (" + column.type.data_type + ")");
  }
  if (!skipped.empty())
    plan.notices.push_back("columns of remote table " + remote.display +
                           " left out of the local table (no PostgreSQL type for them): " + joined(skipped));
  if (std::find(kept.begin(), kept.end(), true) == kept.end())
    throw Error("remote table " + remote.display + " has no column of a type mssql_upsert_fdw can read",
                sqlstate::kFeatureNotSupported);
  const LocalNames names(remote, options, kept);

  std::vector<std::string> elements;
  for (std::size_t i = 0; i < remote.columns.size(); ++i) {
    if (!kept[i])
      continue;
    const RemoteTableColumn &column = remote.columns[i];
    const std::string &type = *types[i];
    std::string element = *names.quoted(column.name) + " " + type;
    if (column.identity && (type == "smallint" || type == "integer" || type == "bigint")) {
      element += " GENERATED BY DEFAULT AS IDENTITY";
      if (column.identity_seed != 1 || column.identity_increment != 1)
        element += " (START WITH " + std::to_string(column.identity_seed) + " INCREMENT BY " +
                   std::to_string(column.identity_increment) + ")";
    } else if (column.identity) {
      plan.notices.push_back("identity of column \"" + column.name + "\" (" + column.type.data_type +
                             ") left out: PostgreSQL identity columns are smallint, integer or bigint");
    }
    if (column.default_definition && !column.identity && !column.computed) {
      std::optional<std::string> expression = pg_default_for_remote(*column.default_definition, type);
      if (!expression)
        plan.notices.push_back("default of column \"" + column.name + "\" left out: " + *column.default_definition +
                               " has no safe PostgreSQL equivalent");
      else if (!expression->empty())
        element += " DEFAULT " + *expression;
    }
    if (!column.nullable)
      element += " NOT NULL";
    elements.push_back(element);
    plan.columns.push_back({names.plain(column.name), type});
  }

  auto nullable = [&](const std::string &name) {
    for (const RemoteTableColumn &column : remote.columns)
      if (column.name == name)
        return column.nullable;
    return true;
  };
  auto column_lookup = [&](const std::string &name) { return names.quoted(name); };
  std::vector<std::string> index_statements;
  for (const RemoteTableIndex &index : remote.indexes) {
    const bool constraint = index.primary_key || index.unique_constraint;
    if (!index.unique && !options.create_indexes)
      continue;
    std::vector<std::string> keys, included;
    std::string missing;
    bool any_nullable = false;
    for (std::size_t k = 0; k < index.key_columns.size(); ++k) {
      std::optional<std::string> local = names.quoted(index.key_columns[k]);
      if (!local) {
        missing = index.key_columns[k];
        break;
      }
      any_nullable = any_nullable || nullable(index.key_columns[k]);
      const bool descending = k < index.descending.size() && index.descending[k];
      keys.push_back(*local + (descending && !constraint ? " DESC" : ""));
    }
    for (const std::string &name : index.included_columns) {
      std::optional<std::string> local = names.quoted(name);
      if (!local && missing.empty())
        missing = name;
      if (local)
        included.push_back(*local);
    }
    if (!missing.empty()) {
      plan.notices.push_back(index_description(index, remote.display) + " left out: its column \"" + missing +
                             "\" is not in the local table");
      continue;
    }
    // SQL Server's unique keys allow one NULL, not many.
    const std::string nulls = index.unique && any_nullable ? " NULLS NOT DISTINCT" : "";
    if (index.primary_key) {
      elements.push_back("PRIMARY KEY (" + joined(keys) + ")");
      continue;
    }
    if (index.unique_constraint && !index.filter_definition) {
      elements.push_back("UNIQUE" + nulls + " (" + joined(keys) + ")");
      continue;
    }
    std::string where;
    if (index.filter_definition) {
      std::optional<std::string> predicate = pg_filter_for_remote(*index.filter_definition, column_lookup);
      if (!predicate) {
        plan.notices.push_back(index_description(index, remote.display) + " left out: its filter " +
                               *index.filter_definition + " has no PostgreSQL translation");
        continue;
      }
      where = " WHERE " + *predicate;
    }
    index_statements.push_back(std::string("CREATE ") + (index.unique ? "UNIQUE " : "") + "INDEX ON " + table +
                               " (" + joined(keys) + ")" +
                               (included.empty() ? "" : " INCLUDE (" + joined(included) + ")") + nulls + where);
  }

  std::string create = "CREATE TABLE " + table + " (";
  for (std::size_t e = 0; e < elements.size(); ++e)
    create += (e ? ",\n  " : "\n  ") + elements[e];
  plan.statements.push_back(create + "\n)");
  plan.statements.insert(plan.statements.end(), index_statements.begin(), index_statements.end());
  return plan;
}

std::optional<std::string> describe_column_difference(const std::vector<PgColumnShape> &expected,
                                                      const std::vector<PgColumnShape> &existing) {
  for (const PgColumnShape &want : expected) {
    auto found = std::find_if(existing.begin(), existing.end(),
                              [&](const PgColumnShape &have) { return have.name == want.name; });
    if (found == existing.end())
      return "column \"" + want.name + "\" (" + want.type + ") is missing";
    if (found->type != want.type)
      return "column \"" + want.name + "\" is " + found->type + ", expected " + want.type;
  }
  for (const PgColumnShape &have : existing) {
    auto found = std::find_if(expected.begin(), expected.end(),
                              [&](const PgColumnShape &want) { return want.name == have.name; });
    if (found == expected.end())
      return "column \"" + have.name + "\" has no counterpart in the remote table";
  }
  return std::nullopt;
}

} // namespace mssql_upsert::sqlgen
