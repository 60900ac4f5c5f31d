// The SELECT a foreign table scan (or ANALYZE) sends to SQL Server.
#pragma once

#include "sqlgen/qualified_name.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mssql_upsert::sqlgen {

// What the foreign table reads: a remote table, or the user's own query
// (OPTIONS (query '...')), which becomes a derived table.
struct ScanSource {
  std::optional<QualifiedName> table;
  std::string query;
};

struct ScanSql {
  ScanSource source;
  std::vector<std::string> columns; // remote names; empty: only rows are counted (SELECT 1)
  std::vector<std::string> where;   // rendered conditions, ANDed
  std::optional<int64_t> top;       // TOP (n)
  bool count_rows = false;          // SELECT COUNT_BIG(*) instead of the columns
};

// SELECT [TOP (n)] [a], [b] FROM [s].[t] | (<query>) AS [q] [WHERE (c1) AND (c2)]
// (with count_rows: SELECT COUNT_BIG(*) FROM ... WHERE ...)
std::string build_tsql_scan_sql(const ScanSql &scan);

} // namespace mssql_upsert::sqlgen
