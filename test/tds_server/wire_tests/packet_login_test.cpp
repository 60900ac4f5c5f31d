#include "wire/login.hpp"
#include "wire/packet.hpp"

#include <gtest/gtest.h>

using namespace tds;

TEST(Packets, MessagesSplitAcrossPacketsAndReads) {
  PacketWriter writer(packet_type::kSqlBatch, 16, 0);
  for (int i = 0; i < 20; ++i)
    writer.payload().push_back(static_cast<uint8_t>(i));
  Bytes wire;
  writer.finish(wire);
  EXPECT_EQ(wire.size(), 20u + 3 * kHeaderSize); // 8 + 8 + 4 payload bytes
  MessageAssembler assembler;
  Message message;
  for (uint8_t byte : wire) { // one byte at a time
    EXPECT_FALSE(assembler.next(message));
    assembler.feed(&byte, 1);
  }
  ASSERT_TRUE(assembler.next(message));
  EXPECT_EQ(message.type, packet_type::kSqlBatch);
  ASSERT_EQ(message.payload.size(), 20u);
  EXPECT_EQ(message.payload[19], 19);
}

TEST(Packets, AttentionIsItsOwnMessageAndBadLengthsAreRejected) {
  MessageAssembler assembler;
  const uint8_t attention[] = {0x06, 0x01, 0x00, 0x08, 0x00, 0x00, 0x01, 0x00};
  assembler.feed(attention, sizeof attention);
  Message message;
  ASSERT_TRUE(assembler.next(message));
  EXPECT_EQ(message.type, packet_type::kAttention);
  const uint8_t bad[] = {0x01, 0x01, 0x00, 0x04, 0, 0, 0, 0};
  assembler.feed(bad, sizeof bad);
  EXPECT_THROW(assembler.next(message), WireError);
}

namespace {
// A LOGIN7 as a client builds it: fixed part, then UTF-16 strings.
Bytes login7(const std::u16string &user, const std::u16string &password, const std::u16string &database) {
  Bytes p(94, 0);
  auto put16 = [&](std::size_t at, uint16_t v) { p[at] = v & 0xFF, p[at + 1] = v >> 8; };
  auto add = [&](std::size_t field, const std::u16string &s, bool obfuscate) {
    put16(field, static_cast<uint16_t>(p.size()));
    put16(field + 2, static_cast<uint16_t>(s.size()));
    for (char16_t c : s)
      for (uint8_t b : {static_cast<uint8_t>(c & 0xFF), static_cast<uint8_t>(c >> 8)})
        p.push_back(obfuscate ? static_cast<uint8_t>(((b << 4) | (b >> 4)) ^ 0xA5) : b);
  };
  p[4] = 0x04, p[7] = 0x74; // TDS 7.4
  p[8] = 0x00, p[9] = 0x10; // packet size 4096
  for (std::size_t field : {36, 48, 52, 60, 64})
    add(field, u"", false);
  add(40, user, false);
  add(44, password, true);
  add(68, database, false);
  return p;
}
} // namespace

TEST(Login7, DecodesUserPasswordAndDatabase) {
  Login7 login = parse_login7(login7(u"sa", u"Pässwörd😀", u"testdb"));
  EXPECT_EQ(login.user_name, "sa");
  EXPECT_EQ(login.password, "Pässwörd😀");
  EXPECT_EQ(login.database, "testdb");
  EXPECT_EQ(login.packet_size, 4096u);
  EXPECT_EQ(login.tds_version, 0x74000004u);
}

TEST(Login7, TruncatedOrOutOfBoundsIsAnError) {
  EXPECT_THROW(parse_login7(Bytes(50, 0)), WireError);
  Bytes p = login7(u"sa", u"x", u"");
  p[40] = 0xF0, p[41] = 0xFF; // user name offset past the end
  EXPECT_THROW(parse_login7(p), WireError);
}

TEST(Prelogin, AnswersEncryptionNotSupported) {
  Bytes reply = prelogin_response();
  ASSERT_GE(reply.size(), 33u);
  EXPECT_EQ(reply[5], 0x01);  // ENCRYPTION option
  EXPECT_EQ(reply[32], 0x02); // ENCRYPT_NOT_SUP
}
