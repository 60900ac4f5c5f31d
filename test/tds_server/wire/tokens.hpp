// Server-to-client tokens (MS-TDS 2.2.7).
#pragma once

#include "wire/byte_writer.hpp"
#include "wire/sql_type.hpp"

#include <string>
#include <vector>

namespace tds {

namespace done_status {
inline constexpr uint16_t kFinal = 0x00, kMore = 0x01, kError = 0x02, kCount = 0x10,
                          kAttention = 0x20;
}

class TokenWriter {
public:
  explicit TokenWriter(Bytes &out) : out_(out) {}
  void env_change_database(const std::string &new_db, const std::string &old_db);
  void env_change_language(const std::string &language);
  void env_change_packet_size(uint32_t new_size, uint32_t old_size);
  void env_change_collation();
  void info(int32_t number, uint8_t state, uint8_t severity, const std::string &message,
            const std::string &server = "tds_test_server");
  void error(int32_t number, uint8_t state, uint8_t severity, const std::string &message,
             const std::string &server = "tds_test_server");
  void login_ack();
  void done(uint16_t status, uint16_t cur_cmd, uint64_t rows);
  void col_metadata(const std::vector<ColumnMeta> &columns);

private:
  void message(uint8_t token, int32_t number, uint8_t state, uint8_t severity,
               const std::string &text, const std::string &server);
  Bytes &out_;
};

// The collation every character column carries: SQL_Latin1_General_CP1_CI_AS.
inline constexpr uint8_t kCollation[5] = {0x09, 0x04, 0xD0, 0x00, 0x34};

} // namespace tds
