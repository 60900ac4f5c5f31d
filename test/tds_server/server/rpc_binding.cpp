#include "server/rpc_binding.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace tds_server {

namespace {

std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

bool is_character(tds::SqlType t) {
  return t == tds::SqlType::Char || t == tds::SqlType::VarChar || t == tds::SqlType::Text ||
         t == tds::SqlType::NChar || t == tds::SqlType::NVarChar || t == tds::SqlType::NText ||
         t == tds::SqlType::Xml;
}

bool is_binary(tds::SqlType t) {
  return t == tds::SqlType::Binary || t == tds::SqlType::VarBinary || t == tds::SqlType::Image;
}

bool is_integer(tds::SqlType t) {
  return t == tds::SqlType::TinyInt || t == tds::SqlType::SmallInt || t == tds::SqlType::Int ||
         t == tds::SqlType::BigInt;
}

// Strings and binaries bind as (max), so no value is cut to a declared length.
std::string bound_type(const tds::ColumnType &type) {
  if (is_binary(type.type))
    return "varbinary(max)";
  if (type.type == tds::SqlType::Char || type.type == tds::SqlType::VarChar || type.type == tds::SqlType::Text)
    return "varchar(max)";
  if (is_character(type.type))
    return "nvarchar(max)";
  return tds::format_sql_type(type);
}

std::vector<Token> cast(Token value, const std::string &type) {
  return {{Token::Word, "CAST"}, {Token::Symbol, "("}, value, {Token::Word, "AS"},
          {Token::Word, type},   {Token::Symbol, ")"}};
}

struct DeclaredParameter {
  std::string name; // upper case
  std::string type; // without blanks and OUTPUT: "DECIMAL(10,2)"
};

// The type text of one declaration after its name: blanks and a trailing
// OUTPUT / OUT / READONLY removed.
std::string declared_type_text(std::string text) {
  std::string compact;
  for (char c : text)
    if (!std::isspace(static_cast<unsigned char>(c)))
      compact += c;
  compact = upper(compact);
  for (const char *suffix : {"OUTPUT", "OUT", "READONLY"}) {
    const std::string tail(suffix);
    if (compact.size() > tail.size() &&
        compact.compare(compact.size() - tail.size(), tail.size(), tail) == 0 &&
        compact[compact.size() - tail.size() - 1] != '(') {
      compact.erase(compact.size() - tail.size());
      break;
    }
  }
  return compact;
}

// What @params declares, in order ("@a int, @b decimal(10, 2) OUTPUT" -> @A INT, @B DECIMAL(10,2)).
std::vector<DeclaredParameter> declared_parameters(const std::string &declaration) {
  std::vector<DeclaredParameter> declared;
  int depth = 0;
  bool expect_name = true;
  std::size_t type_start = 0;
  auto end_type = [&](std::size_t at) {
    if (!declared.empty() && declared.back().type.empty())
      declared.back().type = declared_type_text(declaration.substr(type_start, at - type_start));
  };
  for (std::size_t i = 0; i < declaration.size(); ++i) {
    char c = declaration[i];
    if (c == '(')
      ++depth;
    else if (c == ')')
      --depth;
    else if (c == ',' && depth == 0) {
      end_type(i);
      expect_name = true;
    } else if (c == '@' && expect_name) {
      std::size_t end = i + 1;
      while (end < declaration.size() &&
             (std::isalnum(static_cast<unsigned char>(declaration[end])) || declaration[end] == '_' ||
              declaration[end] == '@' || declaration[end] == '#' || declaration[end] == '$'))
        ++end;
      declared.push_back({upper(declaration.substr(i, end - i)), ""});
      expect_name = false;
      type_start = end;
      i = end - 1;
    }
  }
  end_type(declaration.size());
  return declared;
}

} // namespace

