#include "wire/byte_writer.hpp"

namespace tds {

namespace {

// Decodes one UTF-8 code point at s[i]; advances i. Invalid input -> U+FFFD.
uint32_t next_code_point(std::string_view s, std::size_t &i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  int extra = c < 0x80 ? 0 : (c >> 5) == 0x6 ? 1 : (c >> 4) == 0xE ? 2 : (c >> 3) == 0x1E ? 3 : -1;
  if (extra < 0 || i + extra >= s.size() + (extra == 0 ? 1 : 0)) {
    ++i;
    return 0xFFFD;
  }
  uint32_t cp = extra == 0 ? c : c & (0x3F >> extra);
  for (int k = 1; k <= extra; ++k) {
    unsigned char cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (cc & 0x3F);
  }
  i += extra + 1;
  return cp;
}

void append_utf8(std::string &out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Windows-1252 bytes 0x80..0x9F (0 = undefined there).
constexpr uint16_t kCp1252High[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

} // namespace

std::string utf8_to_utf16le(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size() * 2);
  auto unit = [&](uint32_t u) {
    out += static_cast<char>(u & 0xFF);
    out += static_cast<char>(u >> 8);
  };
  for (std::size_t i = 0; i < utf8.size();) {
    uint32_t cp = next_code_point(utf8, i);
    if (cp >= 0x10000) {
      cp -= 0x10000;
      unit(0xD800 | (cp >> 10));
      unit(0xDC00 | (cp & 0x3FF));
    } else {
      unit(cp);
    }
  }
  return out;
}

bool utf16le_to_utf8(std::string_view utf16, std::string &out) {
  if (utf16.size() % 2 != 0)
    return false;
  out.clear();
  for (std::size_t i = 0; i < utf16.size(); i += 2) {
    uint32_t u = static_cast<uint8_t>(utf16[i]) | (static_cast<uint8_t>(utf16[i + 1]) << 8);
    if (u >= 0xD800 && u <= 0xDBFF) {
      if (i + 3 >= utf16.size())
        return false;
      uint32_t low = static_cast<uint8_t>(utf16[i + 2]) | (static_cast<uint8_t>(utf16[i + 3]) << 8);
      if (low < 0xDC00 || low > 0xDFFF)
        return false;
      u = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00);
      i += 2;
    } else if (u >= 0xDC00 && u <= 0xDFFF) {
      return false;
    }
    append_utf8(out, u);
  }
  return true;
}

std::string utf8_to_cp1252(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  for (std::size_t i = 0; i < utf8.size();) {
    uint32_t cp = next_code_point(utf8, i);
    char byte = '?';
    if (cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF)) {
      byte = static_cast<char>(cp);
    } else {
      for (int k = 0; k < 32; ++k)
        if (kCp1252High[k] == cp)
          byte = static_cast<char>(0x80 + k);
    }
    out += byte;
  }
  return out;
}

std::string cp1252_to_utf8(std::string_view cp1252) {
  std::string out;
  for (char ch : cp1252) {
    uint8_t b = static_cast<uint8_t>(ch);
    uint32_t cp = b >= 0x80 && b < 0xA0 ? (kCp1252High[b - 0x80] ? kCp1252High[b - 0x80] : 0xFFFD) : b;
    append_utf8(out, cp);
  }
  return out;
}

void put_b_varchar(Bytes &out, std::string_view utf8) {
  std::string u = utf8_to_utf16le(utf8);
  put_u8(out, static_cast<uint8_t>(u.size() / 2));
  put_bytes(out, u.data(), u.size());
}

void put_us_varchar(Bytes &out, std::string_view utf8) {
  std::string u = utf8_to_utf16le(utf8);
  put_u16(out, static_cast<uint16_t>(u.size() / 2));
  put_bytes(out, u.data(), u.size());
}

} // namespace tds
