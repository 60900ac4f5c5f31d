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

// The three DONE tokens: a batch statement's, an RPC's end, a statement inside an RPC.
namespace done_token {
inline constexpr uint8_t kDone = 0xFD, kDoneProc = 0xFE, kDoneInProc = 0xFF;
}

class TokenWriter {
public:
  // done() writes done_token: kDoneInProc for the statements of an RPC.
  explicit TokenWriter(Bytes &out, uint8_t done_token = done_token::kDone) : out_(out), done_token_(done_token) {}
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
  // The end of an RPC: RETURNSTATUS then DONEPROC.
  void return_status(int32_t value);
  void done_proc(uint16_t status);
  void col_metadata(const std::vector<ColumnMeta> &columns);

private:
  void message(uint8_t token, int32_t number, uint8_t state, uint8_t severity,
               const std::string &text, const std::string &server);
  Bytes &out_;
  uint8_t done_token_;
};

// The collation every character column carries: SQL_Latin1_General_CP1_CI_AS.
inline constexpr uint8_t kCollation[5] = {0x09, 0x04, 0xD0, 0x00, 0x34};

} // namespace tds
