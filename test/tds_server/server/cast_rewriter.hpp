// CAST(expr AS <SQL Server type>) and CONVERT(<type>, expr) -> the backend type of
// that SQL Server type (bit as boolean, so results are typed bit);
// CAST(... AS [var]binary) -> tds_support.varbinary(...) (see support_functions.hpp).
#pragma once

#include "server/tsql_rewriter.hpp"

#include <string>
#include <vector>

namespace tds_server {

// tokens[i] is CAST or CONVERT, tokens[i + 1] "("; on return i is the index of the closing ")".
std::string rewrite_cast(const std::vector<Token> &tokens, std::size_t &i, std::size_t to,
                         const RewriteContext &context);

} // namespace tds_server
