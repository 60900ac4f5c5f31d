#include "sqlgen/tsql_pushdown.hpp"

#include "sqlgen/identifier_quoting.hpp"

#include "common/civil_date.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace mssql_upsert::sqlgen {

// PushValue fields in order: kind, boolean, integer, real, text, param_number, param_type.
PushValue PushValue::of_bool(bool v) { return {Kind::Bool, v, 0, 0, {}, 0, PushType::Integer}; }
PushValue PushValue::of_integer(int64_t v) { return {Kind::Integer, false, v, 0, {}, 0, PushType::Integer}; }
PushValue PushValue::of_decimal(std::string digits) {
  return {Kind::Decimal, false, 0, 0, std::move(digits), 0, PushType::Integer};
}
PushValue PushValue::of_float(double v) { return {Kind::Float, false, 0, v, {}, 0, PushType::Integer}; }
PushValue PushValue::of_text(std::string utf8) {
  return {Kind::Text, false, 0, 0, std::move(utf8), 0, PushType::Integer};
}
PushValue PushValue::of_date(int32_t days) { return {Kind::Date, false, days, 0, {}, 0, PushType::Integer}; }
PushValue PushValue::of_timestamp(int64_t micros) {
  return {Kind::Timestamp, false, micros, 0, {}, 0, PushType::Integer};
}
PushValue PushValue::param(int number, PushType type) {
  return {Kind::Param, false, 0, 0, {}, number, type};
}

namespace {
PushExpr leaf(PushExpr::Kind kind, int column, PushType type, std::vector<PushValue> values = {}) {
  PushExpr expr;
  expr.kind = kind;
  expr.column = column;
  expr.type = type;
  expr.values = std::move(values);
  return expr;
}
} // namespace

PushExpr PushExpr::compare(int column, PushType type, CompareOp op, PushValue value) {
  PushExpr expr = leaf(Kind::Compare, column, type, {std::move(value)});
  expr.op = op;
  return expr;
}
PushExpr PushExpr::in(int column, PushType type, std::vector<PushValue> values) {
  return leaf(Kind::In, column, type, std::move(values));
}
PushExpr PushExpr::is_null(int column, PushType type, bool negated) {
  return leaf(negated ? Kind::IsNotNull : Kind::IsNull, column, type);
}
PushExpr PushExpr::like(int column, PushValue pattern) {
  return leaf(Kind::Like, column, PushType::Text, {std::move(pattern)});
}
PushExpr PushExpr::bool_column(int column) {
  return leaf(Kind::BoolColumn, column, PushType::Bool);
}
PushExpr PushExpr::boolean(Kind kind, std::vector<PushExpr> args) {
  PushExpr expr;
  expr.kind = kind;
  expr.args = std::move(args);
  return expr;
}

