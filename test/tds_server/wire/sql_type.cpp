#include "wire/sql_type.hpp"

#include <algorithm>
#include <cctype>
#include <map>

namespace tds {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b])))
    ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1])))
    --e;
  return std::string(s.substr(b, e - b));
}

const std::map<std::string, SqlType> &type_names() {
  static const std::map<std::string, SqlType> names = {
      {"bit", SqlType::Bit},           {"tinyint", SqlType::TinyInt},
      {"smallint", SqlType::SmallInt}, {"int", SqlType::Int},
      {"integer", SqlType::Int},       {"bigint", SqlType::BigInt},
      {"decimal", SqlType::Decimal},   {"dec", SqlType::Decimal},
      {"numeric", SqlType::Numeric},   {"money", SqlType::Money},
      {"smallmoney", SqlType::SmallMoney}, {"real", SqlType::Real},
      {"float", SqlType::Float},       {"char", SqlType::Char},
      {"character", SqlType::Char},    {"varchar", SqlType::VarChar},
      {"nchar", SqlType::NChar},       {"nvarchar", SqlType::NVarChar},
      {"text", SqlType::Text},         {"ntext", SqlType::NText},
      {"binary", SqlType::Binary},     {"varbinary", SqlType::VarBinary},
      {"image", SqlType::Image},       {"date", SqlType::Date},
      {"time", SqlType::Time},         {"datetime", SqlType::DateTime},
      {"datetime2", SqlType::DateTime2}, {"smalldatetime", SqlType::SmallDateTime},
      {"datetimeoffset", SqlType::DateTimeOffset},
      {"uniqueidentifier", SqlType::UniqueIdentifier}, {"xml", SqlType::Xml},
  };
  return names;
}

bool has_length(SqlType t) {
  return t == SqlType::Char || t == SqlType::VarChar || t == SqlType::NChar ||
         t == SqlType::NVarChar || t == SqlType::Binary || t == SqlType::VarBinary;
}

bool has_time_scale(SqlType t) {
  return t == SqlType::Time || t == SqlType::DateTime2 || t == SqlType::DateTimeOffset;
}

} // namespace

