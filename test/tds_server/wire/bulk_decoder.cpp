#include "wire/bulk_decoder.hpp"

#include <cstring>

namespace tds {

namespace {

using u128 = unsigned __int128;

constexpr int64_t kMicrosPerDay = 86'400'000'000;
constexpr int32_t kDays2000From0001 = 730119;
constexpr int32_t kDays2000From1900 = 36524;

uint64_t le(const uint8_t *p, int bytes) {
  uint64_t v = 0;
  for (int i = bytes - 1; i >= 0; --i)
    v = (v << 8) | p[i];
  return v;
}

void put_be(Bytes &out, uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i)
    out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

void put_field(Bytes &out, const void *data, std::size_t size) {
  put_be(out, size, 4);
  put_bytes(out, data, size);
}

void put_null_field(Bytes &out) { put_be(out, 0xFFFFFFFFu, 4); }

void put_int_field(Bytes &out, int64_t v, int bytes) {
  put_be(out, static_cast<uint64_t>(bytes), 4);
  put_be(out, static_cast<uint64_t>(v), bytes);
}

std::string decimal_digits(u128 v) {
  if (v == 0)
    return "0";
  std::string s;
  while (v > 0) {
    s.insert(s.begin(), static_cast<char>('0' + static_cast<int>(v % 10)));
    v /= 10;
  }
  return s;
}

// PostgreSQL numeric binary of (negative ? -1 : 1) * magnitude / 10^scale.
void put_numeric_field(Bytes &out, bool negative, u128 magnitude, int scale) {
  std::string digits = decimal_digits(magnitude);
  if (digits.size() <= static_cast<std::size_t>(scale))
    digits.insert(0, scale + 1 - digits.size(), '0');
  std::size_t int_len = digits.size() - scale;
  std::string whole = std::string((4 - int_len % 4) % 4, '0') + digits.substr(0, int_len);
  std::string fraction = digits.substr(int_len) + std::string((4 - scale % 4) % 4, '0');
  std::vector<uint16_t> groups;
  for (const std::string *part : {&whole, &fraction})
    for (std::size_t i = 0; i < part->size(); i += 4)
      groups.push_back(static_cast<uint16_t>(std::stoi(part->substr(i, 4))));
  int weight = static_cast<int>(whole.size() / 4) - 1;
  std::size_t first = 0, last = groups.size();
  while (first < last && groups[first] == 0)
    ++first, --weight;
  while (last > first && groups[last - 1] == 0)
    --last;
  if (first == last)
    weight = 0, negative = false;
  std::size_t ndigits = last - first;
  put_be(out, 8 + 2 * ndigits, 4);
  put_be(out, ndigits, 2);
  put_be(out, static_cast<uint16_t>(static_cast<int16_t>(weight)), 2);
  put_be(out, negative ? 0x4000 : 0, 2);
  put_be(out, static_cast<uint64_t>(scale), 2);
  for (std::size_t i = first; i < last; ++i)
    put_be(out, groups[i], 2);
}

// Time of day in 10^-scale s units -> microseconds (SQL Server's 100 ns digit rounds).
int64_t time_micros(uint64_t units, int scale) {
  if (scale <= 6) {
    uint64_t factor = 1;
    for (int i = scale; i < 6; ++i)
      factor *= 10;
    return static_cast<int64_t>(units * factor);
  }
  int64_t micros = static_cast<int64_t>((units + 5) / 10);
  return micros >= kMicrosPerDay ? kMicrosPerDay - 1 : micros; // stay on the same day
}

[[noreturn]] void invalid_length(std::size_t column) {
  throw BulkDataError(4815, "Received an invalid column length from the bcp client for colid " +
                                std::to_string(column + 1) + ".");
}

bool is_fixed(uint8_t wire, int &size, ColumnType &type) {
  switch (wire) {
  case 0x30: size = 1, type.type = SqlType::TinyInt; return true;
  case 0x32: size = 1, type.type = SqlType::Bit; return true;
  case 0x34: size = 2, type.type = SqlType::SmallInt; return true;
  case 0x38: size = 4, type.type = SqlType::Int; return true;
  case 0x7F: size = 8, type.type = SqlType::BigInt; return true;
  case 0x3B: size = 4, type.type = SqlType::Real; return true;
  case 0x3E: size = 8, type.type = SqlType::Float; return true;
  case 0x3C: size = 8, type.type = SqlType::Money; return true;
  case 0x7A: size = 4, type.type = SqlType::SmallMoney; return true;
  case 0x3D: size = 8, type.type = SqlType::DateTime, type.scale = 3; return true;
  case 0x3A: size = 4, type.type = SqlType::SmallDateTime; return true;
  default: return false;
  }
}

// Reads from the pending bytes; every read checks that the bytes are there.
struct Cursor {
  const uint8_t *p;
  const uint8_t *end;
  bool has(std::size_t n) const { return static_cast<std::size_t>(end - p) >= n; }
};

// Writes one fixed-size value (the payload of a fixed or length-prefixed type).
void put_value(Bytes &out, const BulkColumn &column, std::size_t index, const uint8_t *v, std::size_t len) {
  const ColumnType &t = column.type;
  switch (t.type) {
  case SqlType::Bit:
    return put_int_field(out, v[0] != 0 ? 1 : 0, 2);
  case SqlType::TinyInt:
    return put_int_field(out, v[0], 2);
  case SqlType::SmallInt:
    return put_int_field(out, static_cast<int16_t>(le(v, 2)), 2);
  case SqlType::Int:
    return put_int_field(out, static_cast<int32_t>(le(v, 4)), 4);
  case SqlType::BigInt:
    return put_int_field(out, static_cast<int64_t>(le(v, 8)), 8);
  case SqlType::Real:
    return put_int_field(out, static_cast<int64_t>(le(v, 4)), 4);
  case SqlType::Float:
    return put_int_field(out, static_cast<int64_t>(le(v, 8)), 8);
  case SqlType::Money:
  case SqlType::SmallMoney: {
    int64_t units = len == 8 ? static_cast<int64_t>((le(v, 4) << 32) | le(v + 4, 4))
                             : static_cast<int32_t>(le(v, 4));
    bool negative = units < 0;
    u128 magnitude = negative ? u128(-(units + 1)) + 1 : u128(units);
    return put_numeric_field(out, negative, magnitude, 4);
  }
  case SqlType::Decimal:
  case SqlType::Numeric: {
    if (len < 2 || len > 17)
      invalid_length(index);
    u128 magnitude = 0;
    for (std::size_t i = len - 1; i >= 1; --i)
      magnitude = (magnitude << 8) | v[i];
    return put_numeric_field(out, v[0] == 0, magnitude, t.scale);
  }
  case SqlType::DateTime: {
    int64_t days = static_cast<int32_t>(le(v, 4)) - kDays2000From1900;
    int64_t ticks = static_cast<int64_t>(le(v + 4, 4));
    return put_int_field(out, days * kMicrosPerDay + (ticks * 10000 + 1) / 3, 8);
  }
  case SqlType::SmallDateTime: {
    int64_t days = static_cast<int64_t>(le(v, 2)) - kDays2000From1900;
    return put_int_field(out, days * kMicrosPerDay + static_cast<int64_t>(le(v + 2, 2)) * 60'000'000, 8);
  }
  case SqlType::Date:
    if (len != 3)
      invalid_length(index);
    return put_int_field(out, static_cast<int64_t>(le(v, 3)) - kDays2000From0001, 4);
  case SqlType::Time:
  case SqlType::DateTime2:
  case SqlType::DateTimeOffset: {
    std::size_t date_bytes = t.type == SqlType::Time ? 0 : 3;
    std::size_t offset_bytes = t.type == SqlType::DateTimeOffset ? 2 : 0;
    if (len < 3 + date_bytes + offset_bytes || len > 5 + date_bytes + offset_bytes)
      invalid_length(index);
    std::size_t time_bytes = len - date_bytes - offset_bytes;
    int64_t micros = time_micros(le(v, static_cast<int>(time_bytes)), t.scale);
    if (date_bytes)
      micros += (static_cast<int64_t>(le(v + time_bytes, 3)) - kDays2000From0001) * kMicrosPerDay;
    return put_int_field(out, micros, 8);
  }
  case SqlType::UniqueIdentifier: {
    if (len != 16)
      invalid_length(index);
    const uint8_t be[16] = {v[3], v[2], v[1], v[0], v[5], v[4], v[7], v[6],
                            v[8], v[9], v[10], v[11], v[12], v[13], v[14], v[15]};
    return put_field(out, be, 16);
  }
  case SqlType::Char:
  case SqlType::VarChar:
  case SqlType::Text: {
    std::string utf8 = cp1252_to_utf8(std::string_view(reinterpret_cast<const char *>(v), len));
    return put_field(out, utf8.data(), utf8.size());
  }
  case SqlType::NChar:
  case SqlType::NVarChar:
  case SqlType::NText:
  case SqlType::Xml: {
    std::string utf8;
    if (!utf16le_to_utf8(std::string_view(reinterpret_cast<const char *>(v), len), utf8))
      invalid_length(index); // odd byte count or a broken surrogate pair: not UTF-16
    return put_field(out, utf8.data(), utf8.size());
  }
  case SqlType::Binary:
  case SqlType::VarBinary:
  case SqlType::Image:
    return put_field(out, v, len);
  }
}

// One value of column `index` at the cursor; false if its bytes are not all there yet.
bool decode_value(Cursor &c, const BulkColumn &column, std::size_t index, Bytes &out, std::string &scratch) {
  int fixed_size = 0;
  ColumnType ignored;
  if (is_fixed(column.wire_type, fixed_size, ignored)) {
    if (!c.has(fixed_size))
      return false;
    put_value(out, column, index, c.p, fixed_size);
    c.p += fixed_size;
    return true;
  }
  switch (column.wire_type) {
  case 0xA7: case 0xAF: case 0xE7: case 0xEF: case 0xA5: case 0xAD: {
    if (column.max_bytes == 0xFFFF) { // PLP
      if (!c.has(8))
        return false;
      uint64_t total = le(c.p, 8);
      Cursor r{c.p + 8, c.end};
      if (total == ~uint64_t(0)) {
        put_null_field(out);
        c = r;
        return true;
      }
      scratch.clear();
      while (true) {
        if (!r.has(4))
          return false;
        uint32_t chunk = static_cast<uint32_t>(le(r.p, 4));
        r.p += 4;
        if (chunk == 0)
          break;
        if (!r.has(chunk))
          return false;
        scratch.append(reinterpret_cast<const char *>(r.p), chunk);
        r.p += chunk;
      }
      if (total != ~uint64_t(0) - 1 && total != scratch.size())
        invalid_length(index);
      put_value(out, column, index, reinterpret_cast<const uint8_t *>(scratch.data()), scratch.size());
      c = r;
      return true;
    }
    if (!c.has(2))
      return false;
    uint16_t len = static_cast<uint16_t>(le(c.p, 2));
    if (len == 0xFFFF) {
      put_null_field(out);
      c.p += 2;
      return true;
    }
    if (len > column.max_bytes)
      invalid_length(index);
    if (!c.has(2u + len))
      return false;
    put_value(out, column, index, c.p + 2, len);
    c.p += 2 + len;
    return true;
  }
  case 0x23: case 0x63: case 0x22: { // TEXT, NTEXT, IMAGE: text pointer, timestamp, LONG length
    if (!c.has(1))
      return false;
    uint8_t pointer = c.p[0];
    if (pointer == 0) {
      put_null_field(out);
      c.p += 1;
      return true;
    }
    std::size_t head = 1u + pointer + 8 + 4;
    if (!c.has(head))
      return false;
    uint32_t len = static_cast<uint32_t>(le(c.p + head - 4, 4));
    if (len > 0x7FFFFFFFu)
      invalid_length(index);
    if (!c.has(head + len))
      return false;
    put_value(out, column, index, c.p + head, len);
    c.p += head + len;
    return true;
  }
  default: { // one length byte: INTN, BITN, FLTN, MONEYN, DATETIMN, DECIMALN, NUMERICN, GUID, DATE, TIME...
    if (!c.has(1))
      return false;
    uint8_t len = c.p[0];
    if (len == 0) {
      put_null_field(out);
      c.p += 1;
      return true;
    }
    bool sized = column.wire_type == 0x26 || column.wire_type == 0x68 || column.wire_type == 0x6D ||
                 column.wire_type == 0x6E || column.wire_type == 0x6F;
    if (sized && len != column.max_bytes)
      invalid_length(index);
    if (!c.has(1u + len))
      return false;
    put_value(out, column, index, c.p + 1, len);
    c.p += 1 + len;
    return true;
  }
  }
}

bool read_ucs2_name(Cursor &c, std::size_t chars, std::string &name) {
  if (!c.has(chars * 2))
    return false;
  if (!utf16le_to_utf8(std::string_view(reinterpret_cast<const char *>(c.p), chars * 2), name))
    throw BulkDataError(4804, "The bulk-load COLMETADATA carries a column name that is not UTF-16.");
  c.p += chars * 2;
  return true;
}

[[noreturn]] void invalid_type(std::size_t column, uint8_t wire) {
  throw BulkDataError(4816, "Invalid column type from bcp client for colid " + std::to_string(column + 1) +
                                " (TDS type 0x" + "0123456789ABCDEF"[wire >> 4] +
                                "0123456789ABCDEF"[wire & 15] + ").");
}

// TYPE_INFO of one column; false if incomplete.
bool read_type_info(Cursor &c, BulkColumn &col, std::size_t index) {
  ColumnType &t = col.type;
  int fixed_size = 0;
  if (is_fixed(col.wire_type, fixed_size, t))
    return true;
  switch (col.wire_type) {
  case 0x26: case 0x68: case 0x6D: case 0x6E: case 0x6F: case 0x24: {
    if (!c.has(1))
      return false;
    col.max_bytes = *c.p++;
    uint32_t n = col.max_bytes;
    bool ok = true;
    if (col.wire_type == 0x26)
      ok = n == 1 || n == 2 || n == 4 || n == 8,
      t.type = n == 1 ? SqlType::TinyInt : n == 2 ? SqlType::SmallInt : n == 4 ? SqlType::Int : SqlType::BigInt;
    else if (col.wire_type == 0x68)
      ok = n == 1, t.type = SqlType::Bit;
    else if (col.wire_type == 0x6D)
      ok = n == 4 || n == 8, t.type = n == 4 ? SqlType::Real : SqlType::Float;
    else if (col.wire_type == 0x6E)
      ok = n == 4 || n == 8, t.type = n == 4 ? SqlType::SmallMoney : SqlType::Money;
    else if (col.wire_type == 0x6F)
      ok = n == 4 || n == 8, t.type = n == 4 ? SqlType::SmallDateTime : SqlType::DateTime,
      t.scale = n == 8 ? 3 : 0;
    else
      ok = n == 16, t.type = SqlType::UniqueIdentifier;
    if (!ok)
      invalid_length(index);
    return true;
  }
  case 0x6A: case 0x6C:
    if (!c.has(3))
      return false;
    col.max_bytes = c.p[0];
    t.type = col.wire_type == 0x6A ? SqlType::Decimal : SqlType::Numeric;
    t.precision = c.p[1], t.scale = c.p[2];
    c.p += 3;
    if (t.precision < 1 || t.precision > 38 || t.scale > t.precision || col.max_bytes < 1 || col.max_bytes > 17)
      invalid_type(index, col.wire_type);
    return true;
  case 0x28:
    t.type = SqlType::Date;
    return true;
  case 0x29: case 0x2A: case 0x2B:
    if (!c.has(1))
      return false;
    t.type = col.wire_type == 0x29 ? SqlType::Time : col.wire_type == 0x2A ? SqlType::DateTime2 : SqlType::DateTimeOffset;
    t.scale = *c.p++;
    if (t.scale > 7)
      invalid_type(index, col.wire_type);
    return true;
  case 0xA7: case 0xAF: case 0xE7: case 0xEF: case 0xA5: case 0xAD: {
    bool collated = col.wire_type != 0xA5 && col.wire_type != 0xAD;
    if (!c.has(collated ? 7 : 2))
      return false;
    col.max_bytes = static_cast<uint32_t>(le(c.p, 2));
    c.p += collated ? 7 : 2;
    bool wide = col.wire_type == 0xE7 || col.wire_type == 0xEF;
    bool fixed = col.wire_type == 0xAF || col.wire_type == 0xEF || col.wire_type == 0xAD;
    t.type = col.wire_type == 0xA7 ? SqlType::VarChar : col.wire_type == 0xAF ? SqlType::Char
           : col.wire_type == 0xE7 ? SqlType::NVarChar : col.wire_type == 0xEF ? SqlType::NChar
           : col.wire_type == 0xA5 ? SqlType::VarBinary : SqlType::Binary;
    if (col.max_bytes == 0xFFFF && fixed)
      invalid_type(index, col.wire_type);
    t.length = col.max_bytes == 0xFFFF ? ColumnType::kMax : static_cast<int32_t>(wide ? col.max_bytes / 2 : col.max_bytes);
    return true;
  }
  case 0x23: case 0x63: case 0x22: {
    bool collated = col.wire_type != 0x22;
    if (!c.has(4u + (collated ? 5 : 0) + 2))
      return false;
    col.max_bytes = static_cast<uint32_t>(le(c.p, 4));
    const uint8_t *name_length = c.p + 4 + (collated ? 5 : 0);
    Cursor r{name_length + 2, c.end};
    std::string table; // FreeTDS: USHORT length and the table name, no NumParts
    if (!read_ucs2_name(r, le(name_length, 2), table))
      return false;
    c = r;
    t.type = col.wire_type == 0x23 ? SqlType::Text : col.wire_type == 0x63 ? SqlType::NText : SqlType::Image;
    t.length = ColumnType::kMax;
    return true;
  }
  default:
    invalid_type(index, col.wire_type);
  }
}

} // namespace

std::string bulk_value_pg_type(const ColumnType &type) {
  switch (type.type) {
  case SqlType::Bit: case SqlType::TinyInt: case SqlType::SmallInt: return "smallint";
  case SqlType::Int: return "integer";
  case SqlType::BigInt: return "bigint";
  case SqlType::Real: return "real";
  case SqlType::Float: return "double precision";
  case SqlType::Decimal: case SqlType::Numeric: case SqlType::Money: case SqlType::SmallMoney: return "numeric";
  case SqlType::Char: case SqlType::VarChar: case SqlType::Text: case SqlType::NChar:
  case SqlType::NVarChar: case SqlType::NText: case SqlType::Xml: return "text";
  case SqlType::Binary: case SqlType::VarBinary: case SqlType::Image: return "bytea";
  case SqlType::Date: return "date";
  case SqlType::Time: return "time";
  case SqlType::DateTime: case SqlType::SmallDateTime: case SqlType::DateTime2: return "timestamp";
  case SqlType::DateTimeOffset: return "timestamptz";
  case SqlType::UniqueIdentifier: return "uuid";
  }
  return "text";
}

void BulkRowDecoder::feed(const uint8_t *data, std::size_t size) {
  if (position_ > 0 && position_ * 2 >= pending_.size()) {
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(position_));
    position_ = 0;
  }
  pending_.insert(pending_.end(), data, data + size);
}

