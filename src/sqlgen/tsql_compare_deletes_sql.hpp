// deletes => 'compare' for a push: after the upsert every key of the local
// source is bulk-loaded into a #temp key table; remote rows (of remote_filter,
// if any) whose key is not there are deleted. Pure: the statements only.
// Keys match NULL-safely, so a unique key with a NULL is kept while the source
// holds it.
#pragma once

#include "sqlgen/qualified_name.hpp"

#include <optional>
#include <string>
#include <vector>

namespace mssql_upsert::sqlgen {

struct TsqlCompareDeletesSpec {
  QualifiedName target;                    // unquoted
  std::string keys_table;                  // unquoted, "#key_..."
  std::vector<std::string> key_columns;    // remote names, unquoted
  std::optional<std::string> remote_filter; // a checked T-SQL predicate over the target
};

// "#stg_Orders_w0" -> "#key_Orders_w0": the key table of a push's staging table.
std::string tsql_compare_keys_table_name(const std::string &staging_table);

// One row: (rows of the target in scope, those whose key the key table lacks).
std::string build_tsql_absent_keys_count_sql(const TsqlCompareDeletesSpec &spec);

// DELETE FROM target WHERE [(filter) AND] NOT EXISTS (<key match>).
std::string build_tsql_delete_absent_keys_sql(const TsqlCompareDeletesSpec &spec);

} // namespace mssql_upsert::sqlgen
