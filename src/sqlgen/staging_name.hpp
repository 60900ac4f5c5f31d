// Names of the staging tables, as in the seed plan:
//   PostgreSQL: _stg_<schema>_<table>[_p<partition>]_w<writer>   (at most 63 bytes)
//   SQL Server: #stg_<table>[_p<partition>]_w<writer>            (at most 116 characters)
// The readable form is used only when it cannot be mistaken for another input's
// name: it fits the limit; the PostgreSQL schema has no "_"; the table does not
// end in "_p<digits>"; the schema/table part is not 16 hex digits; and for SQL
// Server the schema is dbo (#temp names carry no schema). Otherwise the
// schema/table part becomes the first 16 hex digits of a SHA-256 over a
// length-prefixed encoding of both. Deterministic; writer and partition stay readable.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mssql_upsert::sqlgen {

inline constexpr std::size_t kTsqlMaxTempTableChars = 116;

std::string pg_staging_table_name(std::string_view schema, std::string_view table, int writer_id,
                                  std::optional<int> partition_id = std::nullopt);
std::string tsql_staging_table_name(std::string_view schema, std::string_view table,
                                    int writer_id, std::optional<int> partition_id = std::nullopt);

} // namespace mssql_upsert::sqlgen