ExecuteSqlCall execute_sql_call(const tds::RpcRequest &request) {
  if (upper(request.procedure) != "SP_EXECUTESQL")
    throw SqlServerError(2812, 16, "Could not find stored procedure '" + request.procedure +
                                       "'. (The TDS test server runs sp_executesql only.)");
  const auto &p = request.parameters;
  if (p.empty() || p[0].is_null || !is_character(p[0].type.type))
    throw SqlServerError(214, 16, "Procedure expects parameter '@statement' of type 'ntext/nchar/nvarchar'.");
  ExecuteSqlCall call;
  call.statement = p[0].value;
  if (p.size() == 1)
    return call;
  if (!is_character(p[1].type.type))
    throw SqlServerError(214, 16, "Procedure expects parameter '@params' of type 'ntext/nchar/nvarchar'.");
  std::vector<DeclaredParameter> declared =
      p[1].is_null ? std::vector<DeclaredParameter>{} : declared_parameters(p[1].value);
  for (std::size_t i = 2; i < p.size(); ++i) {
    tds::RpcParameter value = p[i];
    if (value.name.empty()) {
      if (i - 2 >= declared.size())
        throw SqlServerError(8144, 16, "Procedure or function has too many arguments specified.");
      value.name = declared[i - 2].name;
    }
    auto declaration =
        std::find_if(declared.begin(), declared.end(),
                     [&](const DeclaredParameter &d) { return d.name == upper(value.name); });
    call.declared_types.push_back(declaration == declared.end() ? "" : declaration->type);
    if (value.by_reference)
      throw SqlServerError(102, 15, "Incorrect syntax near '" + value.name +
                                        "'. (The TDS test server does not support OUTPUT parameters.)");
    call.values.push_back(std::move(value));
  }
  for (const DeclaredParameter &parameter : declared) {
    bool given =
        std::any_of(call.values.begin(), call.values.end(),
                    [&](const tds::RpcParameter &v) { return upper(v.name) == parameter.name; });
    if (!given)
      throw SqlServerError(8178, 16,
                           "The parameterized query '(" + p[1].value +
                               ")' expects the parameter '" + parameter.name +
                               "', which was not supplied.");
  }
  return call;
}

namespace {

std::vector<Token> sent_value_tokens(const tds::RpcParameter &parameter);

} // namespace

std::vector<Token> parameter_tokens(const tds::RpcParameter &parameter,
                                    const std::string &declared_type) {
  std::vector<Token> sent = sent_value_tokens(parameter);
  const std::optional<tds::ColumnType> declared =
      declared_type.empty() ? std::nullopt : tds::parse_sql_type(declared_type);
  if (!declared || declared->type == parameter.type.type ||
      (is_character(declared->type) && is_character(parameter.type.type)))
    return sent;
  // The backend keeps bit columns as numbers: a string declared bit binds as 1 or 0, as a bit value
  // does.
  if (declared->type == tds::SqlType::Bit && is_character(parameter.type.type)) {
    if (parameter.is_null)
      return {{Token::Word, "NULL"}};
    const std::string value = upper(parameter.value);
    if (value == "1" || value == "TRUE" || value == "0" || value == "FALSE")
      return {{Token::Number, value == "1" || value == "TRUE" ? "1" : "0"}};
    throw SqlServerError(245, 16,
                         "Conversion failed when converting the nvarchar value '" +
                             parameter.value + "' to data type bit.");
  }
  std::vector<Token> converted = {{Token::Word, "CAST"}, {Token::Symbol, "("}};
  converted.insert(converted.end(), sent.begin(), sent.end());
  converted.push_back({Token::Word, "AS"});
  converted.push_back({Token::Word, declared_type});
  converted.push_back({Token::Symbol, ")"});
  return converted;
}

namespace {

std::vector<Token> sent_value_tokens(const tds::RpcParameter &parameter) {
  const tds::SqlType type = parameter.type.type;
  if (parameter.is_null)
    return type == tds::SqlType::Bit ? std::vector<Token>{{Token::Word, "NULL"}}
                                     : cast({Token::Word, "NULL"}, bound_type(parameter.type));
  if (type == tds::SqlType::Bit)
    return {{Token::Number, parameter.value}};
  if (is_integer(type)) {
    if (parameter.value[0] != '-')
      return {{Token::Number, parameter.value}};
    return {{Token::Symbol, "("}, {Token::Symbol, "-"}, {Token::Number, parameter.value.substr(1)}, {Token::Symbol, ")"}};
  }
  if (is_binary(type)) {
    std::string hex = "0x";
    char byte[3];
    for (unsigned char c : parameter.value) {
      std::snprintf(byte, sizeof byte, "%02X", c);
      hex += byte;
    }
    return cast({Token::Number, hex}, bound_type(parameter.type));
  }
  Token text{Token::String, parameter.value};
  text.unicode = is_character(type) && bound_type(parameter.type) == "nvarchar(max)";
  return cast(text, bound_type(parameter.type));
}

} // namespace

void bind_parameters(std::vector<std::vector<Token>> &statements,
                     const std::vector<tds::RpcParameter> &values,
                     const std::vector<std::string> &declared_types) {
  for (std::vector<Token> &statement : statements) {
    std::vector<Token> bound;
    for (const Token &token : statement) {
      auto value = token.kind != Token::Variable
                       ? values.end()
                       : std::find_if(values.begin(), values.end(),
                                      [&](const tds::RpcParameter &v) { return upper(v.name) == token.text; });
      if (value == values.end()) {
        bound.push_back(token);
        continue;
      }
      const std::size_t index = static_cast<std::size_t>(value - values.begin());
      std::vector<Token> tokens =
          parameter_tokens(*value, index < declared_types.size() ? declared_types[index] : "");
      bound.insert(bound.end(), tokens.begin(), tokens.end());
    }
    statement = std::move(bound);
  }
}

} // namespace tds_server