std::optional<ColumnType> parse_sql_type(std::string_view declaration) {
  std::string text = lower(trim(declaration));
  std::string base = text, args;
  if (auto open = text.find('('); open != std::string::npos) {
    auto close = text.rfind(')');
    if (close == std::string::npos || close < open || trim(text.substr(close + 1)) != "")
      return std::nullopt;
    base = trim(text.substr(0, open));
    args = trim(text.substr(open + 1, close - open - 1));
  }
  auto found = type_names().find(base);
  if (found == type_names().end())
    return std::nullopt;
  ColumnType type;
  type.type = found->second;
  std::vector<int> numbers;
  bool max = false;
  if (!args.empty()) {
    std::size_t start = 0;
    while (start <= args.size()) {
      std::size_t comma = args.find(',', start);
      std::string part = trim(args.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
      if (part == "max")
        max = true;
      else if (!part.empty() && std::all_of(part.begin(), part.end(), ::isdigit) && part.size() < 9)
        numbers.push_back(std::stoi(part));
      else
        return std::nullopt;
      if (comma == std::string::npos)
        break;
      start = comma + 1;
    }
  }
  switch (type.type) {
  case SqlType::Decimal:
  case SqlType::Numeric:
    if (max || numbers.size() > 2)
      return std::nullopt;
    type.precision = static_cast<uint8_t>(numbers.empty() ? 18 : numbers[0]);
    type.scale = static_cast<uint8_t>(numbers.size() == 2 ? numbers[1] : 0);
    if (type.precision < 1 || type.precision > 38 || type.scale > type.precision)
      return std::nullopt;
    return type;
  case SqlType::Float:
    if (max || numbers.size() > 1)
      return std::nullopt;
    if (!numbers.empty() && (numbers[0] < 1 || numbers[0] > 53))
      return std::nullopt;
    if (!numbers.empty() && numbers[0] <= 24)
      type.type = SqlType::Real;
    return type;
  case SqlType::Text:
  case SqlType::NText:
  case SqlType::Image:
  case SqlType::Xml:
    if (max || !numbers.empty())
      return std::nullopt;
    type.length = ColumnType::kMax;
    return type;
  default:
    break;
  }
  if (has_length(type.type)) {
    if (max) {
      if (type.type == SqlType::Char || type.type == SqlType::NChar || type.type == SqlType::Binary)
        return std::nullopt;
      type.length = ColumnType::kMax;
    } else if (numbers.size() == 1) {
      int limit = (type.type == SqlType::NChar || type.type == SqlType::NVarChar) ? 4000 : 8000;
      if (numbers[0] < 1 || numbers[0] > limit)
        return std::nullopt;
      type.length = numbers[0];
    } else if (numbers.empty()) {
      type.length = 1;
    } else {
      return std::nullopt;
    }
    return type;
  }
  if (has_time_scale(type.type)) {
    if (max || numbers.size() > 1 || (!numbers.empty() && numbers[0] > 7))
      return std::nullopt;
    type.scale = static_cast<uint8_t>(numbers.empty() ? 7 : numbers[0]);
    return type;
  }
  if (max || !numbers.empty())
    return std::nullopt;
  if (type.type == SqlType::DateTime)
    type.scale = 3;
  return type;
}

std::string sql_type_name(SqlType type) {
  for (const auto &[name, t] : type_names())
    if (t == type && name != "integer" && name != "dec" && name != "character")
      return name;
  return "int";
}

std::string format_sql_type(const ColumnType &type) {
  std::string name = sql_type_name(type.type);
  if (type.type == SqlType::Decimal || type.type == SqlType::Numeric)
    return name + "(" + std::to_string(type.precision) + "," + std::to_string(type.scale) + ")";
  if (has_length(type.type))
    return name + "(" + (type.length == ColumnType::kMax ? std::string("max") : std::to_string(type.length)) + ")";
  if (has_time_scale(type.type))
    return name + "(" + std::to_string(type.scale) + ")";
  return name;
}

std::string backend_pg_type(const ColumnType &type) {
  auto fraction = [&] { return std::to_string(std::min<int>(type.scale, 6)); };
  switch (type.type) {
  case SqlType::Bit: // smallint, so T-SQL's 0/1 comparisons and inserts work
  case SqlType::TinyInt:
  case SqlType::SmallInt:
    return "smallint";
  case SqlType::Int:
    return "integer";
  case SqlType::BigInt:
    return "bigint";
  case SqlType::Decimal:
  case SqlType::Numeric:
    return "numeric(" + std::to_string(type.precision) + "," + std::to_string(type.scale) + ")";
  case SqlType::Money:
    return "numeric(19,4)";
  case SqlType::SmallMoney:
    return "numeric(10,4)";
  case SqlType::Real:
    return "real";
  case SqlType::Float:
    return "double precision";
  case SqlType::Char:
  case SqlType::NChar:
    return "char(" + std::to_string(type.length) + ")";
  case SqlType::VarChar:
  case SqlType::NVarChar:
    return type.length == ColumnType::kMax ? "text" : "varchar(" + std::to_string(type.length) + ")";
  case SqlType::Text:
  case SqlType::NText:
  case SqlType::Xml:
    return "text";
  case SqlType::Binary:
  case SqlType::VarBinary:
  case SqlType::Image:
    return "bytea";
  case SqlType::Date:
    return "date";
  case SqlType::Time:
    return "time(" + fraction() + ")";
  case SqlType::DateTime:
    return "timestamp(3)";
  case SqlType::SmallDateTime:
    return "timestamp(0)";
  case SqlType::DateTime2:
    return "timestamp(" + fraction() + ")";
  case SqlType::DateTimeOffset:
    return "timestamptz(" + fraction() + ")";
  case SqlType::UniqueIdentifier:
    return "uuid";
  }
  return "text";
}

bool is_plp(const ColumnType &t) {
  return t.length == ColumnType::kMax &&
         (t.type == SqlType::VarChar || t.type == SqlType::NVarChar || t.type == SqlType::VarBinary ||
          t.type == SqlType::Text || t.type == SqlType::NText || t.type == SqlType::Image ||
          t.type == SqlType::Xml);
}

int16_t sys_max_length(const ColumnType &type) {
  switch (type.type) {
  case SqlType::Bit:
  case SqlType::TinyInt:
    return 1;
  case SqlType::SmallInt:
    return 2;
  case SqlType::Int:
  case SqlType::Real:
  case SqlType::SmallMoney:
  case SqlType::SmallDateTime:
    return 4;
  case SqlType::BigInt:
  case SqlType::Float:
  case SqlType::Money:
  case SqlType::DateTime:
    return 8;
  case SqlType::Decimal:
  case SqlType::Numeric:
    return type.precision <= 9 ? 5 : type.precision <= 19 ? 9 : type.precision <= 28 ? 13 : 17;
  case SqlType::Char:
  case SqlType::VarChar:
  case SqlType::Binary:
  case SqlType::VarBinary:
    return type.length == ColumnType::kMax ? -1 : static_cast<int16_t>(type.length);
  case SqlType::NChar:
  case SqlType::NVarChar:
    return type.length == ColumnType::kMax ? -1 : static_cast<int16_t>(type.length * 2);
  case SqlType::Text:
  case SqlType::NText:
  case SqlType::Image:
    return 16;
  case SqlType::Xml:
    return -1;
  case SqlType::Date:
    return 3;
  case SqlType::Time:
    return type.scale <= 2 ? 3 : type.scale <= 4 ? 4 : 5;
  case SqlType::DateTime2:
    return type.scale <= 2 ? 6 : type.scale <= 4 ? 7 : 8;
  case SqlType::DateTimeOffset:
    return type.scale <= 2 ? 8 : type.scale <= 4 ? 9 : 10;
  case SqlType::UniqueIdentifier:
    return 16;
  }
  return 0;
}

} // namespace tds
