#include "remote/mssql_column_type.hpp"
#include "remote/mssql_text_encoding.hpp"
#include "remote/mssql_value_encoding.hpp"
#include "remote/pg_value_encoding.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <optional>

using namespace mssql_upsert::remote;

namespace {

BulkColumn column(const char *type, int max_length = 0, int precision = 0, int scale = 0) {
  return *describe_bulk_column("c", type, max_length, precision, scale);
}

SourceValue int_value(int64_t v) {
  SourceValue s;
  s.is_null = false, s.kind = SourceKind::Int, s.int_value = v;
  return s;
}
SourceValue text_value(std::string_view utf8, SourceKind kind = SourceKind::Text) {
  SourceValue s;
  s.is_null = false, s.kind = kind, s.bytes = utf8;
  return s;
}
SourceValue timestamp_value(int64_t micros_since_2000, SourceKind kind = SourceKind::Timestamp) {
  SourceValue s;
  s.is_null = false, s.kind = kind, s.microseconds = micros_since_2000;
  return s;
}
// numeric_send's format for digit groups (base 10000).
std::string numeric_binary(int weight, bool negative, int dscale, std::vector<int> groups) {
  std::string out;
  auto put = [&](int v) {
    out += static_cast<char>((v >> 8) & 0xFF);
    out += static_cast<char>(v & 0xFF);
  };
  put(static_cast<int>(groups.size()));
  put(weight);
  put(negative ? 0x4000 : 0);
  put(dscale);
  for (int g : groups)
    put(g);
  return out;
}
std::string encode(const BulkColumn &c, const SourceValue &v, BulkValue &out) { return encode_bulk_value(c, v, out); }

constexpr int64_t kDay = 86'400'000'000;

// The conversions' results as values, none when they refuse the text.
std::optional<std::string> utf16_of(std::string_view utf8) {
  std::string out;
  return utf8_to_utf16le(utf8, out) ? std::optional<std::string>(out) : std::nullopt;
}
std::optional<std::string> cp1252_of(std::string_view utf8, std::size_t *bad = nullptr) {
  std::string out;
  return utf8_to_cp1252(utf8, out, bad) ? std::optional<std::string>(out) : std::nullopt;
}

} // namespace

TEST(Utf16, BmpAndSurrogatePairs) {
  EXPECT_EQ(*utf16_of("A\xC3\xAB"), std::string("A\0\xEB\0", 4));
  // U+1F600 (grinning face) -> D83D DE00
  EXPECT_EQ(*utf16_of("\xF0\x9F\x98\x80"), std::string("\x3D\xD8\x00\xDE", 4));
  EXPECT_EQ(*utf16_of(""), "");
  EXPECT_EQ(*utf16_of(std::string("a\0b", 3)), std::string("a\0\0\0b\0", 6));
}

TEST(Utf16, InvalidUtf8IsRefused) {
  EXPECT_FALSE(utf16_of("\xC3"));         // truncated
  EXPECT_FALSE(utf16_of("\xC0\xAF"));     // overlong '/'
  EXPECT_FALSE(utf16_of("\xED\xA0\x80")); // a surrogate
  EXPECT_FALSE(utf16_of("\xF4\x90\x80\x80")); // > U+10FFFF
}

TEST(Cp1252, LatinAndTheWindowsRange) {
  EXPECT_EQ(*cp1252_of("caf\xC3\xA9 \xE2\x82\xAC \xC5\x93"), "caf\xE9 \x80 \x9C");
  std::size_t bad = 99;
  EXPECT_FALSE(cp1252_of("ab\xE6\xBC\xA2", &bad)); // a CJK character
  EXPECT_EQ(bad, 2u);
  EXPECT_FALSE(cp1252_of("\xC2\x81")); // U+0081: 0x81 is unassigned in 1252
}

