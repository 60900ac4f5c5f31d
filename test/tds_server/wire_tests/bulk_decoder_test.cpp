#include "wire/bulk_decoder.hpp"

#include <gtest/gtest.h>

using namespace tds;

namespace {

// COLMETADATA entry: user type 0, flags nullable, type code and TYPE_INFO, name.
void column(Bytes &out, std::initializer_list<uint8_t> type_and_info, const char *name) {
  put_u32(out, 0);
  put_u16(out, 0x09);
  for (uint8_t b : type_and_info)
    out.push_back(b);
  put_b_varchar(out, name);
}

Bytes metadata(std::size_t count) {
  Bytes out = {0x81};
  put_u16(out, static_cast<uint16_t>(count));
  return out;
}

// Decodes one complete message; returns the COPY tuples.
Bytes decode(const Bytes &message, std::size_t *rows = nullptr) {
  BulkRowDecoder decoder;
  decoder.feed(message.data(), message.size());
  Bytes copy;
  std::size_t n = decoder.take_rows(copy);
  decoder.finish();
  if (rows)
    *rows = n;
  return copy;
}

// A COPY field: BE length then bytes.
Bytes field(std::initializer_list<uint8_t> bytes) {
  Bytes out = {0, 0, 0, static_cast<uint8_t>(bytes.size())};
  out.insert(out.end(), bytes);
  return out;
}

Bytes tuple(std::initializer_list<Bytes> fields) {
  Bytes out = {0, static_cast<uint8_t>(fields.size())};
  for (const Bytes &f : fields)
    out.insert(out.end(), f.begin(), f.end());
  return out;
}

const Bytes kNull = {0xFF, 0xFF, 0xFF, 0xFF};

int error_number(const Bytes &message) {
  try {
    decode(message);
  } catch (const BulkDataError &e) {
    return e.number;
  }
  return 0;
}

} // namespace

TEST(BulkDecoder, IntegersBitAndNullsAsFreeTdsSendsThem) {
  Bytes m = metadata(3);
  column(m, {0x26, 4}, "k");
  column(m, {0x68, 1}, "flag");
  column(m, {0x30}, "tiny"); // fixed type, no length prefix (NOT NULL tinyint echoed)
  m.insert(m.end(), {0xD1, 4, 0xFE, 0xFF, 0xFF, 0xFF, 1, 1, 200});
  m.insert(m.end(), {0xD1, 0, 0, 7});
  std::size_t rows = 0;
  Bytes copy = decode(m, &rows);
  EXPECT_EQ(rows, 2u);
  Bytes expected = tuple({field({0xFF, 0xFF, 0xFF, 0xFE}), field({0, 1}), field({0, 200})});
  Bytes second = tuple({kNull, kNull, field({0, 7})});
  expected.insert(expected.end(), second.begin(), second.end());
  EXPECT_EQ(copy, expected);
}

TEST(BulkDecoder, DecimalWithFreeTdsShortLengthAndMoney) {
  Bytes m = metadata(3);
  column(m, {0x6A, 6, 10, 2}, "amount"); // FreeTDS: length 6 for precision 10
  column(m, {0x6E, 8}, "m");
  column(m, {0x6A, 17, 38, 0}, "big");
  // -12345.67 = 1234567 scaled, sign 0 (negative); money -1.5 = -15000 units
  m.insert(m.end(), {0xD1, 6, 0, 0x87, 0xD6, 0x12, 0, 0, 8, 0xFF, 0xFF, 0xFF, 0xFF, 0x68, 0xC5, 0xFF, 0xFF});
  // 10^38 - 1 = 0x4B3B4CA85A86C47A098A223FFFFFFFFF
  m.insert(m.end(), {17, 1, 0xFF, 0xFF, 0xFF, 0xFF, 0x3F, 0x22, 0x8A, 0x09, 0x7A, 0xC4, 0x86, 0x5A, 0xA8, 0x4C, 0x3B, 0x4B});
  Bytes copy = decode(m);
  // numeric -12345.67: ndigits 3, weight 1, sign 0x4000, dscale 2, digits 1 2345 6700
  Bytes amount = {0, 0, 0, 14, 0, 3, 0, 1, 0x40, 0, 0, 2, 0, 1, 0x09, 0x29, 0x1A, 0x2C};
  // numeric -1.5: ndigits 2, weight 0, sign 0x4000, dscale 4, digits 1 5000
  Bytes money = {0, 0, 0, 12, 0, 2, 0, 0, 0x40, 0, 0, 4, 0, 1, 0x13, 0x88};
  // 99999999999999999999999999999999999999: 10 groups (first "99"), weight 9
  Bytes big = {0, 0, 0, 28, 0, 10, 0, 9, 0, 0, 0, 0, 0, 99};
  for (int i = 0; i < 9; ++i)
    big.insert(big.end(), {0x27, 0x0F});
  Bytes expected = {0, 3};
  for (const Bytes *f : {&amount, &money, &big})
    expected.insert(expected.end(), f->begin(), f->end());
  EXPECT_EQ(copy, expected);
}

