#include "server/cast_rewriter.hpp"

#include "wire/sql_type.hpp"

namespace tds_server {

std::string rewrite_cast(const std::vector<Token> &tokens, std::size_t &i, std::size_t to,
                         const RewriteContext &context) {
  const std::size_t open = i + 1;
  std::size_t as = 0, close = open + 1;
  int depth = 1;
  for (; close < to; ++close) {
    if (is_symbol(tokens[close], "("))
      ++depth;
    else if (is_symbol(tokens[close], ")") && --depth == 0)
      break;
    else if (depth == 1 && is_word(tokens[close], "AS"))
      as = close;
  }
  if (close >= to || as == 0)
    syntax_error("CAST");
  std::string declared;
  for (std::size_t k = as + 1; k < close; ++k)
    declared += tokens[k].text;
  auto type = tds::parse_sql_type(declared);
  if (!type)
    throw SqlServerError(243, 16, "Type " + declared + " is not a defined system type.");
  std::string expression = rewrite_tokens(tokens, open + 1, as, context);
  i = close;
  if (type->type == tds::SqlType::VarBinary || type->type == tds::SqlType::Binary)
    return "tds_support.varbinary(" + expression + ")";
  return "CAST(" + expression + " AS " + tds::backend_pg_type(*type) + ")";
}

} // namespace tds_server
