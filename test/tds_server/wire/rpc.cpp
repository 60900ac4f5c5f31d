#include "wire/rpc.hpp"

#include "common/civil_date.hpp"

#include "wire/byte_reader.hpp"
#include "wire/packet.hpp"

#include <cstdio>
#include <cstring>

namespace tds {

namespace {

// Type ids of TYPE_INFO (MS-TDS 2.2.5.4).
enum : uint8_t {
  kNull = 0x1F, kInt1 = 0x30, kBit = 0x32, kInt2 = 0x34, kInt4 = 0x38, kDateTim4 = 0x3A, kFlt4 = 0x3B,
  kMoney = 0x3C, kDateTime = 0x3D, kFlt8 = 0x3E, kMoney4 = 0x7A, kInt8 = 0x7F, kGuid = 0x24, kIntN = 0x26,
  kDateN = 0x28, kTimeN = 0x29, kDateTime2N = 0x2A, kDateTimeOffsetN = 0x2B, kBitN = 0x68, kDecimalN = 0x6A,
  kNumericN = 0x6C, kFltN = 0x6D, kMoneyN = 0x6E, kDateTimN = 0x6F, kImage = 0x22, kText = 0x23, kNText = 0x63,
  kBigVarBinary = 0xA5, kBigVarChar = 0xA7, kBigBinary = 0xAD, kBigChar = 0xAF, kNVarChar = 0xE7, kNChar = 0xEF,
  kXml = 0xF1,
};

const char *well_known_procedure(uint16_t id) {
  static const char *names[] = {nullptr,       "sp_cursor",        "sp_cursoropen", "sp_cursorprepare",
                                "sp_cursorexecute", "sp_cursorprepexec", "sp_cursorunprepare", "sp_cursorfetch",
                                "sp_cursoroption", "sp_cursorclose", "sp_executesql", "sp_prepare",
                                "sp_execute",    "sp_prepexec",      "sp_prepexecrpc", "sp_unprepare"};
  return id < sizeof names / sizeof names[0] && names[id] ? names[id] : nullptr;
}

ColumnType sized(SqlType type, int32_t length = 0, uint8_t precision = 0, uint8_t scale = 0) {
  ColumnType t;
  t.type = type;
  t.length = length;
  t.precision = precision;
  t.scale = scale;
  return t;
}

// How a parameter's value is framed on the wire.
enum class Framing { Fixed, ByteLength, UShortLength, Plp, LongLength };

struct TypeInfo {
  ColumnType type;
  Framing framing = Framing::ByteLength;
  std::size_t fixed_size = 0;
  uint8_t id = 0;
};

TypeInfo read_type_info(PayloadReader &r) {
  TypeInfo info;
  info.id = r.u8();
  auto fixed = [&](SqlType type, std::size_t size) {
    info.type = sized(type);
    info.framing = Framing::Fixed;
    info.fixed_size = size;
  };
  switch (info.id) {
  case kInt1: fixed(SqlType::TinyInt, 1); break;
  case kBit: fixed(SqlType::Bit, 1); break;
  case kInt2: fixed(SqlType::SmallInt, 2); break;
  case kInt4: fixed(SqlType::Int, 4); break;
  case kInt8: fixed(SqlType::BigInt, 8); break;
  case kFlt4: fixed(SqlType::Real, 4); break;
  case kFlt8: fixed(SqlType::Float, 8); break;
  case kMoney: fixed(SqlType::Money, 8); break;
  case kMoney4: fixed(SqlType::SmallMoney, 4); break;
  case kDateTime: fixed(SqlType::DateTime, 8); break;
  case kDateTim4: fixed(SqlType::SmallDateTime, 4); break;
  case kNull: fixed(SqlType::Int, 0); break;
  case kIntN: {
    uint8_t n = r.u8();
    info.type = sized(n == 1 ? SqlType::TinyInt : n == 2 ? SqlType::SmallInt : n == 4 ? SqlType::Int : SqlType::BigInt);
    break;
  }
  case kBitN: r.u8(); info.type = sized(SqlType::Bit); break;
  case kFltN: info.type = sized(r.u8() == 4 ? SqlType::Real : SqlType::Float); break;
  case kMoneyN: info.type = sized(r.u8() == 4 ? SqlType::SmallMoney : SqlType::Money); break;
  case kDateTimN: info.type = sized(r.u8() == 4 ? SqlType::SmallDateTime : SqlType::DateTime); break;
  case kGuid: r.u8(); info.type = sized(SqlType::UniqueIdentifier); break;
  case kDecimalN:
  case kNumericN: {
    r.u8(); // length
    uint8_t precision = r.u8(), scale = r.u8();
    info.type = sized(info.id == kDecimalN ? SqlType::Decimal : SqlType::Numeric, 0, precision, scale);
    break;
  }
  case kDateN: info.type = sized(SqlType::Date); break;
  case kTimeN: info.type = sized(SqlType::Time, 0, 0, r.u8()); break;
  case kDateTime2N: info.type = sized(SqlType::DateTime2, 0, 0, r.u8()); break;
  case kDateTimeOffsetN: info.type = sized(SqlType::DateTimeOffset, 0, 0, r.u8()); break;
  case kBigVarBinary: case kBigVarChar: case kBigBinary: case kBigChar: case kNVarChar: case kNChar: {
    uint16_t max = r.u16();
    bool character = info.id == kBigVarChar || info.id == kBigChar || info.id == kNVarChar || info.id == kNChar;
    if (character)
      r.skip(5); // collation
    bool unicode = info.id == kNVarChar || info.id == kNChar;
    SqlType type = info.id == kBigVarBinary ? SqlType::VarBinary : info.id == kBigBinary ? SqlType::Binary
                   : info.id == kBigVarChar ? SqlType::VarChar : info.id == kBigChar ? SqlType::Char
                   : info.id == kNVarChar ? SqlType::NVarChar : SqlType::NChar;
    info.type = sized(type, max == 0xFFFF ? ColumnType::kMax : unicode ? max / 2 : max);
    info.framing = max == 0xFFFF ? Framing::Plp : Framing::UShortLength;
    break;
  }
  case kText: case kNText: case kImage:
    r.u32(); // max length
    if (info.id != kImage)
      r.skip(5); // collation
    info.type = sized(info.id == kText ? SqlType::Text : info.id == kNText ? SqlType::NText : SqlType::Image,
                      ColumnType::kMax);
    info.framing = Framing::LongLength;
    break;
  case kXml:
    if (r.u8() != 0)
      throw WireError("RPC parameter: XML with a schema collection is not supported");
    info.type = sized(SqlType::Xml, ColumnType::kMax);
    info.framing = Framing::Plp;
    break;
  default: {
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", info.id);
    throw WireError(std::string("RPC parameter of TDS type ") + hex + " is not supported by the TDS test server");
  }
  }
  return info;
}

// The value bytes of one parameter; false for NULL.
bool read_value_bytes(PayloadReader &r, const TypeInfo &info, std::string &out) {
  switch (info.framing) {
  case Framing::Fixed:
    out = r.bytes(info.fixed_size);
    return info.id != kNull;
  case Framing::ByteLength: {
    uint8_t n = r.u8();
    out = r.bytes(n);
    return n != 0;
  }
  case Framing::UShortLength: {
    uint16_t n = r.u16();
    if (n == 0xFFFF)
      return false;
    out = r.bytes(n);
    return true;
  }
  case Framing::LongLength: {
    uint32_t n = r.u32();
    if (n == 0xFFFFFFFF)
      return false;
    out = r.bytes(n);
    return true;
  }
  case Framing::Plp: {
    uint64_t total = r.uint(8);
    if (total == ~uint64_t{0})
      return false;
    out.clear();
    while (uint32_t chunk = r.u32())
      out += r.bytes(chunk);
    return true;
  }
  }
  return false;
}

int64_t signed_le(const std::string &b) {
  uint64_t v = 0;
  for (std::size_t i = 0; i < b.size(); ++i)
    v |= static_cast<uint64_t>(static_cast<uint8_t>(b[i])) << (8 * i);
  if (b.size() < 8 && (v >> (8 * b.size() - 1)) & 1)
    v |= ~uint64_t{0} << (8 * b.size());
  return static_cast<int64_t>(v);
}

uint64_t unsigned_le(const std::string &b, std::size_t from, std::size_t n) {
  uint64_t v = 0;
  for (std::size_t i = 0; i < n; ++i)
    v |= static_cast<uint64_t>(static_cast<uint8_t>(b[from + i])) << (8 * i);
  return v;
}

// digits with a decimal point `scale` places from the right ("-1234", 2 -> "-12.34").
std::string with_scale(std::string digits, int scale, bool negative) {
  if (scale > 0) {
    if (static_cast<int>(digits.size()) <= scale)
      digits.insert(0, scale + 1 - digits.size(), '0');
    digits.insert(digits.size() - scale, ".");
  }
  return (negative ? "-" : "") + digits;
}

std::string decimal_text(const std::string &b, int scale) {
  if (b.empty() || b.size() > 17)
    throw WireError("RPC parameter: malformed decimal value");
  unsigned __int128 magnitude = 0;
  for (std::size_t i = b.size() - 1; i >= 1; --i)
    magnitude = (magnitude << 8) | static_cast<uint8_t>(b[i]);
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(magnitude % 10)));
    magnitude /= 10;
  } while (magnitude != 0);
  return with_scale(digits, scale, b[0] == 0 && digits != "0");
}

