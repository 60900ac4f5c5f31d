// PRELOGIN and LOGIN7 (MS-TDS 2.2.6.4, 2.2.6.5).
#pragma once

#include "wire/byte_writer.hpp"

#include <cstdint>
#include <string>

namespace tds {

// Always answers encryption not supported, so clients log in in clear.
Bytes prelogin_response();

struct Login7 {
  uint32_t tds_version = 0;
  uint32_t packet_size = 4096;
  uint32_t client_pid = 0;
  uint8_t option_flags1 = 0, option_flags2 = 0, type_flags = 0, option_flags3 = 0;
  std::string host_name, user_name, password, app_name, server_name, library_name, language,
      database;
};

// Throws WireError on malformed input; all offsets are bounds-checked.
Login7 parse_login7(const Bytes &payload);

} // namespace tds