TEST(BulkDecoder, ZeroDecimalIsPostgresZero) {
  Bytes m = metadata(1);
  column(m, {0x6A, 5, 9, 3}, "z");
  m.insert(m.end(), {0xD1, 5, 1, 0, 0, 0, 0});
  EXPECT_EQ(decode(m), tuple({Bytes{0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 3}}));
}

TEST(BulkDecoder, DatesAndTimesFreeTdsSendsAtScale7) {
  Bytes m = metadata(4);
  column(m, {0x28}, "d");
  column(m, {0x2A, 7}, "ts");
  column(m, {0x6F, 8}, "dt");
  column(m, {0x29, 7}, "t");
  m.push_back(0xD1);
  m.insert(m.end(), {3, 0x07, 0x24, 0x0B});                       // 2000-01-01
  m.insert(m.end(), {8, 10, 0, 0, 0, 0, 0x07, 0x24, 0x0B});        // 2000-01-01 00:00:00.000001
  m.insert(m.end(), {8, 0xAC, 0x8E, 0, 0, 0x2C, 0x01, 0, 0});      // 2000-01-01 00:00:01 (300 ticks)
  // 23:59:59.9999999 stays on the same day: 863999999999 units of 100 ns
  m.insert(m.end(), {5, 0xFF, 0x3F, 0x4E, 0x2B, 0xC9});
  Bytes expected = tuple({field({0, 0, 0, 0}), field({0, 0, 0, 0, 0, 0, 0, 1}),
                          field({0, 0, 0, 0, 0, 0x0F, 0x42, 0x40}),
                          field({0, 0, 0, 0x14, 0x1D, 0xD7, 0x5F, 0xFF})});
  EXPECT_EQ(decode(m), expected);
}

TEST(BulkDecoder, UuidFromMixedEndian) {
  Bytes m = metadata(1);
  column(m, {0x24, 16}, "g");
  m.insert(m.end(), {0xD1, 16, 0xFF, 0x19, 0x96, 0x6F, 0x86, 0x8B, 0x11, 0xD0, 0xB4, 0x2D, 0x00, 0xC0, 0x4F, 0xC9, 0x64, 0xFF});
  EXPECT_EQ(decode(m), tuple({field({0x6F, 0x96, 0x19, 0xFF, 0x8B, 0x86, 0xD0, 0x11, 0xB4, 0x2D, 0x00, 0xC0, 0x4F, 0xC9, 0x64, 0xFF})}));
}

TEST(BulkDecoder, StringsUtf16AndCp1252AndPlp) {
  Bytes m = metadata(3);
  column(m, {0xE7, 20, 0, 0x09, 0x04, 0xD0, 0x00, 0x34}, "n");
  column(m, {0xA7, 10, 0, 0x09, 0x04, 0xD0, 0x00, 0x34}, "v");
  column(m, {0xE7, 0xFF, 0xFF, 0x09, 0x04, 0xD0, 0x00, 0x34}, "note");
  m.insert(m.end(), {0xD1, 6, 0, 'a', 0, 0x3D, 0xD8, 0x00, 0xDE}); // "a😀"
  m.insert(m.end(), {2, 0, 0x80, 0xE9});                           // "€é" in CP1252
  // PLP as FreeTDS sends it: unknown total length, one chunk, terminator
  m.insert(m.end(), {0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 2, 0, 0, 0, 'x', 0, 0, 0, 0, 0});
  m.insert(m.end(), {0xD1, 0xFF, 0xFF, 0xFF, 0xFF});
  m.insert(m.end(), 8, 0xFF);
  Bytes copy = decode(m);
  Bytes expected = tuple({field({'a', 0xF0, 0x9F, 0x98, 0x80}), field({0xE2, 0x82, 0xAC, 0xC3, 0xA9}), field({'x'})});
  Bytes nulls = tuple({kNull, kNull, kNull});
  expected.insert(expected.end(), nulls.begin(), nulls.end());
  EXPECT_EQ(copy, expected);
}

