// TDS packets: reassembling incoming messages, framing outgoing ones.
#pragma once

#include "wire/byte_writer.hpp"

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace tds {

struct WireError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

namespace packet_type {
inline constexpr uint8_t kSqlBatch = 0x01, kRpc = 0x03, kTabularResult = 0x04,
                         kAttention = 0x06, kBulkLoad = 0x07, kTransactionManager = 0x0E,
                         kLogin7 = 0x10, kPrelogin = 0x12;
}
inline constexpr uint8_t kStatusEndOfMessage = 0x01;
inline constexpr std::size_t kHeaderSize = 8;

inline constexpr uint8_t kStatusIgnore = 0x02;

struct Message {
  uint8_t type = 0;
  Bytes payload;
  bool end_of_message = true; // false: a piece of a streamed message, more follows
  bool ignore = false;        // the client marked the message to be ignored (status 0x02)
};

// Feed raw bytes; take complete messages. An ATTENTION packet is its own message
// and discards a message still incomplete. Messages of a streamed type (bulk
// load) come out packet by packet, so they need not fit in memory.
class MessageAssembler {
public:
  void feed(const uint8_t *data, std::size_t size);
  bool next(Message &message);
  void stream_type(uint8_t type) { streamed_type_ = type; }

private:
  Bytes buffer_;
  Message partial_;
  bool has_partial_ = false;
  int streamed_type_ = -1;
};

// Frames a message into packets of at most packet_size bytes.
class PacketWriter {
public:
  PacketWriter(uint8_t type, std::size_t packet_size, uint16_t spid)
      : type_(type), packet_size_(packet_size), spid_(spid) {}
  Bytes &payload() { return payload_; }
  // Moves whole, non-final packets into out once enough payload is buffered.
  void take_full_packets(Bytes &out);
  // Moves the rest into out, the last packet marked end-of-message.
  void finish(Bytes &out);

private:
  void emit(Bytes &out, std::size_t length, bool last);
  uint8_t type_;
  std::size_t packet_size_;
  uint16_t spid_;
  uint8_t packet_id_ = 1;
  Bytes payload_;
};

} // namespace tds
