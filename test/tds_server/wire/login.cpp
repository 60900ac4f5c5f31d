#include "wire/login.hpp"

#include "wire/packet.hpp"

namespace tds {

Bytes prelogin_response() {
  // VERSION 15.0.2000, ENCRYPTION = NOT_SUP, INSTOPT, THREADID (empty), MARS off.
  return {0x00, 0x00, 0x1A, 0x00, 0x06, 0x01, 0x00, 0x20, 0x00, 0x01, 0x02, 0x00, 0x21,
          0x00, 0x01, 0x03, 0x00, 0x22, 0x00, 0x00, 0x04, 0x00, 0x22, 0x00, 0x01, 0xFF,
          0x0F, 0x00, 0x07, 0xD0, 0x00, 0x00, 0x02, 0x00, 0x00};
}

namespace {

uint32_t read_u32(const Bytes &p, std::size_t at) {
  if (at + 4 > p.size())
    throw WireError("LOGIN7 is truncated");
  return p[at] | p[at + 1] << 8 | p[at + 2] << 16 | static_cast<uint32_t>(p[at + 3]) << 24;
}

uint16_t read_u16(const Bytes &p, std::size_t at) {
  if (at + 2 > p.size())
    throw WireError("LOGIN7 is truncated");
  return static_cast<uint16_t>(p[at] | p[at + 1] << 8);
}

std::string read_string(const Bytes &p, std::size_t field, bool password = false) {
  std::size_t offset = read_u16(p, field), chars = read_u16(p, field + 2);
  if (offset + 2 * chars > p.size())
    throw WireError("LOGIN7 string field points past the message");
  std::string utf16(reinterpret_cast<const char *>(p.data() + offset), 2 * chars);
  if (password) // the client swapped nibbles then XORed 0xA5: undo in reverse
    for (char &c : utf16) {
      uint8_t b = static_cast<uint8_t>(c) ^ 0xA5;
      c = static_cast<char>(((b << 4) | (b >> 4)) & 0xFF);
    }
  std::string utf8;
  if (!utf16le_to_utf8(utf16, utf8))
    throw WireError("LOGIN7 string field is not valid UTF-16");
  return utf8;
}

} // namespace

Login7 parse_login7(const Bytes &p) {
  if (p.size() < 94)
    throw WireError("LOGIN7 is shorter than its fixed part");
  Login7 login;
  login.tds_version = read_u32(p, 4);
  login.packet_size = read_u32(p, 8);
  login.client_pid = read_u32(p, 16);
  login.option_flags1 = p[24];
  login.option_flags2 = p[25];
  login.type_flags = p[26];
  login.option_flags3 = p[27];
  login.host_name = read_string(p, 36);
  login.user_name = read_string(p, 40);
  login.password = read_string(p, 44, true);
  login.app_name = read_string(p, 48);
  login.server_name = read_string(p, 52);
  login.library_name = read_string(p, 60);
  login.language = read_string(p, 64);
  login.database = read_string(p, 68);
  return login;
}

} // namespace tds
