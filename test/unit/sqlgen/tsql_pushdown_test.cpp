#include "sqlgen/tsql_pushdown.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using namespace mssql_upsert::sqlgen;
using Kind = PushExpr::Kind;

namespace {

const std::vector<std::string> kColumns = {"Id", "Name]x", "Amount", "Placed", "Flag", "Day", "G"};

std::string rendered(const PushExpr &expr) {
  return render_pushdown(expr, kColumns).value_or("<none>");
}

PushExpr id_is(CompareOp op, int64_t v) {
  return PushExpr::compare(0, PushType::Integer, op, PushValue::of_integer(v));
}

PushExpr name_is(const std::string &v) {
  return PushExpr::compare(1, PushType::Text, CompareOp::Eq, PushValue::of_text(v));
}

// 2024-01-02 10:20:30.5 as microseconds since 2000-01-01
constexpr int64_t kPlaced = (8767LL * 86400 + 10 * 3600 + 20 * 60 + 30) * 1000000 + 500000;

} // namespace

TEST(TsqlPushdown, NumbersAreExactWithEveryOperator) {
  EXPECT_EQ(rendered(id_is(CompareOp::Eq, 5)), "[Id] = 5");
  EXPECT_EQ(rendered(id_is(CompareOp::Ne, -5)), "[Id] <> -5");
  EXPECT_EQ(rendered(id_is(CompareOp::Le, 0)), "[Id] <= 0");
  EXPECT_EQ(classify_pushdown(id_is(CompareOp::Gt, 1)), Shippable::Exact);
  PushExpr amount =
      PushExpr::compare(2, PushType::Decimal, CompareOp::Ge, PushValue::of_decimal("-12.50"));
  EXPECT_EQ(rendered(amount), "[Amount] >= -12.50");
  EXPECT_EQ(classify_pushdown(amount), Shippable::Exact);
  PushExpr real = PushExpr::compare(2, PushType::Float, CompareOp::Lt, PushValue::of_float(0.1));
  EXPECT_EQ(rendered(real), "[Amount] < 0.10000000000000001");
  EXPECT_EQ(
      rendered(PushExpr::compare(2, PushType::Float, CompareOp::Eq, PushValue::of_float(-2.5))),
      "[Amount] = -2.5");
}

TEST(TsqlPushdown, ValuesSqlServerCannotReadStayLocal) {
  // NaN, infinity, and magnitudes %g writes with an exponent
  for (double bad : {std::nan(""), std::numeric_limits<double>::infinity(), 1e-300, 1e20})
    EXPECT_EQ(classify_pushdown(
                  PushExpr::compare(2, PushType::Float, CompareOp::Eq, PushValue::of_float(bad))),
              Shippable::No);
  EXPECT_EQ(classify_pushdown(PushExpr::compare(2, PushType::Decimal, CompareOp::Eq,
                                                PushValue::of_decimal("NaN"))),
            Shippable::No);
  EXPECT_EQ(classify_pushdown(PushExpr::compare(2, PushType::Decimal, CompareOp::Eq,
                                                PushValue::of_decimal(std::string(39, '9')))),
            Shippable::No);
  // date 10000-01-01 (PostgreSQL has it, SQL Server does not)
  EXPECT_EQ(classify_pushdown(
                PushExpr::compare(5, PushType::Date, CompareOp::Eq, PushValue::of_date(2922000))),
            Shippable::No);
}

TEST(TsqlPushdown, TextEqualityIsAPrefilterOnly) {
  EXPECT_EQ(rendered(name_is("O'Brien")), "[Name]]x] = N'O''Brien'");
  EXPECT_EQ(classify_pushdown(name_is("x")), Shippable::Prefilter);
  // <, <>, and NOT (x = ...) depend on the collation: not shipped at all
  EXPECT_EQ(classify_pushdown(
                PushExpr::compare(1, PushType::Text, CompareOp::Lt, PushValue::of_text("m"))),
            Shippable::No);
  EXPECT_EQ(classify_pushdown(
                PushExpr::compare(1, PushType::Text, CompareOp::Ne, PushValue::of_text("m"))),
            Shippable::No);
  EXPECT_EQ(classify_pushdown(PushExpr::boolean(Kind::Not, {name_is("x")})), Shippable::No);
  PushExpr in =
      PushExpr::in(1, PushType::Text, {PushValue::of_text("a"), PushValue::of_text("Zoë")});
  EXPECT_EQ(rendered(in), "[Name]]x] IN (N'a', N'Zoë')");
  EXPECT_EQ(classify_pushdown(in), Shippable::Prefilter);
}

