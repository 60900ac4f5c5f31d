#include "wire/row_encoder.hpp"

#include "wire/packet.hpp"

#include <cstring>

namespace tds {

namespace {

using u128 = unsigned __int128;

int64_t be_int(const uint8_t *p, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i)
    v = (v << 8) | p[i];
  if (bytes < 8 && (p[0] & 0x80))
    v |= ~uint64_t(0) << (8 * bytes);
  return static_cast<int64_t>(v);
}

u128 pow10(int n) {
  u128 v = 1;
  while (n-- > 0)
    v *= 10;
  return v;
}

// PostgreSQL numeric binary -> sign and magnitude scaled by 10^scale.
void numeric_magnitude(const PgValue &v, int scale, bool &negative, u128 &magnitude) {
  if (v.length < 8)
    throw WireError("numeric value is truncated");
  int ndigits = static_cast<int>(be_int(v.data, 2));
  int weight = static_cast<int>(be_int(v.data + 2, 2));
  int sign = static_cast<int>(be_int(v.data + 4, 2)) & 0xFFFF;
  if (sign == 0xC000)
    throw WireError("NaN cannot be sent as a decimal");
  negative = sign == 0x4000;
  magnitude = 0;
  for (int i = 0; i < ndigits; ++i) {
    u128 digit = static_cast<uint16_t>(be_int(v.data + 8 + 2 * i, 2));
    int exponent = 4 * (weight - i) + scale;
    if (exponent >= 0)
      magnitude += digit * pow10(exponent);
    else
      magnitude += digit / pow10(-exponent);
  }
}

void put_le_bytes(Bytes &out, u128 value, int bytes) {
  for (int i = 0; i < bytes; ++i) {
    out.push_back(static_cast<uint8_t>(value & 0xFF));
    value >>= 8;
  }
}

constexpr int64_t kMicrosPerDay = 86'400'000'000;
constexpr int32_t kDays2000From0001 = 730119;
constexpr int32_t kDays2000From1900 = 36524;

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Time of day in units of 10^-scale seconds, in 3/4/5 bytes by scale.
void put_time(Bytes &out, int64_t micros_of_day, int scale) {
  u128 units = scale >= 6 ? u128(micros_of_day) * pow10(scale - 6)
                          : u128((micros_of_day + (pow10(6 - scale) / 2)) / pow10(6 - scale));
  put_le_bytes(out, units, scale <= 2 ? 3 : scale <= 4 ? 4 : 5);
}

void put_plp(Bytes &out, const uint8_t *data, std::size_t length) {
  put_u64(out, length);
  if (length > 0) {
    put_u32(out, static_cast<uint32_t>(length));
    put_bytes(out, data, length);
  }
  put_u32(out, 0);
}


void put_null(Bytes &out, const ColumnType &t) {
  if (is_plp(t)) {
    put_u64(out, ~uint64_t(0));
    return;
  }
  switch (t.type) {
  case SqlType::Char:
  case SqlType::VarChar:
  case SqlType::NChar:
  case SqlType::NVarChar:
  case SqlType::Binary:
  case SqlType::VarBinary:
    put_u16(out, 0xFFFF);
    return;
  default:
    put_u8(out, 0);
  }
}

void put_value(Bytes &out, const ColumnMeta &column, const PgValue &v) {
  const ColumnType &t = column.type;
  switch (t.type) {
  case SqlType::Bit:
    put_u8(out, 1), put_u8(out, be_int(v.data, 2) != 0 ? 1 : 0);
    return;
  case SqlType::TinyInt:
    put_u8(out, 1), put_u8(out, static_cast<uint8_t>(be_int(v.data, 2)));
    return;
  case SqlType::SmallInt:
    put_u8(out, 2), put_u16(out, static_cast<uint16_t>(be_int(v.data, 2)));
    return;
  case SqlType::Int:
    put_u8(out, 4), put_u32(out, static_cast<uint32_t>(be_int(v.data, 4)));
    return;
  case SqlType::BigInt:
    put_u8(out, 8), put_u64(out, static_cast<uint64_t>(be_int(v.data, 8)));
    return;
  case SqlType::Real: {
    put_u8(out, 4);
    uint32_t bits = static_cast<uint32_t>(be_int(v.data, 4));
    put_u32(out, bits);
    return;
  }
  case SqlType::Float:
    put_u8(out, 8), put_u64(out, static_cast<uint64_t>(be_int(v.data, 8)));
    return;
  case SqlType::Decimal:
  case SqlType::Numeric: {
    bool negative;
    u128 magnitude;
    numeric_magnitude(v, t.scale, negative, magnitude);
    int length = sys_max_length(t);
    put_u8(out, static_cast<uint8_t>(length));
    put_u8(out, negative ? 0 : 1);
    put_le_bytes(out, magnitude, length - 1);
    return;
  }
  case SqlType::Money:
  case SqlType::SmallMoney: {
    bool negative;
    u128 magnitude;
    numeric_magnitude(v, 4, negative, magnitude);
    int64_t units = negative ? -static_cast<int64_t>(magnitude) : static_cast<int64_t>(magnitude);
    if (t.type == SqlType::SmallMoney) {
      put_u8(out, 4), put_u32(out, static_cast<uint32_t>(units));
    } else {
      put_u8(out, 8);
      put_u32(out, static_cast<uint32_t>(static_cast<uint64_t>(units) >> 32));
      put_u32(out, static_cast<uint32_t>(units));
    }
    return;
  }
  case SqlType::Date: {
    int32_t days = static_cast<int32_t>(be_int(v.data, 4)) + kDays2000From0001;
    put_u8(out, 3), put_le_bytes(out, static_cast<u128>(days), 3);
    return;
  }
  case SqlType::Time: {
    put_u8(out, static_cast<uint8_t>(sys_max_length(t)));
    put_time(out, be_int(v.data, 8), t.scale);
    return;
  }
  case SqlType::DateTime:
  case SqlType::SmallDateTime:
  case SqlType::DateTime2:
  case SqlType::DateTimeOffset: {
    int64_t micros = be_int(v.data, 8);
    int64_t days = floor_div(micros, kMicrosPerDay);
    int64_t of_day = micros - days * kMicrosPerDay;
    if (t.type == SqlType::DateTime) {
      int64_t ticks = (of_day * 3 + 5000) / 10000; // 1/300 s
      if (ticks >= 25'920'000)
        ticks -= 25'920'000, ++days;
      put_u8(out, 8);
      put_u32(out, static_cast<uint32_t>(days + kDays2000From1900));
      put_u32(out, static_cast<uint32_t>(ticks));
    } else if (t.type == SqlType::SmallDateTime) {
      put_u8(out, 4);
      put_u16(out, static_cast<uint16_t>(days + kDays2000From1900));
      put_u16(out, static_cast<uint16_t>(of_day / 60'000'000));
    } else {
      int time_bytes = t.scale <= 2 ? 3 : t.scale <= 4 ? 4 : 5;
      bool offset = t.type == SqlType::DateTimeOffset;
      put_u8(out, static_cast<uint8_t>(time_bytes + 3 + (offset ? 2 : 0)));
      put_time(out, of_day, t.scale);
      put_le_bytes(out, static_cast<u128>(days + kDays2000From0001), 3);
      if (offset)
        put_u16(out, 0);
    }
    return;
  }
  case SqlType::UniqueIdentifier: {
    const uint8_t *p = v.data;
    const uint8_t mixed[16] = {p[3], p[2], p[1], p[0], p[5], p[4], p[7], p[6],
                               p[8], p[9], p[10], p[11], p[12], p[13], p[14], p[15]};
    put_u8(out, 16), put_bytes(out, mixed, 16);
    return;
  }
  case SqlType::Char:
  case SqlType::VarChar:
  case SqlType::Text:
  case SqlType::NChar:
  case SqlType::NVarChar:
  case SqlType::NText:
  case SqlType::Xml: {
    std::string_view utf8(reinterpret_cast<const char *>(v.data), static_cast<std::size_t>(v.length));
    bool wide = t.type == SqlType::NChar || t.type == SqlType::NVarChar || t.type == SqlType::NText ||
                t.type == SqlType::Xml;
    std::string bytes = wide ? utf8_to_utf16le(utf8) : utf8_to_cp1252(utf8);
    if (is_plp(t)) {
      put_plp(out, reinterpret_cast<const uint8_t *>(bytes.data()), bytes.size());
    } else {
      put_u16(out, static_cast<uint16_t>(bytes.size()));
      put_bytes(out, bytes.data(), bytes.size());
    }
    return;
  }
  case SqlType::Binary:
  case SqlType::VarBinary:
  case SqlType::Image:
    if (is_plp(t)) {
      put_plp(out, v.data, static_cast<std::size_t>(v.length));
    } else {
      put_u16(out, static_cast<uint16_t>(v.length));
      put_bytes(out, v.data, static_cast<std::size_t>(v.length));
    }
    return;
  }
}

} // namespace

void encode_row(Bytes &out, const std::vector<ColumnMeta> &columns, const std::vector<PgValue> &values) {
  put_u8(out, 0xD1);
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (values[i].length < 0)
      put_null(out, columns[i].type);
    else
      put_value(out, columns[i], values[i]);
  }
}

} // namespace tds
