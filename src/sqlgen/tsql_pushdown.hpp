// WHERE clauses of foreign table scans as T-SQL. The FDW glue turns
// PostgreSQL's expression nodes into this small neutral tree; here it is
// decided what SQL Server may evaluate and how it is written.
//
// Each condition shipped is either exact (SQL Server gives PostgreSQL's answer,
// so the local check is dropped) or a prefilter (SQL Server returns at least
// the rows PostgreSQL would keep, and PostgreSQL checks them again). Text
// comparisons are prefilters because SQL Server's default collation is case
// and trailing-space insensitive; timestamps are prefilters because datetime
// keeps 1/300 s ticks the scan rounds to milliseconds (their bounds are typed
// datetime2 or datetimeoffset literals, so they fit any date/time column's
// comparison whatever its range); any runtime parameter
// makes its condition a prefilter, so a value that cannot be written (NaN)
// simply drops it. A comparison or LIKE with a NULL value (a NULL parameter,
// a NULL outer column of a parameterized join) is never true and is sent as
// 1 = 0, so SQL Server sends no rows for it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mssql_upsert::sqlgen {

// The comparable families of values, as PostgreSQL types them.
enum class PushType : uint8_t {
  Bool,
  Integer,     // int2 int4 int8
  Decimal,     // numeric
  Float,       // float8 (a real column compares in real precision on SQL Server)
  Text,        // text varchar bpchar name
  Date,        // date
  Timestamp,   // timestamp without time zone
  TimestampTz, // timestamp with time zone (an instant; written in UTC)
  Uuid,
};

struct PushValue {
  enum class Kind : uint8_t { Null, Bool, Integer, Decimal, Float, Text, Date, Timestamp, Param };
  Kind kind = Kind::Null;
  bool boolean = false;
  int64_t integer =
      0;           // Integer; Date: days since 2000-01-01; Timestamp: microseconds since 2000-01-01
  double real = 0; // Float
  std::string text;     // Decimal digits ("-12.50"), Text (UTF-8), Uuid (canonical form)
  int param_number = 0; // Param: 1-based, shown as @p1 (before the value is known)
  PushType param_type = PushType::Integer; // Param: the family of the value it stands for

  static PushValue null() { return {}; }
  static PushValue of_bool(bool v);
  static PushValue of_integer(int64_t v);
  static PushValue of_decimal(std::string digits);
  static PushValue of_float(double v);
  static PushValue of_text(std::string utf8);
  static PushValue of_date(int32_t days_since_2000);
  static PushValue of_timestamp(int64_t microseconds_since_2000);
  static PushValue param(int number, PushType type = PushType::Integer);
};

enum class CompareOp : uint8_t { Eq, Ne, Lt, Le, Gt, Ge };

struct PushExpr {
  enum class Kind : uint8_t {
    Compare,    // column <op> values[0]
    In,         // column IN (values...)
    IsNull,     // column IS NULL
    IsNotNull,  // column IS NOT NULL
    Like,       // column LIKE values[0] (PostgreSQL pattern, backslash escape)
    BoolColumn, // a boolean column used as a condition
    And,
    Or,
    Not,
  };
  Kind kind = Kind::And;
  CompareOp op = CompareOp::Eq;
  int column = -1;                   // index into the remote column names
  PushType type = PushType::Integer; // the column's family
  std::vector<PushValue> values;
  std::vector<PushExpr> args; // And / Or / Not

  static PushExpr compare(int column, PushType type, CompareOp op, PushValue value);
  static PushExpr in(int column, PushType type, std::vector<PushValue> values);
  static PushExpr is_null(int column, PushType type, bool negated);
  static PushExpr like(int column, PushValue pattern);
  static PushExpr bool_column(int column);
  static PushExpr boolean(Kind kind, std::vector<PushExpr> args);
};

enum class Shippable : uint8_t { No, Prefilter, Exact };

// What SQL Server may do with the condition (see the header comment).
Shippable classify_pushdown(const PushExpr &expr);

// How one @pN of a rendered condition is filled from a runtime value
// (sqlgen/tsql_scan_params encodes it): as the value itself, as a LIKE
// pattern translated by tsql_like_prefilter, or as a timestamp widened into
// the lower or upper bound of a prefilter (one value may fill two slots).
enum class ParamRole : uint8_t { Value, LikePattern, LowerBound, UpperBound };

struct ParamSlot {
  int value_number = 0; // PushValue::param_number of the runtime value
  ParamRole role = ParamRole::Value;
  PushType type = PushType::Integer; // the compared column's family
  bool operator==(const ParamSlot &other) const {
    return value_number == other.value_number && role == other.role && type == other.type;
  }
};

// The T-SQL text of a shippable condition over the remote column names, or
// nullopt when a value cannot be written (only possible for prefilters: the
// caller then leaves the condition to PostgreSQL). Without slots, Params
// render as @p<param_number>; with slots, each placeholder written is the
// next @pN (N = slots->size() + 1) and appends its slot, so that a scan's
// conditions share one numbering; slots of a condition left out are removed.
std::optional<std::string> render_pushdown(const PushExpr &expr,
                                           const std::vector<std::string> &remote_columns,
                                           std::vector<ParamSlot> *slots = nullptr);

// A PostgreSQL LIKE pattern as a T-SQL LIKE pattern that matches at least the
// same strings: _ widened to % (SQL Server's _ is one UTF-16 unit), trailing
// spaces replaced by % (SQL Server ignores the value's trailing spaces).
// nullopt for patterns with a literal % _ [ or backslash (T-SQL escapes them
// differently) and for invalid ones (a lone backslash at the end).
std::optional<std::string> tsql_like_prefilter(const std::string &pg_pattern);

// Literals as SQL Server reads them whatever its language settings. Timestamps
// (whole seconds) are typed, so that SQL Server compares a datetime or
// smalldatetime column in datetime2 instead of converting the literal to the
// column's narrower range, and an instant carries its offset.
std::string tsql_date_literal(int32_t days_since_2000); // N'20240131'
// A timestamp prefilter's bound for a value, in whole seconds since
// 2000-01-01: widened (down for a lower bound, up for an upper one) by enough
// to cover datetime's 1/300 s ticks and smalldatetime's minutes however SQL
// Server rounds. Shared by the inline literals and the parameters of scans.
int64_t tsql_prefilter_bound_seconds(int64_t microseconds_since_2000, bool upper);
// 2024-01-31T10:20:30, or nullopt outside datetime2's years 1..9999.
std::optional<std::string> tsql_timestamp_text(int64_t seconds_since_2000);
// A double's 17 significant digits, which name it exactly ("%.17g").
std::string tsql_float_digits(double v);
// CAST(N'2024-01-31T10:20:30' AS datetime2)
std::string tsql_timestamp_literal(int64_t microseconds_since_2000);
// CAST(N'2024-01-31T10:20:30+00:00' AS datetimeoffset), the instant in UTC
std::string tsql_timestamptz_literal(int64_t microseconds_since_2000);

} // namespace mssql_upsert::sqlgen
