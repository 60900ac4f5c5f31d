#include "sqlgen/tsql_scan_params.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using namespace mssql_upsert::sqlgen;
using Kind = PushExpr::Kind;

namespace {

const std::vector<std::string> kColumns = {"Id", "Name]x", "Amount", "Placed", "Flag", "Day", "G", "At"};

// 2024-01-02 10:20:30.5 as microseconds since 2000-01-01
constexpr int64_t kPlaced = (8767LL * 86400 + 10 * 3600 + 20 * 60 + 30) * 1000000 + 500000;

std::string sent(const ParamSlot &slot, const PushValue &value) {
  return param_value_text(slot, value).value_or("<inline>");
}

} // namespace

TEST(TsqlScanParams, SlotsNumberPlaceholdersInWritingOrderAcrossConditions) {
  std::vector<ParamSlot> slots;
  PushExpr id = PushExpr::compare(0, PushType::Integer, CompareOp::Eq, PushValue::param(1, PushType::Integer));
  PushExpr placed = PushExpr::compare(3, PushType::Timestamp, CompareOp::Eq, PushValue::param(2, PushType::Timestamp));
  PushExpr name = PushExpr::like(1, PushValue::param(3, PushType::Text));
  EXPECT_EQ(render_pushdown(id, kColumns, &slots).value_or(""), "[Id] = @p1");
  EXPECT_EQ(render_pushdown(placed, kColumns, &slots).value_or(""), "[Placed] >= @p2 AND [Placed] <= @p3");
  EXPECT_EQ(render_pushdown(name, kColumns, &slots).value_or(""), "[Name]]x] LIKE @p4");
  const std::vector<ParamSlot> expected = {{1, ParamRole::Value, PushType::Integer},
                                           {2, ParamRole::LowerBound, PushType::Timestamp},
                                           {2, ParamRole::UpperBound, PushType::Timestamp},
                                           {3, ParamRole::LikePattern, PushType::Text}};
  EXPECT_EQ(slots, expected);
  EXPECT_EQ(param_declarations(slots), "@p1 bigint, @p2 datetime2(7), @p3 datetime2(7), @p4 nvarchar(4000)");
}

TEST(TsqlScanParams, OneSidedTimestampBoundsAndLeftOutConditionsLeaveNoSlot) {
  std::vector<ParamSlot> slots;
  PushExpr after = PushExpr::compare(7, PushType::TimestampTz, CompareOp::Gt, PushValue::param(1, PushType::TimestampTz));
  PushExpr before = PushExpr::compare(3, PushType::Timestamp, CompareOp::Le, PushValue::param(2, PushType::Timestamp));
  EXPECT_EQ(render_pushdown(after, kColumns, &slots).value_or(""), "[At] >= @p1");
  EXPECT_EQ(render_pushdown(before, kColumns, &slots).value_or(""), "[Placed] <= @p2");
  // An OR with an unshippable branch is left out whole: its placeholders go too.
  PushExpr unshippable = PushExpr::compare(1, PushType::Text, CompareOp::Lt, PushValue::param(3, PushType::Text));
  PushExpr either = PushExpr::boolean(Kind::Or, {PushExpr::compare(0, PushType::Integer, CompareOp::Eq,
                                                                   PushValue::param(4, PushType::Integer)),
                                                 unshippable});
  EXPECT_FALSE(render_pushdown(either, kColumns, &slots).has_value());
  ASSERT_EQ(slots.size(), 2u);
  EXPECT_EQ(slots[0].role, ParamRole::LowerBound);
  EXPECT_EQ(slots[1].role, ParamRole::UpperBound);
  EXPECT_EQ(param_declarations(slots), "@p1 datetimeoffset(7), @p2 datetime2(7)");
}

TEST(TsqlScanParams, DeclaredTypeFollowsTheValueNotTheColumn) {
  // An integer column compared with a numeric value: the value keeps its fraction.
  std::vector<ParamSlot> slots;
  PushExpr mixed = PushExpr::compare(0, PushType::Integer, CompareOp::Lt, PushValue::param(1, PushType::Decimal));
  EXPECT_EQ(render_pushdown(mixed, kColumns, &slots).value_or(""), "[Id] < @p1");
  EXPECT_EQ(param_declarations(slots), "@p1 decimal(38,10)");
  EXPECT_EQ(sent(slots[0], PushValue::of_decimal("1.5")), "1.5");
}

TEST(TsqlScanParams, ValuesAsTextSqlServerConvertsToTheDeclaredType) {
  const ParamSlot integer{1, ParamRole::Value, PushType::Integer};
  EXPECT_EQ(sent(integer, PushValue::of_integer(std::numeric_limits<int64_t>::min())), "-9223372036854775808");
  // NULL is written inline (1 = 0), so ANSI_NULLS cannot change what it finds.
  EXPECT_EQ(sent(integer, PushValue::null()), "<inline>");
  EXPECT_EQ(sent({1, ParamRole::Value, PushType::Bool}, PushValue::of_bool(true)), "1");
  EXPECT_EQ(sent({1, ParamRole::Value, PushType::Float}, PushValue::of_float(0.1)), "0.10000000000000001");
  EXPECT_EQ(sent({1, ParamRole::Value, PushType::Float}, PushValue::of_float(1e300)), "1.0000000000000001e+300");
  EXPECT_EQ(sent({1, ParamRole::Value, PushType::Text}, PushValue::of_text("Zoë 'x'")), "Zoë 'x'");
  EXPECT_EQ(sent({1, ParamRole::Value, PushType::Uuid}, PushValue::of_text("6f9619ff-8b86-d011-b42d-00c04fc964ff")),
            "6f9619ff-8b86-d011-b42d-00c04fc964ff");
  EXPECT_EQ(sent({1, ParamRole::Value, PushType::Date}, PushValue::of_date(8767)), "2024-01-02");
}

