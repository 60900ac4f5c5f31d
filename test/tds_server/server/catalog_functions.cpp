#include "server/catalog_functions.hpp"

#include "server/tsql_rewriter.hpp"
#include "wire/sql_type.hpp"

#include <algorithm>
#include <cctype>

namespace tds_server {

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string trim(const std::string &s) {
  std::size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b])))
    ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1])))
    --e;
  return s.substr(b, e - b);
}

std::string sql_string_or_null(const std::string &value) { return value.empty() ? "NULL" : pg_string(value); }

} // namespace

std::optional<ObjectNameParts> parse_object_name(const std::string &text) {
  std::vector<std::string> parts(1);
  std::size_t i = 0, n = text.size();
  while (i < n) {
    char c = text[i];
    if (c == '[' || c == '"') {
      char close = c == '[' ? ']' : '"';
      if (!trim(parts.back()).empty())
        return std::nullopt;
      std::string quoted;
      for (++i;; ++i) {
        if (i >= n)
          return std::nullopt;
        if (text[i] == close) {
          if (i + 1 < n && text[i + 1] == close) {
            quoted += close;
            ++i;
            continue;
          }
          ++i;
          break;
        }
        quoted += text[i];
      }
      parts.back() = quoted;
      while (i < n && std::isspace(static_cast<unsigned char>(text[i])))
        ++i;
      if (i < n && text[i] != '.')
        return std::nullopt;
    } else if (c == '.') {
      parts.back() = trim(parts.back());
      parts.emplace_back();
      ++i;
    } else {
      parts.back() += c;
      ++i;
    }
  }
  parts.back() = trim(parts.back());
  if (parts.size() > 4 || parts.back().empty())
    return std::nullopt;
  ObjectNameParts result;
  result.name = parts.back();
  if (parts.size() >= 2)
    result.schema = parts[parts.size() - 2];
  if (parts.size() >= 3)
    result.database = parts[parts.size() - 3];
  return result;
}

std::string object_id_sql(const std::string &name, const std::optional<std::string> &type) {
  auto parts = parse_object_name(name);
  if (!parts)
    return "NULL::integer";
  if (parts->name[0] == '#' || lower(parts->database) == "tempdb")
    // A session's #temp table lives in the backend session's pg_temp schema.
    return "to_regclass(" + pg_string("pg_temp." + pg_ident(parts->name)) + ")::oid::integer";
  return "tds_catalog.object_id(" + sql_string_or_null(parts->database) + ", " + sql_string_or_null(parts->schema) +
         ", " + pg_string(parts->name) + ", " + (type ? pg_string(*type) : std::string("NULL")) + ")";
}

std::optional<std::string> catalog_function_sql(const std::string &name) {
  // Functions returning sysname are cast so results are typed nvarchar(128).
  static const std::pair<const char *, bool> functions[] = {
      {"TYPE_NAME", true},    {"TYPE_ID", false},           {"SCHEMA_NAME", true},     {"SCHEMA_ID", false},
      {"OBJECT_NAME", true},  {"OBJECT_SCHEMA_NAME", true}, {"COLUMNPROPERTY", false},
      {"CHARINDEX", false}, // tds_fdw's "is this SQL Server" probe
  };
  for (const auto &[function, returns_sysname] : functions)
    if (name == function) {
      std::string call = "tds_catalog." + lower(name) + "({})";
      return returns_sysname ? "CAST(" + call + " AS varchar(128))" : call;
    }
  return std::nullopt;
}

std::optional<std::string> catalog_schema_sql(const std::string &name) {
  if (lower(name) == "information_schema")
    return std::string("\"tds_information_schema\"");
  return std::nullopt;
}

std::string cast_target_sql(const std::string &declaration) {
  auto type = tds::parse_sql_type(declaration);
  if (!type)
    throw SqlServerError(243, 16, "Type " + trim(declaration) + " is not a defined system type.");
  if (type->type == tds::SqlType::Bit)
    return "boolean";
  return tds::backend_pg_type(*type);
}

} // namespace tds_server
