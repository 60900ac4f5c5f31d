// Names of the staging tables, as in the seed plan:
//   PostgreSQL: _stg_<schema>_<table>[_p<partition>]_w<writer>   (at most 63 bytes)
//   SQL Server: #stg_<table>[_p<partition>]_w<writer>            (at most 116 characters)
// The readable form is used only when it cannot be mistaken for another input's
// name: it fits the limit (whole: a readable name is never cut, so never inside
// a multi-byte character); the PostgreSQL schema has no "_" and is not 16 hex
// digits; the table does not end in "_p<digits>" and (SQL Server) is not 16 hex
// digits; and for SQL Server the schema is exactly "dbo" (#temp names carry no
// schema; "DBO" is hashed: another spelling of one table may get another
// staging table, which is harmless, but two tables never share one).
// Otherwise the schema/table part becomes the first 16 hex digits of a SHA-256
// over a length-prefixed encoding of dialect, schema and table. Deterministic;
// writer and partition stay readable. Negative ids are refused (22023); names
// are checked as check_pg_identifier / check_tsql_identifier do.
// Known limit: tempdb usually has a case-insensitive collation, so #stg_Orders_w0
// and #stg_orders_w0 are one table there; only a case-sensitive remote database
// can hold both dbo.Orders and dbo.orders, and a session pushing to both with
// one writer id would share the staging table.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mssql_upsert::sqlgen {

inline constexpr std::size_t kTsqlMaxTempTableChars = 116;

std::string pg_staging_table_name(std::string_view schema, std::string_view table, int writer_id,
                                  std::optional<int> partition_id = std::nullopt);
std::string tsql_staging_table_name(std::string_view schema, std::string_view table, int writer_id,
                                    std::optional<int> partition_id = std::nullopt);

} // namespace mssql_upsert::sqlgen