std::string two(int64_t v, int width = 2) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%0*lld", width, static_cast<long long>(v));
  return buf;
}

constexpr int64_t kDaysFrom0001To1970 = 719162;

// Proleptic Gregorian date of a day count from 0001-01-01 (the extension's civil_date).
std::string date_text(int64_t days) {
  const mssql_upsert::CivilDate date = mssql_upsert::civil_from_days_since_1970(days - kDaysFrom0001To1970);
  return two(date.year, 4) + "-" + two(date.month) + "-" + two(date.day);
}

constexpr int64_t kDaysTo1900 = 693595; // 0001-01-01 .. 1900-01-01

// Time of day from units of 10^-scale seconds, with `scale` fractional digits.
std::string time_text(uint64_t units, int scale) {
  uint64_t per_second = 1;
  for (int i = 0; i < scale; ++i)
    per_second *= 10;
  uint64_t seconds = units / per_second;
  std::string text = two(seconds / 3600) + ":" + two(seconds / 60 % 60) + ":" + two(seconds % 60);
  if (scale > 0)
    text += "." + two(static_cast<int64_t>(units % per_second), scale);
  return text;
}

std::size_t time_bytes(int scale) { return scale <= 2 ? 3 : scale <= 4 ? 4 : 5; }

std::string value_text(const TypeInfo &info, const std::string &b) {
  const ColumnType &t = info.type;
  char buf[64];
  switch (t.type) {
  case SqlType::Bit:
    return b.at(0) ? "1" : "0";
  case SqlType::TinyInt:
    return std::to_string(static_cast<uint8_t>(b.at(0)));
  case SqlType::SmallInt:
  case SqlType::Int:
  case SqlType::BigInt:
    return std::to_string(signed_le(b));
  case SqlType::Real: {
    float f;
    uint32_t bits = static_cast<uint32_t>(unsigned_le(b, 0, 4));
    std::memcpy(&f, &bits, 4);
    std::snprintf(buf, sizeof buf, "%.9g", f);
    return buf;
  }
  case SqlType::Float: {
    double d;
    uint64_t bits = unsigned_le(b, 0, 8);
    std::memcpy(&d, &bits, 8);
    std::snprintf(buf, sizeof buf, "%.17g", d);
    return buf;
  }
  case SqlType::Money:
  case SqlType::SmallMoney: {
    int64_t v = b.size() == 8 ? static_cast<int64_t>((unsigned_le(b, 0, 4) << 32) | unsigned_le(b, 4, 4))
                              : signed_le(b);
    uint64_t magnitude = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
    return with_scale(std::to_string(magnitude), 4, v < 0);
  }
  case SqlType::Decimal:
  case SqlType::Numeric:
    return decimal_text(b, t.scale);
  case SqlType::DateTime:
  case SqlType::SmallDateTime: {
    if (b.size() == 4) // smalldatetime: days since 1900, minutes
      return date_text(kDaysTo1900 + static_cast<int64_t>(unsigned_le(b, 0, 2))) + " " +
             time_text(unsigned_le(b, 2, 2) * 60, 0);
    int64_t days = signed_le(b.substr(0, 4));
    uint64_t ticks = unsigned_le(b, 4, 4); // 1/300 s
    uint64_t ms = (ticks * 10 + 1) / 3;
    return date_text(kDaysTo1900 + days) + " " + time_text(ms, 3);
  }
  case SqlType::Date:
    return date_text(static_cast<int64_t>(unsigned_le(b, 0, 3)));
  case SqlType::Time:
    return time_text(unsigned_le(b, 0, time_bytes(t.scale)), t.scale);
  case SqlType::DateTime2: {
    std::size_t n = time_bytes(t.scale);
    return date_text(static_cast<int64_t>(unsigned_le(b, n, 3))) + " " + time_text(unsigned_le(b, 0, n), t.scale);
  }
  case SqlType::DateTimeOffset: {
    std::size_t n = time_bytes(t.scale);
    uint64_t per_minute = 60;
    for (int i = 0; i < t.scale; ++i)
      per_minute *= 10;
    int64_t offset = signed_le(b.substr(n + 3, 2)); // minutes east of UTC
    // local = UTC + offset, carried across midnight
    int64_t units = static_cast<int64_t>(unsigned_le(b, 0, n)) + offset * static_cast<int64_t>(per_minute);
    int64_t days = static_cast<int64_t>(unsigned_le(b, n, 3));
    int64_t per_day = static_cast<int64_t>(per_minute) * 1440;
    if (units < 0)
      units += per_day, --days;
    else if (units >= per_day)
      units -= per_day, ++days;
    int64_t magnitude = offset < 0 ? -offset : offset;
    return date_text(days) + " " + time_text(static_cast<uint64_t>(units), t.scale) + " " + (offset < 0 ? "-" : "+") +
           two(magnitude / 60) + ":" + two(magnitude % 60);
  }
  case SqlType::UniqueIdentifier: {
    static const int order[16] = {3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15};
    std::string text;
    for (int i = 0; i < 16; ++i) {
      std::snprintf(buf, sizeof buf, "%02X", static_cast<uint8_t>(b.at(order[i])));
      text += buf;
      if (i == 3 || i == 5 || i == 7 || i == 9)
        text += '-';
    }
    return text;
  }
  case SqlType::NChar:
  case SqlType::NVarChar:
  case SqlType::NText:
  case SqlType::Xml: {
    std::string text;
    if (!utf16le_to_utf8(b, text))
      throw WireError("RPC parameter: an nvarchar value is not valid UTF-16");
    return text;
  }
  case SqlType::Char:
  case SqlType::VarChar:
  case SqlType::Text:
    return cp1252_to_utf8(b);
  case SqlType::Binary:
  case SqlType::VarBinary:
  case SqlType::Image:
    return b;
  }
  return b;
}

} // namespace

RpcRequest parse_rpc_request(const Bytes &payload) {
  PayloadReader r(payload, "RPC request");
  r.skip_all_headers();
  RpcRequest request;
  uint16_t name_length = r.u16();
  if (name_length == 0xFFFF) {
    uint16_t id = r.u16();
    const char *name = well_known_procedure(id);
    if (!name)
      throw WireError("RPC request names unknown procedure id " + std::to_string(id));
    request.procedure = name;
  } else {
    request.procedure = r.utf16(name_length);
  }
  request.option_flags = r.u16();
  while (!r.at_end()) {
    uint8_t next = payload[r.position()];
    if (next == 0x80 || next == 0xFF || next == 0xFE)
      throw WireError("batched RPC requests are not supported by the TDS test server");
    RpcParameter parameter;
    parameter.name = r.utf16(r.u8());
    uint8_t status = r.u8();
    parameter.by_reference = status & 0x01;
    TypeInfo info = read_type_info(r);
    parameter.type = info.type;
    std::string bytes;
    parameter.is_null = !read_value_bytes(r, info, bytes);
    if (!parameter.is_null)
      parameter.value = value_text(info, bytes);
    request.parameters.push_back(std::move(parameter));
  }
  return request;
}

} // namespace tds
