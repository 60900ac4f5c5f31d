// CAST(expr AS <SQL Server type>) and CONVERT(<type>, expr) -> the backend type of
// that SQL Server type; to [var]binary -> tds_support.varbinary(...) (see
// support_functions.hpp); to bit -> boolean, so the result is typed bit.
#pragma once

#include "server/tsql_rewriter.hpp"

#include <string>
#include <vector>

namespace tds_server {

// tokens[i] is CAST or CONVERT, tokens[i + 1] "("; on return i is the index of the closing ")".
// CONVERT with a style argument is refused (error 102).
std::string rewrite_cast(const std::vector<Token> &tokens, std::size_t &i, std::size_t to,
                         const RewriteContext &context);

} // namespace tds_server
