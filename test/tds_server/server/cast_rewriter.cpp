#include "server/cast_rewriter.hpp"

#include "server/catalog_functions.hpp"
#include "wire/sql_type.hpp"

namespace tds_server {

std::string rewrite_cast(const std::vector<Token> &tokens, std::size_t &i, std::size_t to,
                         const RewriteContext &context) {
  const bool convert = is_word(tokens[i], "CONVERT");
  const std::size_t open = i + 1;
  std::size_t separator = 0, style = 0, close = open + 1;
  int depth = 1;
  for (; close < to; ++close) {
    if (is_symbol(tokens[close], "("))
      ++depth;
    else if (is_symbol(tokens[close], ")") && --depth == 0)
      break;
    else if (depth == 1 && (convert ? is_symbol(tokens[close], ",") : is_word(tokens[close], "AS")))
      (separator == 0 ? separator : style) = close;
  }
  if (close >= to || separator == 0)
    syntax_error(convert ? "CONVERT" : "CAST");
  if (convert && style != 0)
    throw SqlServerError(102, 15, "Incorrect syntax near 'CONVERT'. (The TDS test server does not support "
                                  "CONVERT styles; use CAST.)");
  // CAST(expression AS type) or CONVERT(type, expression)
  const std::size_t type_from = convert ? open + 1 : separator + 1, type_to = convert ? separator : close;
  const std::size_t expression_from = convert ? separator + 1 : open + 1, expression_to = convert ? close : separator;
  std::string declared;
  for (std::size_t k = type_from; k < type_to; ++k)
    declared += tokens[k].text;
  auto type = tds::parse_sql_type(declared);
  if (!type)
    throw SqlServerError(243, 16, "Type " + declared + " is not a defined system type.");
  std::string expression = rewrite_tokens(tokens, expression_from, expression_to, context);
  i = close;
  if (type->type == tds::SqlType::VarBinary || type->type == tds::SqlType::Binary)
    return "tds_support.varbinary(" + expression + ")";
  if (type->type == tds::SqlType::Bit)
    return "CAST(" + expression + " AS boolean)";
  return "CAST(" + expression + " AS " + tds::backend_pg_type(*type) + ")";
}

} // namespace tds_server