TEST(TextInto, ReplacesTheContentsAndKeepsTheBuffer) {
  std::string out(200, 'x');
  const std::size_t capacity = out.capacity();
  ASSERT_TRUE(utf8_to_utf16le("ab", out));
  EXPECT_EQ(out, std::string("a\0b\0", 4));
  EXPECT_EQ(out.capacity(), capacity);
  ASSERT_TRUE(utf8_to_cp1252("caf\xC3\xA9", out));
  EXPECT_EQ(out, "caf\xE9");
  EXPECT_EQ(out.capacity(), capacity);
  std::size_t bad = 99;
  EXPECT_FALSE(utf8_to_cp1252("a\xE6\xBC\xA2", out, &bad));
  EXPECT_EQ(bad, 1u);
  EXPECT_FALSE(utf8_to_utf16le("\xC3", out));
}

// A reused value (the push keeps a chunk's values for the next chunk) ends up
// as a fresh one would.
TEST(BulkValueReuse, ANewValueReplacesTheOldOne) {
  BulkColumn text = column("nvarchar", 100);
  BulkValue out;
  ASSERT_EQ(encode(text, text_value("a longer text than the next one"), out), "");
  ASSERT_EQ(encode(text, text_value("ok"), out), "");
  EXPECT_EQ(out.bytes, std::string("o\0k\0", 4));
  SourceValue null_text;
  ASSERT_EQ(encode(text, null_text, out), "");
  EXPECT_TRUE(out.is_null);
}

TEST(ColumnType, CatalogRowsBecomeBulkColumns) {
  EXPECT_EQ(column("nvarchar", 100).max_length, 50);
  EXPECT_EQ(column("nvarchar", 100).type_name, "nvarchar(50)");
  EXPECT_EQ(column("NVARCHAR", -1).type_name, "nvarchar(max)");
  EXPECT_EQ(column("varchar", 20).shape, BulkShape::CodePageText);
  EXPECT_EQ(column("decimal", 9, 10, 2).type_name, "decimal(10,2)");
  EXPECT_EQ(column("datetime2", 8, 27, 7).type_name, "datetime2(7)");
  EXPECT_EQ(column("smallmoney", 4).int_bytes, 4);
  EXPECT_EQ(column("float", 8, 53).float_bytes, 8);
  EXPECT_EQ(column("real", 4, 24).float_bytes, 4);
  EXPECT_FALSE(describe_bulk_column("c", "sql_variant", 8016, 0, 0));
  EXPECT_FALSE(describe_bulk_column("c", "timestamp", 8, 0, 0));
  EXPECT_FALSE(describe_bulk_column("c", "geography", -1, 0, 0));
}

TEST(Encode, IntegersAreRangeChecked) {
  BulkValue out;
  EXPECT_EQ(encode(column("tinyint"), int_value(255), out), "");
  EXPECT_EQ(out.int_value, 255);
  EXPECT_EQ(encode(column("tinyint"), int_value(256), out), "value 256 is out of range for tinyint");
  EXPECT_EQ(encode(column("tinyint"), int_value(-1), out), "value -1 is out of range for tinyint");
  EXPECT_EQ(encode(column("smallint"), int_value(-32769), out), "value -32769 is out of range for smallint");
  EXPECT_EQ(encode(column("int"), int_value(INT32_MIN), out), "");
  EXPECT_EQ(encode(column("bigint"), int_value(INT64_MIN), out), "");
  EXPECT_EQ(out.int_value, INT64_MIN);
}

TEST(Encode, NullStaysNull) {
  BulkValue out;
  out.is_null = false;
  EXPECT_EQ(encode(column("int"), SourceValue{}, out), "");
  EXPECT_TRUE(out.is_null);
}

