// T-SQL text a pull (or an FDW scan) sends to SQL Server.
#pragma once

#include "sqlgen/qualified_name.hpp"

#include <optional>
#include <string>
#include <vector>

namespace mssql_upsert::sqlgen {

// [schema].[table]
std::string tsql_table_reference(const QualifiedName &table);
// SELECT TOP 0 * FROM [schema].[table]: the remote columns without any rows.
std::string build_tsql_describe_sql(const QualifiedName &table);
// SELECT [c1], [c2] FROM [schema].[table] [WHERE (<filter>)]. The filter is the
// caller's own T-SQL predicate, sent as written inside parentheses after
// check_tsql_predicate (a trailing -- comment gets the ")" on a new line).
// No filter, or an empty one, means no WHERE.
std::string build_tsql_select_sql(const QualifiedName &table,
                                  const std::vector<std::string> &columns,
                                  const std::optional<std::string> &remote_filter);

} // namespace mssql_upsert::sqlgen