namespace {

constexpr int64_t kMicrosPerSecond = 1'000'000;
constexpr int64_t kSecondsPerDay = 86'400;
// SQL Server's decimal literals carry at most 38 digits.
constexpr std::size_t kMaxDecimalDigits = 38;
// Timestamp prefilters are widened by this much, which covers datetime's
// 1/300 s ticks and smalldatetime's minutes however SQL Server rounds the literal.
constexpr int64_t kTimestampSlackSeconds = 61;

constexpr int64_t kDaysFrom1970To2000 = 10957;

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

bool is_param(const PushValue &value) { return value.kind == PushValue::Kind::Param; }

// A constant SQL Server can read exactly as PostgreSQL holds it.
bool constant_writable(const PushValue &value, PushType type) {
  switch (value.kind) {
  case PushValue::Kind::Null:
    return false;
  case PushValue::Kind::Param:
    return true;
  case PushValue::Kind::Float:
    return std::isfinite(value.real) &&
           tsql_float_digits(value.real).find('e') == std::string::npos;
  case PushValue::Kind::Decimal: {
    std::size_t digits = std::count_if(value.text.begin(), value.text.end(),
                                       [](char c) { return c >= '0' && c <= '9'; });
    return digits > 0 && digits <= kMaxDecimalDigits &&
           value.text.find_first_not_of("-.0123456789") == std::string::npos;
  }
  case PushValue::Kind::Date: {
    const CivilDate date = civil_from_days_since_1970(value.integer + kDaysFrom1970To2000);
    return date.year >= 1 && date.year <= 9999;
  }
  case PushValue::Kind::Text:
    return value.text.find('\0') == std::string::npos;
  case PushValue::Kind::Bool:
    return type == PushType::Bool;
  case PushValue::Kind::Integer:
  case PushValue::Kind::Timestamp:
    return true;
  }
  return false;
}

Shippable weakest(Shippable a, Shippable b) { return std::min(a, b); }

Shippable classify_compare(PushType type, CompareOp op) {
  switch (type) {
  case PushType::Bool:
  case PushType::Uuid: // SQL Server orders uniqueidentifiers by its own byte groups
    return op == CompareOp::Eq || op == CompareOp::Ne ? Shippable::Exact : Shippable::No;
  case PushType::Integer:
  case PushType::Decimal:
  case PushType::Float:
  case PushType::Date:
    return Shippable::Exact;
  case PushType::Text: // equal under PostgreSQL's rules implies equal under any SQL Server
                       // collation
    return op == CompareOp::Eq ? Shippable::Prefilter : Shippable::No;
  case PushType::Timestamp:
  case PushType::TimestampTz:
    return op == CompareOp::Ne ? Shippable::No : Shippable::Prefilter;
  }
  return Shippable::No;
}

// A comparison or LIKE with NULL is never true (the operators are strict). It
// is sent as a condition no row meets, which is PostgreSQL's answer wherever a
// NULL and a false condition filter alike: everywhere but under NOT, which
// takes exact conditions only, so it is classed a prefilter.
bool never_true(const PushExpr &expr) {
  return (expr.kind == PushExpr::Kind::Compare || expr.kind == PushExpr::Kind::Like) &&
         expr.values.size() == 1 && expr.values[0].kind == PushValue::Kind::Null;
}

constexpr const char *kNeverTrue = "1 = 0";

Shippable classify_values(Shippable by_kind, const std::vector<PushValue> &values, PushType type) {
  if (by_kind == Shippable::No || values.empty())
    return Shippable::No;
  for (const PushValue &value : values) {
    if (!constant_writable(value, type))
      return Shippable::No;
    if (is_param(value))
      by_kind = weakest(by_kind, Shippable::Prefilter);
  }
  return by_kind;
}

std::string format_timestamp_seconds(int64_t seconds_since_2000) {
  int64_t days = floor_div(seconds_since_2000, kSecondsPerDay);
  int64_t second_of_day = seconds_since_2000 - days * kSecondsPerDay;
  const CivilDate date = civil_from_days_since_1970(days + kDaysFrom1970To2000);
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%04lld-%02d-%02dT%02lld:%02lld:%02lld",
                static_cast<long long>(date.year), date.month, date.day,
                static_cast<long long>(second_of_day / 3600),
                static_cast<long long>(second_of_day / 60 % 60),
                static_cast<long long>(second_of_day % 60));
  return buffer;
}

std::string typed_timestamp(int64_t seconds_since_2000, PushType type) {
  return type == PushType::TimestampTz
             ? "CAST(" + quote_tsql_string(format_timestamp_seconds(seconds_since_2000) + "+00:00") +
                   " AS datetimeoffset)"
             : "CAST(" + quote_tsql_string(format_timestamp_seconds(seconds_since_2000)) +
                   " AS datetime2)";
}

// A widened timestamp bound within datetime2's range (years 1..9999), or
// nullopt: no remote value lies beyond it, so leaving it out loses no row.
std::optional<std::string> timestamp_bound(int64_t micros, bool upper, PushType type) {
  const int64_t seconds = tsql_prefilter_bound_seconds(micros, upper);
  if (!tsql_timestamp_text(seconds))
    return std::nullopt;
  return typed_timestamp(seconds, type);
}

// The placeholder of a runtime value: @p<param_number>, or with slots the next @pN.
std::string placeholder(const PushValue &value, ParamRole role, std::vector<ParamSlot> *slots) {
  if (slots == nullptr)
    return "@p" + std::to_string(value.param_number);
  slots->push_back({value.param_number, role, value.param_type});
  return "@p" + std::to_string(slots->size());
}