TEST(Encode, NumericRoundsToTheColumnScaleAndChecksPrecision) {
  BulkValue out;
  // 12345.678 -> groups 1|2345|6780, weight 1, dscale 3
  std::string n = numeric_binary(1, false, 3, {1, 2345, 6780});
  SourceValue v = text_value(n, SourceKind::Numeric);
  EXPECT_EQ(encode(column("decimal", 9, 10, 2), v, out), "");
  EXPECT_EQ(decimal_to_string(out.decimal), "12345.68");
  EXPECT_EQ(encode(column("decimal", 5, 6, 2), v, out), "value 12345.678 is out of range for decimal(6,2)");
  // -0.005 rounds away from zero to -0.01
  std::string half = numeric_binary(-1, true, 3, {50});
  EXPECT_EQ(encode(column("decimal", 5, 5, 2), text_value(half, SourceKind::Numeric), out), "");
  EXPECT_EQ(decimal_to_string(out.decimal), "-0.01");
  // an integer into decimal(38,10)
  EXPECT_EQ(encode(column("decimal", 17, 38, 10), int_value(-42), out), "");
  EXPECT_EQ(decimal_to_string(out.decimal), "-42.0000000000");
}

TEST(Encode, NumericSpecialValues) {
  std::string why;
  std::string nan = numeric_binary(0, false, 0, {});
  nan[4] = '\xC0';
  EXPECT_FALSE(decimal_from_pg_numeric_binary(nan, &why));
  EXPECT_EQ(why, "NaN");
  // 10^40: 1 followed by ten 0000 groups
  std::string big = numeric_binary(10, false, 0, {1});
  EXPECT_FALSE(decimal_from_pg_numeric_binary(big, &why));
  EXPECT_EQ(why, "a numeric of more than 38 digits");
  std::string max38 = numeric_binary(9, false, 0, {99, 9999, 9999, 9999, 9999, 9999, 9999, 9999, 9999, 9999});
  EXPECT_EQ(decimal_to_string(*decimal_from_pg_numeric_binary(max38, &why)), std::string(38, '9'));
  BulkValue out;
  EXPECT_EQ(encode(column("decimal", 17, 38, 0), text_value(nan, SourceKind::Numeric), out),
            "NaN cannot be stored in decimal(38,0)");
}

TEST(Encode, Money) {
  BulkValue out;
  std::string min_money = numeric_binary(3, true, 4, {922, 3372, 368, 5477, 5808});
  EXPECT_EQ(encode(column("money", 8), text_value(min_money, SourceKind::Numeric), out), "");
  EXPECT_EQ(out.int_value, INT64_MIN);
  EXPECT_EQ(encode(column("smallmoney", 4), int_value(214749), out),
            "value 214749 is out of range for smallmoney");
  EXPECT_EQ(encode(column("smallmoney", 4), int_value(-214748), out), "");
  EXPECT_EQ(out.int_value, -2147480000);
}

TEST(Encode, TextLengthsInTheColumnsUnits) {
  BulkValue out;
  // five characters, one outside the BMP: six UTF-16 units
  std::string s = "abcd\xF0\x9F\x98\x80";
  EXPECT_EQ(encode(column("nvarchar", 12), text_value(s), out), "");
  EXPECT_EQ(out.bytes.size(), 12u);
  EXPECT_EQ(encode(column("nvarchar", 10), text_value(s), out), "a string of 6 characters does not fit nvarchar(5)");
  EXPECT_EQ(encode(column("varchar", 4), text_value("caf\xC3\xA9"), out), "");
  EXPECT_EQ(out.bytes, "caf\xE9");
  EXPECT_EQ(encode(column("varchar", 3), text_value("caf\xC3\xA9"), out), "a string of 4 bytes does not fit varchar(3)");
  EXPECT_EQ(encode(column("varchar", 20), text_value("x\xF0\x9F\x98\x80"), out),
            "character 2 of the text has no code page 1252 byte (varchar(20) keeps only those; use nvarchar)");
  EXPECT_EQ(encode(column("varbinary", 2), text_value("abc", SourceKind::Binary), out),
            "a binary value of 3 bytes does not fit varbinary(2)");
  EXPECT_EQ(encode(column("varbinary", -1), text_value(std::string(9000, 'x'), SourceKind::Binary), out), "");
}