TEST(BulkDecoder, TextNtextImageWithTextPointers) {
  Bytes m = metadata(2);
  // TEXT: LONG max, collation, USHORT-length table name "t"
  column(m, {0x23, 0xFF, 0xFF, 0xFF, 0x7F, 0x09, 0x04, 0xD0, 0x00, 0x34, 1, 0, 't', 0}, "tx");
  column(m, {0x22, 0xFF, 0xFF, 0xFF, 0x7F, 1, 0, 't', 0}, "im");
  m.insert(m.end(), {0xD1, 16});
  m.insert(m.end(), 24, 0xFF);
  m.insert(m.end(), {2, 0, 0, 0, 'h', 'i', 0});
  EXPECT_EQ(decode(m), tuple({field({'h', 'i'}), kNull}));
}

TEST(BulkDecoder, PytdsDoneEndsTheRows) {
  Bytes m = metadata(1);
  column(m, {0x26, 4}, "k");
  m.insert(m.end(), {0xD1, 4, 1, 0, 0, 0, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
  std::size_t rows = 0;
  decode(m, &rows);
  EXPECT_EQ(rows, 1u);
}

TEST(BulkDecoder, StreamsAcrossAnyPieceBoundary) {
  Bytes m = metadata(2);
  column(m, {0xE7, 0xFF, 0xFF, 0x09, 0x04, 0xD0, 0x00, 0x34}, "note");
  column(m, {0x26, 8}, "k");
  for (int r = 0; r < 3; ++r) {
    m.insert(m.end(), {0xD1, 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 4, 0, 0, 0, 'o', 0, 'k', 0, 0, 0, 0, 0});
    m.insert(m.end(), {8, static_cast<uint8_t>(r), 0, 0, 0, 0, 0, 0, 0});
  }
  Bytes whole = decode(m);
  BulkRowDecoder decoder;
  Bytes copy;
  std::size_t rows = 0;
  for (uint8_t byte : m) {
    decoder.feed(&byte, 1);
    rows += decoder.take_rows(copy);
  }
  decoder.finish();
  EXPECT_EQ(rows, 3u);
  EXPECT_EQ(copy, whole);
}

TEST(BulkDecoder, ErrorsCarrySqlServerNumbers) {
  Bytes odd = metadata(1);
  column(odd, {0xE7, 20, 0, 0x09, 0x04, 0xD0, 0x00, 0x34}, "n");
  odd.insert(odd.end(), {0xD1, 3, 0, 'a', 'b', 'c'}); // bcp_bind's UTF-8 bytes in an nvarchar column
  EXPECT_EQ(error_number(odd), 4815);

  Bytes too_long = metadata(1);
  column(too_long, {0xA7, 2, 0, 0x09, 0x04, 0xD0, 0x00, 0x34}, "v");
  too_long.insert(too_long.end(), {0xD1, 3, 0, 'a', 'b', 'c'});
  EXPECT_EQ(error_number(too_long), 4815);

  Bytes wrong_int = metadata(1);
  column(wrong_int, {0x26, 4}, "k");
  wrong_int.insert(wrong_int.end(), {0xD1, 2, 1, 0});
  EXPECT_EQ(error_number(wrong_int), 4815);

  Bytes unknown = metadata(1);
  column(unknown, {0xF1}, "x");
  EXPECT_EQ(error_number(unknown), 4816);

  Bytes cut = metadata(1);
  column(cut, {0x26, 4}, "k");
  cut.insert(cut.end(), {0xD1, 4, 1, 0});
  EXPECT_EQ(error_number(cut), 4804);
}

TEST(BulkDecoder, ValueTypesForPostgres) {
  EXPECT_EQ(bulk_value_pg_type(*parse_sql_type("bit")), "smallint");
  EXPECT_EQ(bulk_value_pg_type(*parse_sql_type("money")), "numeric");
  EXPECT_EQ(bulk_value_pg_type(*parse_sql_type("nchar(3)")), "text");
  EXPECT_EQ(bulk_value_pg_type(*parse_sql_type("datetime")), "timestamp");
}
