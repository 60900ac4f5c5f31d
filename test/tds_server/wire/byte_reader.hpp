// Bounds-checked little-endian reads from a request's payload, for the
// parsers of client messages (RPC, transaction manager).
#pragma once

#include "wire/byte_writer.hpp"
#include "wire/packet.hpp"

#include <cstdint>
#include <string>

namespace tds {

class PayloadReader {
public:
  PayloadReader(const Bytes &bytes, const char *what) : bytes_(bytes), what_(what) {}
  bool at_end() const { return at_ >= bytes_.size(); }
  // A request's ALL_HEADERS (MS-TDS 2.2.5.3), when the payload starts with one.
  void skip_all_headers() {
    if (bytes_.size() - at_ < 4)
      return;
    const uint32_t total = static_cast<uint32_t>(bytes_[at_] | bytes_[at_ + 1] << 8 | bytes_[at_ + 2] << 16) |
                           static_cast<uint32_t>(bytes_[at_ + 3]) << 24;
    if (total >= 4 && total <= bytes_.size() - at_ && total < 1024)
      skip(total);
  }
  std::size_t position() const { return at_; }
  void skip(std::size_t n) {
    need(n);
    at_ += n;
  }
  uint8_t u8() {
    need(1);
    return bytes_[at_++];
  }
  uint64_t uint(std::size_t n) { // n-byte little-endian unsigned
    need(n);
    uint64_t v = 0;
    for (std::size_t i = 0; i < n; ++i)
      v |= static_cast<uint64_t>(bytes_[at_ + i]) << (8 * i);
    at_ += n;
    return v;
  }
  uint16_t u16() { return static_cast<uint16_t>(uint(2)); }
  uint32_t u32() { return static_cast<uint32_t>(uint(4)); }
  std::string bytes(std::size_t n) {
    need(n);
    std::string out(reinterpret_cast<const char *>(bytes_.data() + at_), n);
    at_ += n;
    return out;
  }
  std::string utf16(std::size_t chars) {
    std::string out;
    if (!utf16le_to_utf8(bytes(2 * chars), out))
      throw WireError(std::string(what_) + ": a name is not valid UTF-16");
    return out;
  }

private:
  void need(std::size_t n) const {
    if (at_ + n > bytes_.size())
      throw WireError(std::string(what_) + " is truncated");
  }
  const Bytes &bytes_;
  const char *what_; // names the message in errors
  std::size_t at_ = 0;
};

} // namespace tds
