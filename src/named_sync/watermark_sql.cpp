#include "named_sync/watermark_sql.hpp"

#include "common/ascii.hpp"
#include "common/error.hpp"
#include "remote/mssql_value_encoding.hpp"
#include "sqlgen/identifier_quoting.hpp"
#include "sqlgen/tsql_predicate.hpp"
#include "sqlgen/tsql_select_sql.hpp"

#include <cstdio>

namespace mssql_upsert::named_sync {

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char &c : out)
    c = ascii_lower(c);
  return out;
}

bool all_digits(std::string_view text) {
  if (text.empty())
    return false;
  for (char c : text)
    if (c < '0' || c > '9')
      return false;
  return true;
}

bool is_integer_text(std::string_view text) {
  if (!text.empty() && text[0] == '-')
    text.remove_prefix(1);
  return all_digits(text) && text.size() <= 19;
}

// "YYYY-MM-DD HH:MM:SS" with an optional fraction of 1 to 7 digits.
bool is_datetime_text(std::string_view text) {
  static constexpr std::string_view shape = "dddd-dd-dd dd:dd:dd";
  if (text.size() < shape.size())
    return false;
  for (std::size_t i = 0; i < shape.size(); ++i)
    if (shape[i] == 'd' ? !(text[i] >= '0' && text[i] <= '9') : text[i] != shape[i])
      return false;
  std::string_view fraction = text.substr(shape.size());
  if (fraction.empty())
    return true;
  return fraction[0] == '.' && fraction.size() >= 2 && fraction.size() <= 8 &&
         all_digits(fraction.substr(1));
}

bool is_rowversion_text(std::string_view text) {
  if (text.size() != 18 || text[0] != '0' || text[1] != 'x')
    return false;
  for (char c : text.substr(2))
    if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F')))
      return false;
  return true;
}

Error bad_watermark(std::string_view value, const char *kind) {
  return Error("stored watermark '" + std::string(value) + "' is not " + kind + " value",
               sqlstate::kInvalidParameterValue, "",
               "mssql_upsert_sync_reset(name) forgets it; the next run is then a full one.");
}

} // namespace

std::optional<WatermarkKind> remote_watermark_kind(Incremental mode, std::string_view type_name) {
  const std::string type = lower(type_name);
  if (mode == Incremental::RowVersion) {
    if (type == "timestamp" || type == "rowversion")
      return WatermarkKind::RowVersion;
    return std::nullopt;
  }
  if (mode != Incremental::Column)
    return std::nullopt;
  if (type == "int" || type == "bigint")
    return WatermarkKind::Integer;
  if (type == "datetime" || type == "datetime2" || type.rfind("datetime2(", 0) == 0)
    return WatermarkKind::DateTime;
  return std::nullopt;
}

const char *accepted_remote_watermark_types(Incremental mode) {
  return mode == Incremental::RowVersion ? "rowversion (timestamp)"
                                         : "datetime, datetime2, int or bigint";
}

std::string build_tsql_watermark_bound_sql(const sqlgen::QualifiedName &table,
                                           const RemoteWatermark &watermark) {
  if (watermark.kind == WatermarkKind::RowVersion)
    return "SELECT MIN_ACTIVE_ROWVERSION()";
  return "SELECT MAX(" + sqlgen::quote_tsql_identifier(watermark.column, "watermark column") +
         ") FROM " + sqlgen::tsql_table_reference(table);
}

std::string tsql_watermark_literal(const RemoteWatermark &watermark, std::string_view value) {
  switch (watermark.kind) {
  case WatermarkKind::Integer:
    if (!is_integer_text(value))
      throw bad_watermark(value, "an integer");
    return std::string(value);
  case WatermarkKind::DateTime:
    if (!is_datetime_text(value))
      throw bad_watermark(value, "a datetime");
    // type_name comes from the remote catalog ("datetime2(7)"): letters, digits, parentheses only.
    for (char c : watermark.type_name)
      if (!((ascii_lower(c) >= 'a' && ascii_lower(c) <= 'z') || (c >= '0' && c <= '9') ||
            c == '(' || c == ')'))
        throw Error("unexpected remote type name \"" + watermark.type_name + "\"",
                    sqlstate::kInternalError);
    return "CAST(" + sqlgen::quote_tsql_string(value) + " AS " + watermark.type_name + ")";
  case WatermarkKind::RowVersion:
    if (!is_rowversion_text(value))
      throw bad_watermark(value, "a rowversion");
    return std::string(value);
  }
  return {};
}

