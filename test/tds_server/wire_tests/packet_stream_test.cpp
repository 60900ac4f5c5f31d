#include "wire/packet.hpp"

#include <gtest/gtest.h>

using namespace tds;

namespace {

Bytes packet(uint8_t type, uint8_t status, std::initializer_list<uint8_t> payload) {
  Bytes out = {type, status, 0, static_cast<uint8_t>(8 + payload.size()), 0, 0, 1, 0};
  out.insert(out.end(), payload);
  return out;
}

void feed(MessageAssembler &assembler, const Bytes &bytes) { assembler.feed(bytes.data(), bytes.size()); }

} // namespace

TEST(MessageAssembler, StreamedTypeComesOutPacketByPacket) {
  MessageAssembler assembler;
  assembler.stream_type(packet_type::kBulkLoad);
  feed(assembler, packet(packet_type::kBulkLoad, 0, {1, 2}));
  feed(assembler, packet(packet_type::kBulkLoad, kStatusEndOfMessage, {3}));
  Message m;
  ASSERT_TRUE(assembler.next(m));
  EXPECT_EQ(m.payload, (Bytes{1, 2}));
  EXPECT_FALSE(m.end_of_message);
  ASSERT_TRUE(assembler.next(m));
  EXPECT_EQ(m.payload, (Bytes{3}));
  EXPECT_TRUE(m.end_of_message);
  EXPECT_FALSE(assembler.next(m));
}

TEST(MessageAssembler, AttentionDiscardsAnUnfinishedMessage) {
  MessageAssembler assembler;
  feed(assembler, packet(packet_type::kBulkLoad, 0, {1, 2}));
  feed(assembler, packet(packet_type::kAttention, kStatusEndOfMessage, {}));
  feed(assembler, packet(packet_type::kSqlBatch, kStatusEndOfMessage | kStatusIgnore, {9}));
  Message m;
  ASSERT_TRUE(assembler.next(m));
  EXPECT_EQ(m.type, packet_type::kAttention);
  ASSERT_TRUE(assembler.next(m));
  EXPECT_EQ(m.type, packet_type::kSqlBatch);
  EXPECT_EQ(m.payload, (Bytes{9}));
  EXPECT_TRUE(m.ignore);
}