TEST(TsqlPushdown, InListsOfNumbersAreExact) {
  PushExpr in =
      PushExpr::in(0, PushType::Integer, {PushValue::of_integer(1), PushValue::of_integer(3)});
  EXPECT_EQ(rendered(in), "[Id] IN (1, 3)");
  EXPECT_EQ(classify_pushdown(in), Shippable::Exact);
  EXPECT_EQ(classify_pushdown(PushExpr::in(0, PushType::Integer, {})), Shippable::No);
}

TEST(TsqlPushdown, TimestampsAreWidenedPrefilters) {
  PushExpr after =
      PushExpr::compare(3, PushType::Timestamp, CompareOp::Gt, PushValue::of_timestamp(kPlaced));
  EXPECT_EQ(classify_pushdown(after), Shippable::Prefilter);
  EXPECT_EQ(rendered(after), "[Placed] >= CAST(N'2024-01-02T10:19:29' AS datetime2)");
  PushExpr before =
      PushExpr::compare(3, PushType::Timestamp, CompareOp::Lt, PushValue::of_timestamp(kPlaced));
  EXPECT_EQ(rendered(before), "[Placed] <= CAST(N'2024-01-02T10:21:32' AS datetime2)");
  PushExpr at =
      PushExpr::compare(3, PushType::TimestampTz, CompareOp::Eq, PushValue::of_timestamp(kPlaced));
  EXPECT_EQ(rendered(at), "[Placed] >= CAST(N'2024-01-02T10:19:29+00:00' AS datetimeoffset) AND "
                          "[Placed] <= CAST(N'2024-01-02T10:21:32+00:00' AS datetimeoffset)");
  EXPECT_EQ(classify_pushdown(PushExpr::compare(3, PushType::Timestamp, CompareOp::Ne,
                                                PushValue::of_timestamp(kPlaced))),
            Shippable::No);
  // before datetime2's range (year 1): cannot be written, so the caller keeps it local
  PushExpr ancient = PushExpr::compare(3, PushType::Timestamp, CompareOp::Gt,
                                       PushValue::of_timestamp(-2000LL * 366 * 86400 * 1000000));
  EXPECT_EQ(rendered(ancient), "<none>");
}

// A widened bound may lie outside the remote column's range (smalldatetime
// holds 1900-01-01 .. 2079-06-06 23:59, datetime 1753 .. 9999): typed as
// datetime2, the comparison is made in datetime2 and SQL Server never has to
// convert the literal to the column's type (error 242). A bound beyond
// datetime2's range is dropped; the other one still goes.
TEST(TsqlPushdown, TimestampBoundsAreTypedAndKeptWithinDatetime2) {
  auto at = [](int64_t days_since_2000, int64_t second_of_day) {
    return (days_since_2000 * 86400 + second_of_day) * 1000000;
  };
  const int64_t smalldatetime_max = at(29011, 23 * 3600 + 59 * 60); // 2079-06-06 23:59
  const int64_t smalldatetime_min = at(-36524, 0);                  // 1900-01-01
  EXPECT_EQ(rendered(PushExpr::compare(3, PushType::Timestamp, CompareOp::Eq,
                                       PushValue::of_timestamp(smalldatetime_max))),
            "[Placed] >= CAST(N'2079-06-06T23:57:59' AS datetime2) AND [Placed] <= "
            "CAST(N'2079-06-07T00:00:02' AS datetime2)");
  EXPECT_EQ(rendered(PushExpr::compare(3, PushType::Timestamp, CompareOp::Ge,
                                       PushValue::of_timestamp(smalldatetime_min))),
            "[Placed] >= CAST(N'1899-12-31T23:58:59' AS datetime2)");
  const int64_t last_second = at(2921939, 86399); // 9999-12-31 23:59:59
  EXPECT_EQ(rendered(PushExpr::compare(3, PushType::Timestamp, CompareOp::Eq,
                                       PushValue::of_timestamp(last_second))),
            "[Placed] >= CAST(N'9999-12-31T23:58:58' AS datetime2)");
  EXPECT_EQ(rendered(PushExpr::compare(3, PushType::Timestamp, CompareOp::Le,
                                       PushValue::of_timestamp(last_second))),
            "<none>");
  const int64_t first_second = at(-730119, 30); // 0001-01-01 00:00:30
  EXPECT_EQ(rendered(PushExpr::compare(3, PushType::TimestampTz, CompareOp::Eq,
                                       PushValue::of_timestamp(first_second))),
            "[Placed] <= CAST(N'0001-01-01T00:01:32+00:00' AS datetimeoffset)");
}