bool BulkRowDecoder::parse_metadata() {
  Cursor c{pending_.data() + position_, pending_.data() + pending_.size()};
  if (!c.has(3))
    return false;
  if (c.p[0] != 0x81)
    throw BulkDataError(4804, "The bulk-load data does not start with COLMETADATA.");
  std::size_t count = le(c.p + 1, 2);
  c.p += 3;
  std::vector<BulkColumn> columns(count);
  for (std::size_t i = 0; i < count; ++i) {
    BulkColumn &col = columns[i];
    if (!c.has(7))
      return false;
    col.flags = static_cast<uint16_t>(le(c.p + 4, 2));
    col.wire_type = c.p[6];
    c.p += 7;
    if (!read_type_info(c, col, i) || !c.has(1))
      return false;
    std::size_t chars = *c.p++;
    if (!read_ucs2_name(c, chars, col.name))
      return false;
  }
  columns_ = std::move(columns);
  position_ = static_cast<std::size_t>(c.p - pending_.data());
  has_metadata_ = true;
  return true;
}

std::size_t BulkRowDecoder::take_rows(Bytes &copy_data) {
  if (!has_metadata_ && !parse_metadata())
    return 0;
  std::size_t rows = 0;
  std::string scratch;
  while (!done_seen_ && position_ < pending_.size()) {
    Cursor c{pending_.data() + position_, pending_.data() + pending_.size()};
    uint8_t token = *c.p++;
    if (token == 0xFD) { // DONE (pytds ends its rows with one)
      if (!c.has(12))
        break;
      done_seen_ = true;
      position_ += 13;
      break;
    }
    if (token != 0xD1 && token != 0xD2)
      throw BulkDataError(4804, "Unexpected token 0x" + std::string(1, "0123456789ABCDEF"[token >> 4]) +
                                    "0123456789ABCDEF"[token & 15] + " in the bulk-load data.");
    std::size_t mark = copy_data.size();
    put_be(copy_data, columns_.size(), 2);
    const uint8_t *bitmap = nullptr;
    if (token == 0xD2) {
      std::size_t bitmap_bytes = (columns_.size() + 7) / 8;
      if (!c.has(bitmap_bytes)) {
        copy_data.resize(mark);
        break;
      }
      bitmap = c.p;
      c.p += bitmap_bytes;
    }
    bool complete = true;
    for (std::size_t i = 0; i < columns_.size() && complete; ++i) {
      if (bitmap && (bitmap[i / 8] >> (i % 8)) & 1)
        put_null_field(copy_data);
      else
        complete = decode_value(c, columns_[i], i, copy_data, scratch);
    }
    if (!complete) {
      copy_data.resize(mark);
      break;
    }
    position_ = static_cast<std::size_t>(c.p - pending_.data());
    ++rows;
  }
  return rows;
}

void BulkRowDecoder::finish() const {
  if (!has_metadata_ || (position_ < pending_.size() && !done_seen_))
    throw BulkDataError(4804, "While reading current row from host, a premature end-of-message was "
                              "encountered--an incoming data stream was interrupted when the server "
                              "expected to see more data. The host program may have terminated. "
                              "Ensure that you are using a supported client application programming "
                              "interface (API).");
}

void put_copy_binary_header(Bytes &out) {
  static const uint8_t signature[11] = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', 0xFF, '\r', '\n', 0};
  put_bytes(out, signature, sizeof signature);
  put_be(out, 0, 4); // flags
  put_be(out, 0, 4); // header extension length
}

void put_copy_binary_trailer(Bytes &out) { put_be(out, 0xFFFF, 2); }

} // namespace tds
