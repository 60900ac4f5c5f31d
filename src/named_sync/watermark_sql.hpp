// SQL text that bounds an incremental run by its watermark (pure C++).
//
// Pull, incremental => 'column': the run first reads MAX(column) (to); it then
// selects column > from (the previous run's to, less watermark_lag) and
// column <= to, so a row changed while the run reads is left to the next run.
// The first run (no from) also takes the rows whose column is NULL. The
// literals are cast to the column's own type: SQL Server compares datetime
// with datetime2 by datetime's exact value (1/300 s), so a datetime2 literal
// could never equal a datetime maximum.
// Pull, incremental => 'rowversion': to is MIN_ACTIVE_ROWVERSION() read before
// the SELECT: every row version below it is committed, none above it can
// appear below it later. The run selects column >= from and column < to.
// Push, incremental => 'column': the same as a pull's column mode, over a
// local timestamp, timestamptz or integer column.
#pragma once

#include "named_sync/sync_definition.hpp"
#include "sqlgen/qualified_name.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mssql_upsert::named_sync {

enum class WatermarkKind { Integer, DateTime, RowVersion };

struct RemoteWatermark {
  std::string column; // the remote column's name as SQL Server spells it
  std::string
      type_name; // its declared type: "datetime2(7)", "datetime", "int", "bigint", "timestamp"
  WatermarkKind kind = WatermarkKind::Integer;
};

// The kind a remote column of type_name gives in mode; nullopt when the type
// does not qualify (the caller names the column and the accepted types).
std::optional<WatermarkKind> remote_watermark_kind(Incremental mode, std::string_view type_name);
// "datetime, datetime2, int or bigint" / "rowversion (timestamp)", for messages.
const char *accepted_remote_watermark_types(Incremental mode);

// The query whose one value is the run's upper bound.
std::string build_tsql_watermark_bound_sql(const sqlgen::QualifiedName &table,
                                           const RemoteWatermark &watermark);
// The predicate for one run (to absent: the table is empty, nothing to read).
std::string build_tsql_watermark_filter(const RemoteWatermark &watermark,
                                        const std::optional<std::string> &from,
                                        const std::optional<std::string> &to);
// A value as a T-SQL literal of the column's type; throws Error (22023) for a
// stored watermark that is not a value of its kind (e.g. after a type change).
std::string tsql_watermark_literal(const RemoteWatermark &watermark, std::string_view value);
// The caller's remote_filter and the watermark predicate, both applying.
std::string combine_tsql_filters(const std::optional<std::string> &remote_filter,
                                 const std::string &watermark_filter);

// "YYYY-MM-DD HH:MM:SS.fffffff": a remote date and time as the watermark keeps it.
std::string format_remote_datetime(int64_t days_since_1900, int64_t time_100ns);
// "0x" and 16 hex digits: a rowversion value.
std::string format_rowversion(std::string_view bytes);

// Push: a local watermark column (name unquoted) of type type_name
// (format_type's spelling).
struct LocalWatermark {
  std::string column;
  std::string type_name; // "bigint", "integer", "smallint", "timestamp without time zone",
                         // "timestamp with time zone"
  WatermarkKind kind = WatermarkKind::Integer;
};
std::optional<WatermarkKind> local_watermark_kind(std::string_view type_name);
// SELECT of max(column) as the watermark keeps it (text), from table (quoted).
std::string build_pg_watermark_bound_sql(const std::string &table, const LocalWatermark &watermark);
// The push's source query: the table's rows between the bounds (from exclusive,
// less lag_us for timestamps; to inclusive; no from: also NULLs). The bounds
// are the watermark's own values, checked and quoted as literals.
std::string build_pg_watermark_source_sql(const std::string &table, const LocalWatermark &watermark,
                                          const std::optional<std::string> &from,
                                          const std::optional<std::string> &to, int64_t lag_us);

} // namespace mssql_upsert::named_sync
