#include "wire/transaction_manager.hpp"

#include "wire/byte_reader.hpp"

namespace tds {

namespace {

std::string name_of(PayloadReader &r) { return r.utf16(r.u8()); }

constexpr uint8_t kBeginAfter = 0x01; // fBeginXact of commit and rollback
constexpr uint8_t kEnvChangeToken = 0xE3;
constexpr uint8_t kDescriptorBytes = 8;

void put_descriptor(Bytes &out, uint64_t descriptor) {
  put_u8(out, kDescriptorBytes);
  put_u64(out, descriptor);
}

} // namespace

TmRequest parse_tm_request(const Bytes &payload) {
  PayloadReader r(payload, "transaction manager request");
  r.skip_all_headers();
  TmRequest request;
  const uint16_t kind = r.u16();
  switch (kind) {
  case static_cast<uint16_t>(TmRequest::Kind::Begin):
    request.kind = TmRequest::Kind::Begin;
    request.isolation_level = r.u8();
    request.name = name_of(r);
    break;
  case static_cast<uint16_t>(TmRequest::Kind::Commit):
  case static_cast<uint16_t>(TmRequest::Kind::Rollback):
    request.kind = static_cast<TmRequest::Kind>(kind);
    request.name = name_of(r);
    request.begin_after = (r.u8() & kBeginAfter) != 0;
    if (request.begin_after) {
      request.next_isolation_level = r.u8();
      request.next_name = name_of(r);
    }
    break;
  case static_cast<uint16_t>(TmRequest::Kind::Save):
    request.kind = TmRequest::Kind::Save;
    request.name = name_of(r);
    break;
  case static_cast<uint16_t>(TmRequest::Kind::GetDtcAddress):
  case static_cast<uint16_t>(TmRequest::Kind::Propagate):
  case static_cast<uint16_t>(TmRequest::Kind::Promote):
    request.kind = static_cast<TmRequest::Kind>(kind);
    break;
  default:
    throw WireError("transaction manager request of unknown type " + std::to_string(kind));
  }
  return request;
}

void put_env_change_begin_transaction(Bytes &out, uint64_t descriptor) {
  put_u8(out, kEnvChangeToken);
  put_u16(out, 1 + 1 + kDescriptorBytes + 1);
  put_u8(out, 8);
  put_descriptor(out, descriptor);
  put_u8(out, 0); // no old value
}

void put_env_change_end_transaction(Bytes &out, bool committed, uint64_t descriptor) {
  put_u8(out, kEnvChangeToken);
  put_u16(out, 1 + 1 + 1 + kDescriptorBytes);
  put_u8(out, committed ? 9 : 10);
  put_u8(out, 0); // no new value
  put_descriptor(out, descriptor);
}

} // namespace tds
