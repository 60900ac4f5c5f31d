// Appending little-endian integers and TDS string forms to a byte buffer.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tds {

using Bytes = std::vector<uint8_t>;

inline void put_u8(Bytes &out, uint8_t v) { out.push_back(v); }
inline void put_u16(Bytes &out, uint16_t v) {
  out.push_back(static_cast<uint8_t>(v));
  out.push_back(static_cast<uint8_t>(v >> 8));
}
inline void put_u32(Bytes &out, uint32_t v) {
  for (int i = 0; i < 4; ++i)
    out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
inline void put_u64(Bytes &out, uint64_t v) {
  for (int i = 0; i < 8; ++i)
    out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
inline void put_bytes(Bytes &out, const void *data, std::size_t n) {
  const uint8_t *p = static_cast<const uint8_t *>(data);
  out.insert(out.end(), p, p + n);
}

// UTF-8 -> UTF-16LE bytes (invalid sequences become U+FFFD).
std::string utf8_to_utf16le(std::string_view utf8);
// UTF-16LE bytes -> UTF-8; odd length or unpaired surrogates -> false.
bool utf16le_to_utf8(std::string_view utf16, std::string &out);
// UTF-8 -> Windows-1252 (characters it lacks become '?', as SQL Server stores them).
std::string utf8_to_cp1252(std::string_view utf8);
std::string cp1252_to_utf8(std::string_view cp1252);

// B_VARCHAR: BYTE length in characters + UTF-16LE.
void put_b_varchar(Bytes &out, std::string_view utf8);
// US_VARCHAR: USHORT length in characters + UTF-16LE.
void put_us_varchar(Bytes &out, std::string_view utf8);

} // namespace tds
