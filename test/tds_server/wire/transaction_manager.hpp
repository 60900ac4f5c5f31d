// Transaction-manager requests (TDS message type 0x0E, MS-TDS 2.2.6.9): the
// begin, commit, rollback and save that drivers send instead of T-SQL
// (python-tds with autocommit off, tedious' beginTransaction, go-mssqldb's
// Begin), and the ENVCHANGE tokens that answer them.
#pragma once

#include "wire/byte_writer.hpp"

#include <cstdint>
#include <string>

namespace tds {

struct TmRequest {
  enum class Kind : uint16_t {
    GetDtcAddress = 0,
    Propagate = 1,
    Begin = 5,
    Promote = 6,
    Commit = 7,
    Rollback = 8,
    Save = 9,
  };
  Kind kind = Kind::Begin;
  uint8_t isolation_level = 0; // Begin (and the begin after a commit or rollback)
  std::string name;            // the transaction's or savepoint's name, UTF-8; may be empty
  bool begin_after = false;    // Commit/Rollback with fBeginXact: a new transaction follows
  uint8_t next_isolation_level = 0;
  std::string next_name;
};

// Throws WireError for a malformed or truncated request.
TmRequest parse_tm_request(const Bytes &payload);

// ENVCHANGE 8 (begin: new descriptor), 9 (commit) and 10 (rollback: old descriptor).
void put_env_change_begin_transaction(Bytes &out, uint64_t descriptor);
void put_env_change_end_transaction(Bytes &out, bool committed, uint64_t descriptor);

} // namespace tds