TEST(TsqlPushdown, DatesUseTheUnambiguousFormat) {
  PushExpr day = PushExpr::compare(5, PushType::Date, CompareOp::Ge, PushValue::of_date(-1));
  EXPECT_EQ(rendered(day), "[Day] >= N'19991231'");
  EXPECT_EQ(classify_pushdown(day), Shippable::Exact);
  EXPECT_EQ(tsql_date_literal(8766), "N'20240101'");
  EXPECT_EQ(tsql_timestamp_literal(kPlaced), "CAST(N'2024-01-02T10:20:30' AS datetime2)");
  EXPECT_EQ(tsql_timestamp_literal(-1), "CAST(N'1999-12-31T23:59:59' AS datetime2)");
  EXPECT_EQ(tsql_timestamptz_literal(-1), "CAST(N'1999-12-31T23:59:59+00:00' AS datetimeoffset)");
}

TEST(TsqlPushdown, BooleansUuidsAndNullTests) {
  EXPECT_EQ(rendered(PushExpr::bool_column(4)), "[Flag] = 1");
  EXPECT_EQ(rendered(PushExpr::boolean(Kind::Not, {PushExpr::bool_column(4)})), "NOT ([Flag] = 1)");
  EXPECT_EQ(
      rendered(PushExpr::compare(4, PushType::Bool, CompareOp::Eq, PushValue::of_bool(false))),
      "[Flag] = 0");
  EXPECT_EQ(rendered(PushExpr::is_null(1, PushType::Text, false)), "[Name]]x] IS NULL");
  EXPECT_EQ(rendered(PushExpr::is_null(1, PushType::Text, true)), "[Name]]x] IS NOT NULL");
  PushExpr g = PushExpr::compare(6, PushType::Uuid, CompareOp::Eq,
                                 PushValue::of_text("6f9619ff-8b86-d011-b42d-00c04fc964ff"));
  EXPECT_EQ(rendered(g), "[G] = N'6f9619ff-8b86-d011-b42d-00c04fc964ff'");
  EXPECT_EQ(classify_pushdown(g), Shippable::Exact);
  // SQL Server orders uniqueidentifiers differently
  EXPECT_EQ(classify_pushdown(
                PushExpr::compare(6, PushType::Uuid, CompareOp::Lt,
                                  PushValue::of_text("6f9619ff-8b86-d011-b42d-00c04fc964ff"))),
            Shippable::No);
}

TEST(TsqlPushdown, AndKeepsWhatItCanOrNeedsEverything) {
  PushExpr unshippable = PushExpr::boolean(Kind::Or, {});
  PushExpr both = PushExpr::boolean(Kind::And, {id_is(CompareOp::Gt, 1), unshippable});
  EXPECT_EQ(classify_pushdown(both), Shippable::Prefilter);
  EXPECT_EQ(rendered(both), "[Id] > 1");
  PushExpr either = PushExpr::boolean(Kind::Or, {id_is(CompareOp::Gt, 1), unshippable});
  EXPECT_EQ(classify_pushdown(either), Shippable::No);
  PushExpr exact = PushExpr::boolean(Kind::Or, {id_is(CompareOp::Lt, 1), id_is(CompareOp::Gt, 9)});
  EXPECT_EQ(rendered(exact), "([Id] < 1) OR ([Id] > 9)");
  EXPECT_EQ(classify_pushdown(exact), Shippable::Exact);
  PushExpr mixed = PushExpr::boolean(Kind::Or, {id_is(CompareOp::Lt, 1), name_is("a")});
  EXPECT_EQ(classify_pushdown(mixed), Shippable::Prefilter);
  EXPECT_EQ(classify_pushdown(PushExpr::boolean(Kind::Not, {exact})), Shippable::Exact);
  EXPECT_EQ(rendered(PushExpr::boolean(Kind::Not, {exact})), "NOT (([Id] < 1) OR ([Id] > 9))");
}

