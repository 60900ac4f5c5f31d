// sp_executesql for the test server: the statement text and its parameters from
// an RPC request, and binding each @name in the statement to its value as
// T-SQL tokens (typed with CAST, so results carry the parameter's type).
#pragma once

#include "server/tsql_rewriter.hpp"
#include "wire/rpc.hpp"

#include <string>
#include <vector>

namespace tds_server {

struct ExecuteSqlCall {
  std::string statement;
  std::vector<tds::RpcParameter> values; // named (names from @params when sent positionally)
  std::vector<std::string> declared_types; // per value, from @params ("" when not declared)
};

// sp_executesql @stmt [, @params, @p1 = v1, ...]. Throws SqlServerError for other
// procedures (2812) and for a missing or non-string statement (214).
ExecuteSqlCall execute_sql_call(const tds::RpcRequest &request);

// The tokens a parameter's value stands for: 42, (-7), 1 for bit,
// CAST(N'text' AS nvarchar(max)), CAST(0x01FF AS varbinary(max)),
// CAST('2024-03-04' AS date), CAST(NULL AS int), NULL for a NULL bit.
// A value sent as another type than @params declares is converted to the
// declared one, as SQL Server converts it: CAST(CAST(N'42' AS nvarchar(max)) AS bigint).
std::vector<Token> parameter_tokens(const tds::RpcParameter &parameter,
                                    const std::string &declared_type = "");

// Replaces every @name variable (case-insensitive) that names a parameter.
// declared_types: per value, as in ExecuteSqlCall (empty: none declared).
void bind_parameters(std::vector<std::vector<Token>> &statements,
                     const std::vector<tds::RpcParameter> &values,
                     const std::vector<std::string> &declared_types = {});

} // namespace tds_server