std::optional<std::string> render_value(const PushValue &value, PushType type,
                                        std::vector<ParamSlot> *slots) {
  switch (value.kind) {
  case PushValue::Kind::Null:
    return std::nullopt;
  case PushValue::Kind::Param:
    return placeholder(value, ParamRole::Value, slots);
  case PushValue::Kind::Bool:
    return std::string(value.boolean ? "1" : "0");
  case PushValue::Kind::Integer:
    return std::to_string(value.integer);
  case PushValue::Kind::Decimal:
  case PushValue::Kind::Float:
  case PushValue::Kind::Text:
  case PushValue::Kind::Date:
    if (!constant_writable(value, type))
      return std::nullopt;
    if (value.kind == PushValue::Kind::Decimal)
      return value.text;
    if (value.kind == PushValue::Kind::Float)
      return tsql_float_digits(value.real);
    if (value.kind == PushValue::Kind::Date)
      return tsql_date_literal(static_cast<int32_t>(value.integer));
    return quote_tsql_string(value.text);
  case PushValue::Kind::Timestamp:
    return typed_timestamp(floor_div(value.integer, kMicrosPerSecond), type);
  }
  return std::nullopt;
}

const char *op_text(CompareOp op) {
  switch (op) {
  case CompareOp::Eq:
    return " = ";
  case CompareOp::Ne:
    return " <> ";
  case CompareOp::Lt:
    return " < ";
  case CompareOp::Le:
    return " <= ";
  case CompareOp::Gt:
    return " > ";
  case CompareOp::Ge:
    return " >= ";
  }
  return " = ";
}

std::optional<std::string> render_timestamp_compare(const std::string &column, PushType type,
                                                    CompareOp op, const PushValue &value,
                                                    std::vector<ParamSlot> *slots) {
  if (is_param(value) && slots == nullptr)
    return column + op_text(op) + *render_value(value, type, nullptr);
  if (is_param(value)) { // the bounds below, widened when the value is known
    auto bound = [&](ParamRole role) { return placeholder(value, role, slots); };
    switch (op) {
    case CompareOp::Gt:
    case CompareOp::Ge:
      return column + " >= " + bound(ParamRole::LowerBound);
    case CompareOp::Lt:
    case CompareOp::Le:
      return column + " <= " + bound(ParamRole::UpperBound);
    case CompareOp::Eq: {
      std::string lower = bound(ParamRole::LowerBound);
      return column + " >= " + lower + " AND " + column + " <= " + bound(ParamRole::UpperBound);
    }
    case CompareOp::Ne:
      return std::nullopt;
    }
  }
  if (value.kind != PushValue::Kind::Timestamp)
    return std::nullopt;
  // Non-strict bounds around the widened value: a superset of PostgreSQL's rows.
  std::optional<std::string> lower = timestamp_bound(value.integer, false, type);
  std::optional<std::string> upper = timestamp_bound(value.integer, true, type);
  switch (op) {
  case CompareOp::Gt:
  case CompareOp::Ge:
    return lower ? std::optional(column + " >= " + *lower) : std::nullopt;
  case CompareOp::Lt:
  case CompareOp::Le:
    return upper ? std::optional(column + " <= " + *upper) : std::nullopt;
  case CompareOp::Eq:
    if (!lower || !upper)
      return lower ? std::optional(column + " >= " + *lower)
                   : upper ? std::optional(column + " <= " + *upper) : std::nullopt;
    return column + " >= " + *lower + " AND " + column + " <= " + *upper;
  case CompareOp::Ne:
    break;
  }
  return std::nullopt;
}

std::optional<std::string> render_leaf(const PushExpr &expr, const std::string &column,
                                       std::vector<ParamSlot> *slots) {
  switch (expr.kind) {
  case PushExpr::Kind::Compare:
    if (expr.type == PushType::Timestamp || expr.type == PushType::TimestampTz)
      return render_timestamp_compare(column, expr.type, expr.op, expr.values[0], slots);
    if (auto value = render_value(expr.values[0], expr.type, slots))
      return column + op_text(expr.op) + *value;
    return std::nullopt;
  case PushExpr::Kind::In: {
    std::string list;
    for (const PushValue &value : expr.values) {
      std::optional<std::string> text = render_value(value, expr.type, slots);
      if (!text)
        return std::nullopt;
      list += (list.empty() ? "" : ", ") + *text;
    }
    return column + " IN (" + list + ")";
  }
  case PushExpr::Kind::IsNull:
    return column + " IS NULL";
  case PushExpr::Kind::IsNotNull:
    return column + " IS NOT NULL";
  case PushExpr::Kind::BoolColumn:
    return column + " = 1";
  case PushExpr::Kind::Like: {
    const PushValue &pattern = expr.values[0];
    if (is_param(pattern)) // the value is translated when known
      return column + " LIKE " + placeholder(pattern, ParamRole::LikePattern, slots);
    if (pattern.kind != PushValue::Kind::Text)
      return std::nullopt;
    std::optional<std::string> translated = tsql_like_prefilter(pattern.text);
    if (!translated)
      return std::nullopt;
    return column + " LIKE " + quote_tsql_string(*translated) + "";
  }
  default:
    return std::nullopt;
  }
}