TEST(TsqlPushdown, ParamsMakePrefilters) {
  PushExpr param = PushExpr::compare(0, PushType::Integer, CompareOp::Eq, PushValue::param(1));
  EXPECT_EQ(classify_pushdown(param), Shippable::Prefilter);
  EXPECT_EQ(rendered(param), "[Id] = @p1");
  // a NaN parameter value cannot be written: the condition is dropped (checked locally)
  PushExpr nan = PushExpr::compare(2, PushType::Float, CompareOp::Eq, PushValue::of_float(NAN));
  PushExpr anded = PushExpr::boolean(Kind::And, {nan, id_is(CompareOp::Gt, 1)});
  EXPECT_EQ(rendered(anded), "[Id] > 1");
}

TEST(TsqlPushdown, ANullValueMatchesNothing) {
  PushExpr null_id = PushExpr::compare(0, PushType::Integer, CompareOp::Eq, PushValue::null());
  EXPECT_EQ(classify_pushdown(null_id), Shippable::Prefilter);
  EXPECT_EQ(rendered(null_id), "1 = 0");
  EXPECT_EQ(rendered(PushExpr::compare(0, PushType::Integer, CompareOp::Ne, PushValue::null())),
            "1 = 0");
  PushExpr null_time = PushExpr::compare(3, PushType::Timestamp, CompareOp::Ge, PushValue::null());
  EXPECT_EQ(rendered(null_time), "1 = 0");
  EXPECT_EQ(rendered(PushExpr::like(1, PushValue::null())), "1 = 0");
  EXPECT_EQ(rendered(PushExpr::boolean(Kind::And, {null_id, id_is(CompareOp::Gt, 1)})),
            "(1 = 0) AND ([Id] > 1)");
  EXPECT_EQ(rendered(PushExpr::boolean(Kind::Or, {null_id, id_is(CompareOp::Gt, 1)})),
            "(1 = 0) OR ([Id] > 1)");
  // NOT (x = NULL) is NULL, not true: never sent
  EXPECT_EQ(classify_pushdown(PushExpr::boolean(Kind::Not, {null_id})), Shippable::No);
  EXPECT_EQ(rendered(PushExpr::boolean(Kind::Not, {null_id})), "<none>");
  // operators never sent stay unsent with NULL too (text ordering)
  EXPECT_EQ(
      classify_pushdown(PushExpr::compare(1, PushType::Text, CompareOp::Lt, PushValue::null())),
      Shippable::No);
  // IN (1, NULL) can be true: not a never-true condition
  EXPECT_EQ(classify_pushdown(
                PushExpr::in(0, PushType::Integer, {PushValue::of_integer(1), PushValue::null()})),
            Shippable::No);
}

TEST(TsqlPushdown, LikePatternsBecomeSupersets) {
  EXPECT_EQ(tsql_like_prefilter("abc%"), "abc%");
  EXPECT_EQ(tsql_like_prefilter("a_c"), "a%c");
  EXPECT_EQ(tsql_like_prefilter("a]^b"), "a]^b");
  EXPECT_EQ(tsql_like_prefilter("a\\xb"), "axb");
  EXPECT_EQ(tsql_like_prefilter("abc  "), "abc%");
  EXPECT_EQ(tsql_like_prefilter("abc% "), "abc%");
  EXPECT_EQ(tsql_like_prefilter("a b"), "a b");
  EXPECT_EQ(tsql_like_prefilter("%%x_%"), "%x%");
  EXPECT_EQ(tsql_like_prefilter("Zoë 😀%"), "Zoë 😀%");
  // literal % _ [ and backslash: T-SQL escapes them differently, not sent
  for (const char *kept_local : {"[x]%", "100\\%", "a\\_b", "a\\\\b", "x\\"})
    EXPECT_EQ(tsql_like_prefilter(kept_local), std::nullopt) << kept_local;
  PushExpr like = PushExpr::like(1, PushValue::of_text("O'B%"));
  EXPECT_EQ(rendered(like), "[Name]]x] LIKE N'O''B%'");
  EXPECT_EQ(classify_pushdown(like), Shippable::Prefilter);
  EXPECT_EQ(rendered(PushExpr::like(1, PushValue::param(2))), "[Name]]x] LIKE @p2");
  EXPECT_EQ(classify_pushdown(PushExpr::like(1, PushValue::of_text("x\\"))), Shippable::No);
  EXPECT_EQ(classify_pushdown(PushExpr::boolean(Kind::Not, {like})), Shippable::No);
}

TEST(TsqlPushdown, UnknownColumnsRenderNothing) {
  EXPECT_EQ(
      rendered(PushExpr::compare(42, PushType::Integer, CompareOp::Eq, PushValue::of_integer(1))),
      "<none>");
}