TEST(Encode, TimestampsSplitIntoDaysAndTime) {
  BulkValue out;
  // 2000-01-02 03:04:05.123456
  int64_t t = kDay + ((3 * 60 + 4) * 60 + 5) * 1'000'000LL + 123456;
  EXPECT_EQ(encode(column("datetime2", 8, 27, 7), timestamp_value(t), out), "");
  EXPECT_EQ(out.datetime.days_since_1900, 36525);
  EXPECT_EQ(out.datetime.time_100ns, 110451234560);
  // before 2000: 1999-12-31 23:59:59.999999
  EXPECT_EQ(encode(column("datetime2", 8, 27, 7), timestamp_value(-1), out), "");
  EXPECT_EQ(out.datetime.days_since_1900, 36523);
  EXPECT_EQ(out.datetime.time_100ns, 863999999990);
  EXPECT_EQ(encode(column("datetimeoffset", 10, 34, 7), timestamp_value(0, SourceKind::TimestampTz), out), "");
  EXPECT_EQ(out.datetime.offset_minutes, 0);
}

TEST(Encode, DatetimeTicksRoundAndCarry) {
  BulkValue out;
  // 00:00:00.005 = 1.5 ticks -> 2 (half up); 23:59:59.999 -> next day, tick 0
  EXPECT_EQ(encode(column("datetime"), timestamp_value(5000), out), "");
  EXPECT_EQ(out.legacy_time, 2);
  EXPECT_EQ(encode(column("datetime"), timestamp_value(kDay - 1000), out), "");
  EXPECT_EQ(out.legacy_days, 36525);
  EXPECT_EQ(out.legacy_time, 0);
}

TEST(Encode, DateLimitsPerType) {
  BulkValue out;
  // 1752-12-31 00:00:00: days since 2000 = -(36524 + 53691)
  int64_t before_1753 = -(36524LL + 53691) * kDay;
  EXPECT_EQ(encode(column("datetime"), timestamp_value(before_1753), out),
            "1752-12-31 00:00:00 is out of range for datetime (1753-01-01 to 9999-12-31 23:59:59.997)");
  EXPECT_EQ(encode(column("datetime2", 8, 27, 7), timestamp_value(before_1753), out), "");
  EXPECT_EQ(encode(column("smalldatetime"), timestamp_value(-kDay * 36525), out),
            "1899-12-31 00:00:00 is out of range for smalldatetime (1900-01-01 to 2079-06-06 23:59)");
  SourceValue infinity = timestamp_value(std::numeric_limits<int64_t>::max());
  EXPECT_EQ(encode(column("datetime2", 8, 27, 7), infinity, out), "infinity cannot be stored in datetime2(7)");
  SourceValue d;
  d.is_null = false, d.kind = SourceKind::Date, d.days = -730119; // 0001-01-01
  EXPECT_EQ(encode(column("date"), d, out), "");
  EXPECT_EQ(out.datetime.days_since_1900, -693595);
  d.days = -730120;
  EXPECT_EQ(encode(column("date"), d, out), "0000-12-31 is out of range for date (0001-01-01 to 9999-12-31)");
}

TEST(Encode, SmallDatetimeRoundsToTheMinute) {
  BulkValue out;
  EXPECT_EQ(encode(column("smalldatetime"), timestamp_value(29'998'000), out), "");
  EXPECT_EQ(out.legacy_time, 0);
  EXPECT_EQ(encode(column("smalldatetime"), timestamp_value(29'999'000), out), "");
  EXPECT_EQ(out.legacy_time, 1);
}

TEST(Encode, KindsThatDoNotFit) {
  EXPECT_TRUE(source_kind_fits(SourceKind::Int, BulkShape::Decimal));
  EXPECT_FALSE(source_kind_fits(SourceKind::Text, BulkShape::Int));
  EXPECT_FALSE(source_kind_fits(SourceKind::Timestamp, BulkShape::DateTimeOffset));
  EXPECT_TRUE(source_kind_fits(SourceKind::TimestampTz, BulkShape::DateTimeOffset));
  EXPECT_EQ(format_days_since_1900(0), "1900-01-01");
  EXPECT_EQ(format_days_since_1900(2958463), "9999-12-31");
  EXPECT_EQ(format_days_since_1900(-693595), "0001-01-01");
}
