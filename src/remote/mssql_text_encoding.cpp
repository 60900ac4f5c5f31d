#include "remote/mssql_text_encoding.hpp"

#include <cstdint>
#include <optional>

namespace mssql_upsert::remote {

namespace {

// Decodes one code point at utf8[i]; advances i. False for invalid UTF-8
// (bad lead or continuation byte, overlong form, surrogate, > U+10FFFF).
bool next_code_point(std::string_view utf8, std::size_t &i, uint32_t &code_point) {
  const auto byte = [&](std::size_t k) { return static_cast<uint8_t>(utf8[k]); };
  uint8_t lead = byte(i);
  std::size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 0;
  if (length == 0 || i + length > utf8.size())
    return false;
  code_point = length == 1 ? lead : lead & (0x7F >> length);
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80)
      return false;
    code_point = (code_point << 6) | (byte(i + k) & 0x3F);
  }
  static constexpr uint32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (code_point < kSmallest[length] || code_point > 0x10FFFF ||
      (code_point >= 0xD800 && code_point <= 0xDFFF))
    return false;
  i += length;
  return true;
}

void append_unit(std::string &out, uint32_t unit) {
  out += static_cast<char>(unit & 0xFF);
  out += static_cast<char>((unit >> 8) & 0xFF);
}

// The characters code page 1252 puts at 0x80..0x9F (0 = no character there).
constexpr uint16_t kCp1252High[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

std::optional<char> cp1252_byte(uint32_t code_point) {
  if (code_point < 0x80 || (code_point >= 0xA0 && code_point <= 0xFF))
    return static_cast<char>(code_point);
  for (int k = 0; k < 32; ++k)
    if (kCp1252High[k] != 0 && kCp1252High[k] == code_point)
      return static_cast<char>(0x80 + k);
  return std::nullopt;
}

} // namespace

bool utf8_to_utf16le(std::string_view utf8, std::string &out) {
  out.clear();
  out.reserve(utf8.size() * 2);
  for (std::size_t i = 0; i < utf8.size();) {
    uint32_t cp = 0;
    if (!next_code_point(utf8, i, cp))
      return false;
    if (cp < 0x10000) {
      append_unit(out, cp);
    } else {
      cp -= 0x10000;
      append_unit(out, 0xD800 | (cp >> 10));
      append_unit(out, 0xDC00 | (cp & 0x3FF));
    }
  }
  return true;
}

bool utf8_to_cp1252(std::string_view utf8, std::string &out, std::size_t *bad_character) {
  out.clear();
  out.reserve(utf8.size());
  std::size_t characters = 0;
  for (std::size_t i = 0; i < utf8.size(); ++characters) {
    uint32_t cp = 0;
    std::optional<char> byte;
    if (next_code_point(utf8, i, cp))
      byte = cp1252_byte(cp);
    if (!byte) {
      if (bad_character != nullptr)
        *bad_character = characters;
      return false;
    }
    out += *byte;
  }
  return true;
}

} // namespace mssql_upsert::remote