TEST(TsqlScanParams, DecimalsExactlyInDecimal38Scale10) {
  const ParamSlot slot{1, ParamRole::Value, PushType::Decimal};
  EXPECT_EQ(sent(slot, PushValue::of_decimal("-0012.3400")), "-12.34");
  EXPECT_EQ(sent(slot, PushValue::of_decimal("0.0000000001")), "0.0000000001");
  EXPECT_EQ(sent(slot, PushValue::of_decimal("-0.000")), "0");
  EXPECT_EQ(sent(slot, PushValue::of_decimal("1234567890123456789012345678")), "1234567890123456789012345678");
  EXPECT_EQ(sent(slot, PushValue::of_decimal("12345678901234567890123456789")), "<inline>"); // 29 digits
  EXPECT_EQ(sent(slot, PushValue::of_decimal("0.00000000001")), "<inline>");                  // scale 11
  EXPECT_EQ(sent(slot, PushValue::of_decimal("NaN")), "<inline>");
}

TEST(TsqlScanParams, ValuesTheDeclaredTypeCannotHoldAreWrittenInline) {
  EXPECT_EQ(sent({1, ParamRole::Value, PushType::Float}, PushValue::of_float(NAN)), "<inline>");
  EXPECT_EQ(sent({1, ParamRole::Value, PushType::Float}, PushValue::of_float(INFINITY)), "<inline>");
  EXPECT_EQ(sent({1, ParamRole::Value, PushType::Text}, PushValue::of_text(std::string("a\0b", 3))), "<inline>");
  EXPECT_EQ(sent({1, ParamRole::Value, PushType::Text}, PushValue::of_text(std::string(4000, 'x'))), std::string(4000, 'x'));
  EXPECT_EQ(sent({1, ParamRole::Value, PushType::Text}, PushValue::of_text(std::string(4001, 'x'))), "<inline>");
  // 2000 characters outside the BMP are 4000 UTF-16 units; one more is too many.
  std::string emoji;
  for (int i = 0; i < 2000; ++i)
    emoji += "\xF0\x9F\x98\x80";
  EXPECT_NE(sent({1, ParamRole::Value, PushType::Text}, PushValue::of_text(emoji)), "<inline>");
  EXPECT_EQ(sent({1, ParamRole::Value, PushType::Text}, PushValue::of_text(emoji + "x")), "<inline>");
  EXPECT_EQ(sent({1, ParamRole::Value, PushType::Date}, PushValue::of_date(-800000)), "<inline>"); // before year 1
}

TEST(TsqlScanParams, LikePatternsAreTranslatedOrMatchEverything) {
  const ParamSlot slot{1, ParamRole::LikePattern, PushType::Text};
  EXPECT_EQ(sent(slot, PushValue::of_text("ab_c%")), "ab%c%");
  EXPECT_EQ(sent(slot, PushValue::of_text("50\\%")), "%"); // a literal % has no T-SQL translation here
  EXPECT_EQ(sent(slot, PushValue::null()), "<inline>");
  EXPECT_EQ(sent(slot, PushValue::of_text("")), "%");
}

TEST(TsqlScanParams, AnEmptyStringIsWrittenInlineSinceDbLibSendsLengthZeroAsNull) {
  EXPECT_EQ(sent({1, ParamRole::Value, PushType::Text}, PushValue::of_text("")), "<inline>");
  EXPECT_EQ(sent({1, ParamRole::Value, PushType::Text}, PushValue::of_text("  ")), "  ");
}

TEST(TsqlScanParams, TimestampBoundsAreWidenedAndClamped) {
  const ParamSlot lower{1, ParamRole::LowerBound, PushType::Timestamp};
  const ParamSlot upper{1, ParamRole::UpperBound, PushType::Timestamp};
  const ParamSlot upper_tz{1, ParamRole::UpperBound, PushType::TimestampTz};
  EXPECT_EQ(sent(lower, PushValue::of_timestamp(kPlaced)), "2024-01-02T10:19:29");
  EXPECT_EQ(sent(upper, PushValue::of_timestamp(kPlaced)), "2024-01-02T10:21:32");
  EXPECT_EQ(sent(upper_tz, PushValue::of_timestamp(kPlaced)), "2024-01-02T10:21:32+00:00");
  // infinity and values beyond datetime2's years: the widest bound, never an error
  EXPECT_EQ(sent(upper, PushValue::of_timestamp(std::numeric_limits<int64_t>::max())), "9999-12-31T23:59:59.9999999");
  EXPECT_EQ(sent(lower, PushValue::of_timestamp(std::numeric_limits<int64_t>::min())), "0001-01-01T00:00:00");
  EXPECT_EQ(sent(lower, PushValue::null()), "<inline>");
}
