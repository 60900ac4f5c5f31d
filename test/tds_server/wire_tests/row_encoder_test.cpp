#include "wire/row_encoder.hpp"

#include <gtest/gtest.h>

using namespace tds;

namespace {

// Big-endian bytes as PostgreSQL's binary send format has them.
Bytes be(uint64_t v, int n) {
  Bytes out;
  for (int i = n - 1; i >= 0; --i)
    out.push_back(static_cast<uint8_t>(v >> (8 * i)));
  return out;
}

Bytes encode_one(const char *declared, const Bytes &pg_value, bool null = false) {
  std::vector<ColumnMeta> columns = {{"c", *parse_sql_type(declared)}};
  Bytes out;
  encode_row(out, columns, {PgValue{pg_value.data(), null ? -1 : static_cast<int32_t>(pg_value.size())}});
  return Bytes(out.begin() + 1, out.end()); // without the ROW token byte
}

} // namespace

TEST(RowEncoder, Integers) {
  EXPECT_EQ(encode_one("int", be(static_cast<uint32_t>(-2), 4)), (Bytes{4, 0xFE, 0xFF, 0xFF, 0xFF}));
  EXPECT_EQ(encode_one("tinyint", be(255, 2)), (Bytes{1, 0xFF}));
  EXPECT_EQ(encode_one("bit", be(1, 2)), (Bytes{1, 1}));
  EXPECT_EQ(encode_one("bigint", Bytes{}, true), (Bytes{0}));
}

TEST(RowEncoder, DecimalFromPostgresNumeric) {
  // 12345.6789 as numeric: ndigits 3, weight 1, sign +, dscale 4, digits 1 2345 6789
  Bytes numeric = {0, 3, 0, 1, 0, 0, 0, 4, 0, 1, 0x09, 0x29, 0x1A, 0x85};
  // decimal(10,4): length 9, sign 1 (positive), 123456789 little-endian in 8 bytes
  EXPECT_EQ(encode_one("decimal(10,4)", numeric), (Bytes{9, 1, 0x15, 0xCD, 0x5B, 0x07, 0, 0, 0, 0}));
  // -0.5 into decimal(3,1): ndigits 1, weight -1, sign 0x4000, dscale 1, digit 5000
  Bytes half = {0, 1, 0xFF, 0xFF, 0x40, 0, 0, 1, 0x13, 0x88};
  EXPECT_EQ(encode_one("decimal(3,1)", half), (Bytes{5, 0, 5, 0, 0, 0}));
  // money -1.5: int64 -15000 split into high and low int32
  Bytes money = {0, 2, 0, 0, 0x40, 0, 0, 1, 0, 1, 0x13, 0x88};
  EXPECT_EQ(encode_one("money", money), (Bytes{8, 0xFF, 0xFF, 0xFF, 0xFF, 0x68, 0xC5, 0xFF, 0xFF}));
}

TEST(RowEncoder, DatesAndTimes) {
  // date 2000-01-01 = day 730119 since 0001-01-01 = 0x0B2407
  EXPECT_EQ(encode_one("date", be(0, 4)), (Bytes{3, 0x07, 0x24, 0x0B}));
  // datetime 2000-01-01 00:00:01.000: days since 1900 = 36524, 300 ticks
  EXPECT_EQ(encode_one("datetime", be(1'000'000, 8)), (Bytes{8, 0xAC, 0x8E, 0, 0, 0x2C, 0x01, 0, 0}));
  // datetime2(7) 2000-01-01 00:00:00.000001: 10 units of 100 ns, then the date
  EXPECT_EQ(encode_one("datetime2(7)", be(1, 8)), (Bytes{8, 10, 0, 0, 0, 0, 0x07, 0x24, 0x0B}));
  // before 2000: 1999-12-31 23:59:59 = -1 s
  EXPECT_EQ(encode_one("datetime2(0)", be(static_cast<uint64_t>(-1'000'000), 8)),
            (Bytes{6, 0x7F, 0x51, 0x01, 0x06, 0x24, 0x0B}));
}

TEST(RowEncoder, UuidIsMixedEndian) {
  Bytes pg = {0x6F, 0x96, 0x19, 0xFF, 0x8B, 0x86, 0xD0, 0x11, 0xB4, 0x2D, 0x00, 0xC0, 0x4F, 0xC9, 0x64, 0xFF};
  EXPECT_EQ(encode_one("uniqueidentifier", pg),
            (Bytes{16, 0xFF, 0x19, 0x96, 0x6F, 0x86, 0x8B, 0x11, 0xD0, 0xB4, 0x2D, 0x00, 0xC0, 0x4F, 0xC9, 0x64, 0xFF}));
}

TEST(RowEncoder, StringsInTheirWireEncodings) {
  std::string emoji = "a\xF0\x9F\x98\x80"; // "a😀"
  Bytes utf8(emoji.begin(), emoji.end());
  EXPECT_EQ(encode_one("nvarchar(10)", utf8), (Bytes{6, 0, 'a', 0, 0x3D, 0xD8, 0x00, 0xDE}));
  std::string euro = "\xE2\x82\xAC\xC3\xA9"; // "€é" in CP1252 is 0x80 0xE9
  EXPECT_EQ(encode_one("varchar(10)", Bytes(euro.begin(), euro.end())), (Bytes{2, 0, 0x80, 0xE9}));
  EXPECT_EQ(encode_one("nvarchar(10)", Bytes{}, true), (Bytes{0xFF, 0xFF}));
  // (max): PLP total length, one chunk, terminator; NULL is eight 0xFF
  EXPECT_EQ(encode_one("varbinary(max)", Bytes{1, 2}), (Bytes{2, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 1, 2, 0, 0, 0, 0}));
  EXPECT_EQ(encode_one("nvarchar(max)", Bytes{}, true), Bytes(8, 0xFF));
}
