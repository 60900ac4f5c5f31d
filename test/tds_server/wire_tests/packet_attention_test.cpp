#include "wire/packet.hpp"

#include <gtest/gtest.h>

using namespace tds;

TEST(MessageAssembler, AnAttentionBetweenMessagesDoesNotStartAMessage) {
  // pytds cancels an unread response with an ATTENTION, then sends its next RPC.
  const uint8_t attention[] = {0x06, 0x01, 0x00, 0x08, 0x00, 0x00, 0x01, 0x00};
  const uint8_t rpc[] = {0x03, 0x01, 0x00, 0x0A, 0x00, 0x00, 0x01, 0x00, 0xAB, 0xCD};
  MessageAssembler assembler;
  assembler.feed(attention, sizeof attention);
  assembler.feed(rpc, sizeof rpc);
  Message message;
  ASSERT_TRUE(assembler.next(message));
  EXPECT_EQ(message.type, packet_type::kAttention);
  ASSERT_TRUE(assembler.next(message));
  EXPECT_EQ(message.type, packet_type::kRpc);
  EXPECT_EQ(message.payload, (Bytes{0xAB, 0xCD}));
  EXPECT_FALSE(assembler.next(message));
}