std::optional<std::string> render_condition(const PushExpr &expr,
                                            const std::vector<std::string> &remote_columns,
                                            std::vector<ParamSlot> *slots);

} // namespace

Shippable classify_pushdown(const PushExpr &expr) {
  if (never_true(expr))
    return expr.kind == PushExpr::Kind::Like ||
                   classify_compare(expr.type, expr.op) != Shippable::No
               ? Shippable::Prefilter
               : Shippable::No;
  switch (expr.kind) {
  case PushExpr::Kind::Compare:
    return classify_values(classify_compare(expr.type, expr.op), expr.values, expr.type);
  case PushExpr::Kind::In: {
    bool timestamps = expr.type == PushType::Timestamp || expr.type == PushType::TimestampTz;
    return timestamps ? Shippable::No
                      : classify_values(classify_compare(expr.type, CompareOp::Eq), expr.values,
                                        expr.type);
  }
  case PushExpr::Kind::IsNull:
  case PushExpr::Kind::IsNotNull:
  case PushExpr::Kind::BoolColumn:
    return Shippable::Exact;
  case PushExpr::Kind::Like:
    if (expr.values.size() != 1 || expr.type != PushType::Text)
      return Shippable::No;
    if (expr.values[0].kind == PushValue::Kind::Text && !tsql_like_prefilter(expr.values[0].text))
      return Shippable::No;
    return classify_values(Shippable::Prefilter, expr.values, PushType::Text);
  case PushExpr::Kind::And: {
    // Leaving out a condition of an AND only lets more rows through.
    Shippable result = Shippable::Exact;
    bool any = false;
    for (const PushExpr &arg : expr.args) {
      Shippable s = classify_pushdown(arg);
      any = any || s != Shippable::No;
      result = weakest(result, s == Shippable::No ? Shippable::Prefilter : s);
    }
    return any ? result : Shippable::No;
  }
  case PushExpr::Kind::Or: {
    Shippable result = expr.args.empty() ? Shippable::No : Shippable::Exact;
    for (const PushExpr &arg : expr.args)
      result = weakest(result, classify_pushdown(arg));
    return result;
  }
  case PushExpr::Kind::Not:
    // NOT of a superset is a subset: only exact conditions may be negated.
    return expr.args.size() == 1 && classify_pushdown(expr.args[0]) == Shippable::Exact
               ? Shippable::Exact
               : Shippable::No;
  }
  return Shippable::No;
}

std::optional<std::string> render_pushdown(const PushExpr &expr,
                                           const std::vector<std::string> &remote_columns,
                                           std::vector<ParamSlot> *slots) {
  const std::size_t slots_before = slots ? slots->size() : 0;
  std::optional<std::string> text = render_condition(expr, remote_columns, slots);
  if (!text && slots)
    slots->resize(slots_before);
  return text;
}