std::string build_tsql_watermark_filter(const RemoteWatermark &watermark,
                                        const std::optional<std::string> &from,
                                        const std::optional<std::string> &to) {
  const std::string column = sqlgen::quote_tsql_identifier(watermark.column, "watermark column");
  if (watermark.kind == WatermarkKind::RowVersion) {
    if (!to) // MIN_ACTIVE_ROWVERSION() is never NULL; refuse rather than read everything
      throw Error("MIN_ACTIVE_ROWVERSION() returned NULL", sqlstate::kFdwError);
    std::string upper = column + " < " + tsql_watermark_literal(watermark, *to);
    return from ? column + " >= " + tsql_watermark_literal(watermark, *from) + " AND " + upper
                : upper;
  }
  if (!to)
    return "1 = 0";
  std::string upper = column + " <= " + tsql_watermark_literal(watermark, *to);
  if (!from)
    return "(" + upper + " OR " + column + " IS NULL)";
  return column + " > " + tsql_watermark_literal(watermark, *from) + " AND " + upper;
}

std::string combine_tsql_filters(const std::optional<std::string> &remote_filter,
                                 const std::string &watermark_filter) {
  if (!remote_filter || remote_filter->empty())
    return watermark_filter;
  sqlgen::TsqlPredicateShape shape = sqlgen::check_tsql_predicate(*remote_filter);
  return "(" + *remote_filter + (shape.ends_in_line_comment ? "\n)" : ")") + " AND (" +
         watermark_filter + ")";
}

std::string format_remote_datetime(int64_t days_since_1900, int64_t time_100ns) {
  const int64_t seconds = time_100ns / 10'000'000;
  char time[32];
  std::snprintf(time, sizeof time, " %02d:%02d:%02d.%07d", static_cast<int>(seconds / 3600),
                static_cast<int>(seconds / 60 % 60), static_cast<int>(seconds % 60),
                static_cast<int>(time_100ns % 10'000'000));
  return remote::format_days_since_1900(days_since_1900) + time;
}

std::string format_rowversion(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = "0x";
  for (unsigned char byte : bytes) {
    out += kHex[byte >> 4];
    out += kHex[byte & 15];
  }
  return out;
}

std::optional<WatermarkKind> local_watermark_kind(std::string_view type_name) {
  if (type_name == "bigint" || type_name == "integer" || type_name == "smallint")
    return WatermarkKind::Integer;
  if (type_name == "timestamp without time zone" || type_name == "timestamp with time zone")
    return WatermarkKind::DateTime;
  return std::nullopt;
}

namespace {

bool is_timestamptz(const LocalWatermark &watermark) {
  return watermark.type_name == "timestamp with time zone";
}

// A stored bound as a value of the column's type; timestamptz watermarks are kept in UTC.
std::string pg_watermark_literal(const LocalWatermark &watermark, const std::string &value) {
  if (watermark.kind == WatermarkKind::Integer) {
    if (!is_integer_text(value))
      throw bad_watermark(value, "an integer");
    return sqlgen::quote_pg_string(value) + "::bigint";
  }
  if (!is_datetime_text(value))
    throw bad_watermark(value, "a timestamp");
  std::string literal = sqlgen::quote_pg_string(value) + "::timestamp";
  return is_timestamptz(watermark) ? "(" + literal + " AT TIME ZONE 'UTC')" : literal;
}

} // namespace

std::string build_pg_watermark_bound_sql(const std::string &table,
                                         const LocalWatermark &watermark) {
  const std::string column = sqlgen::quote_pg_identifier(watermark.column, "watermark column");
  if (watermark.kind == WatermarkKind::Integer)
    return "SELECT max(" + column + ")::text FROM " + table;
  const std::string value =
      is_timestamptz(watermark) ? "max(" + column + ") AT TIME ZONE 'UTC'" : "max(" + column + ")";
  return "SELECT to_char(" + value + ", 'YYYY-MM-DD HH24:MI:SS.US') FROM " + table;
}

std::string build_pg_watermark_source_sql(const std::string &table, const LocalWatermark &watermark,
                                          const std::optional<std::string> &from,
                                          const std::optional<std::string> &to, int64_t lag_us) {
  const std::string column = sqlgen::quote_pg_identifier(watermark.column, "watermark column");
  std::string sql = "SELECT * FROM " + table + " WHERE ";
  if (!to)
    return sql + "false";
  const std::string upper = column + " <= " + pg_watermark_literal(watermark, *to);
  if (!from)
    return sql + "(" + upper + " OR " + column + " IS NULL)";
  std::string lower_bound = pg_watermark_literal(watermark, *from);
  if (lag_us > 0 && watermark.kind == WatermarkKind::DateTime)
    lower_bound =
        "(" + lower_bound + " - interval '1 microsecond' * " + std::to_string(lag_us) + ")";
  return sql + column + " > " + lower_bound + " AND " + upper;
}

} // namespace mssql_upsert::named_sync
