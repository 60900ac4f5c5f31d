#include "wire/packet.hpp"

namespace tds {

void MessageAssembler::feed(const uint8_t *data, std::size_t size) {
  buffer_.insert(buffer_.end(), data, data + size);
}

bool MessageAssembler::next(Message &message) {
  while (buffer_.size() >= kHeaderSize) {
    uint16_t length = static_cast<uint16_t>(buffer_[2] << 8 | buffer_[3]);
    if (length < kHeaderSize)
      throw WireError("TDS packet length " + std::to_string(length) + " is shorter than its header");
    if (buffer_.size() < length)
      return false;
    uint8_t type = buffer_[0];
    uint8_t status = buffer_[1];
    if (type == packet_type::kAttention) { // its own message, even between a message's packets
      buffer_.erase(buffer_.begin(), buffer_.begin() + length);
      message = Message{type, {}};
      has_partial_ = false; // the unfinished request is cancelled
      return true;
    }
    if (!has_partial_) {
      partial_ = Message{type, {}};
      has_partial_ = true;
    } else if (type != partial_.type) {
      throw WireError("TDS packet of type " + std::to_string(type) + " inside a message of type " +
                      std::to_string(partial_.type));
    }
    partial_.payload.insert(partial_.payload.end(), buffer_.begin() + kHeaderSize,
                            buffer_.begin() + length);
    buffer_.erase(buffer_.begin(), buffer_.begin() + length);
    bool last = status & kStatusEndOfMessage;
    if (last || type == streamed_type_) {
      message = std::move(partial_);
      message.end_of_message = last;
      message.ignore = last && (status & kStatusIgnore);
      partial_ = Message{type, {}};
      has_partial_ = !last;
      return true;
    }
  }
  return false;
}

void PacketWriter::emit(Bytes &out, std::size_t length, bool last) {
  std::size_t total = length + kHeaderSize;
  out.push_back(type_);
  out.push_back(last ? kStatusEndOfMessage : 0);
  out.push_back(static_cast<uint8_t>(total >> 8));
  out.push_back(static_cast<uint8_t>(total));
  out.push_back(static_cast<uint8_t>(spid_ >> 8));
  out.push_back(static_cast<uint8_t>(spid_));
  out.push_back(packet_id_++);
  out.push_back(0);
  out.insert(out.end(), payload_.begin(), payload_.begin() + length);
  payload_.erase(payload_.begin(), payload_.begin() + length);
}

void PacketWriter::take_full_packets(Bytes &out) {
  const std::size_t chunk = packet_size_ - kHeaderSize;
  while (payload_.size() > chunk)
    emit(out, chunk, false);
}

void PacketWriter::finish(Bytes &out) {
  take_full_packets(out);
  emit(out, payload_.size(), true);
}

} // namespace tds