namespace {

std::optional<std::string> render_condition(const PushExpr &expr,
                                            const std::vector<std::string> &remote_columns,
                                            std::vector<ParamSlot> *slots) {
  if (classify_pushdown(expr) == Shippable::No)
    return std::nullopt;
  switch (expr.kind) {
  case PushExpr::Kind::And:
  case PushExpr::Kind::Or: {
    const bool is_and = expr.kind == PushExpr::Kind::And;
    std::vector<std::string> parts;
    for (const PushExpr &arg : expr.args) {
      std::optional<std::string> part = render_pushdown(arg, remote_columns, slots);
      if (!part && !is_and)
        return std::nullopt;
      if (part)
        parts.push_back(*part);
    }
    if (parts.empty())
      return std::nullopt;
    if (parts.size() == 1)
      return parts[0];
    std::string text = "(";
    for (std::size_t i = 0; i < parts.size(); ++i)
      text += (i ? (is_and ? ") AND (" : ") OR (") : "") + parts[i];
    return text + ")";
  }
  case PushExpr::Kind::Not: {
    std::optional<std::string> inner = render_pushdown(expr.args[0], remote_columns, slots);
    return inner ? std::optional("NOT (" + *inner + ")") : std::nullopt;
  }
  default:
    if (expr.column < 0 || static_cast<std::size_t>(expr.column) >= remote_columns.size())
      return std::nullopt;
    if (never_true(expr))
      return std::string(kNeverTrue);
    return render_leaf(expr,
                       quote_tsql_identifier(remote_columns[expr.column], "remote column name"),
                       slots);
  }
}

} // namespace

int64_t tsql_prefilter_bound_seconds(int64_t microseconds_since_2000, bool upper) {
  const int64_t seconds = floor_div(microseconds_since_2000, kMicrosPerSecond);
  return seconds + (upper ? kTimestampSlackSeconds + 1 : -kTimestampSlackSeconds);
}

std::optional<std::string> tsql_timestamp_text(int64_t seconds_since_2000) {
  const CivilDate date = civil_from_days_since_1970(floor_div(seconds_since_2000, kSecondsPerDay) +
                                                    kDaysFrom1970To2000);
  if (date.year < 1 || date.year > 9999)
    return std::nullopt;
  return format_timestamp_seconds(seconds_since_2000);
}

// 17 significant digits name the double exactly; %g writes them without an
// exponent for magnitudes 1e-4 .. 1e17 (only those are written as literals:
// SQL Server converts such a decimal literal to float to compare it with a
// float column; a parameter carries any finite value).
std::string tsql_float_digits(double v) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.17g", v);
  return buffer;
}

std::optional<std::string> tsql_like_prefilter(const std::string &pg_pattern) {
  std::string out;
  bool last_wildcard = false;
  // Where the pattern ends without its trailing literal spaces, and whether a
  // wildcard ends it there.
  std::size_t kept = 0;
  bool kept_ends_in_wildcard = false;
  for (std::size_t i = 0; i < pg_pattern.size(); ++i) {
    char c = pg_pattern[i];
    bool literal = false;
    if (c == '\\') {
      if (++i == pg_pattern.size())
        return std::nullopt;
      c = pg_pattern[i];
      literal = true;
    }
    if (!literal && (c == '%' || c == '_')) {
      if (!last_wildcard)
        out += '%';
      last_wildcard = kept_ends_in_wildcard = true;
      kept = out.size();
      continue;
    }
    // T-SQL escapes these with brackets or ESCAPE, which not every server
    // that speaks T-SQL reads alike: such patterns stay with PostgreSQL.
    if (c == '%' || c == '_' || c == '[' || c == '\\')
      return std::nullopt;
    last_wildcard = false;
    out += c;
    if (c != ' ') {
      kept = out.size();
      kept_ends_in_wildcard = false;
    }
  }
  // SQL Server ignores the value's trailing spaces, so a pattern's own trailing
  // spaces would make it miss rows PostgreSQL matches.
  if (kept != out.size()) {
    out.erase(kept);
    if (!kept_ends_in_wildcard)
      out += '%';
  }
  return out;
}

std::string tsql_date_literal(int32_t days_since_2000) {
  const CivilDate date =
      civil_from_days_since_1970(static_cast<int64_t>(days_since_2000) + kDaysFrom1970To2000);
  char buffer[24];
  std::snprintf(buffer, sizeof buffer, "%04lld%02d%02d", static_cast<long long>(date.year),
                date.month, date.day);
  return quote_tsql_string(buffer);
}

std::string tsql_timestamp_literal(int64_t microseconds_since_2000) {
  return typed_timestamp(floor_div(microseconds_since_2000, kMicrosPerSecond), PushType::Timestamp);
}

std::string tsql_timestamptz_literal(int64_t microseconds_since_2000) {
  return typed_timestamp(floor_div(microseconds_since_2000, kMicrosPerSecond), PushType::TimestampTz);
}

} // namespace mssql_upsert::sqlgen
