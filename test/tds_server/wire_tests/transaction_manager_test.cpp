#include "wire/transaction_manager.hpp"

#include "wire/packet.hpp"

#include <gtest/gtest.h>

using namespace tds;

namespace {

// ALL_HEADERS as python-tds sends it: the transaction descriptor header.
Bytes with_headers(const Bytes &body) {
  Bytes out = {0x16, 0, 0, 0, 0x12, 0, 0, 0, 0x02, 0x00};
  for (int i = 0; i < 8; ++i)
    out.push_back(0); // descriptor
  for (uint8_t b : {1, 0, 0, 0})
    out.push_back(b); // outstanding requests
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

} // namespace

TEST(TransactionManager, ParsesBeginCommitAndRollback) {
  TmRequest begin = parse_tm_request(with_headers({0x05, 0x00, 0x02, 0x01, 'T', 0x00}));
  EXPECT_EQ(begin.kind, TmRequest::Kind::Begin);
  EXPECT_EQ(begin.isolation_level, 2);
  EXPECT_EQ(begin.name, "T");
  TmRequest commit = parse_tm_request(with_headers({0x07, 0x00, 0x00, 0x01, 0x00, 0x00}));
  EXPECT_EQ(commit.kind, TmRequest::Kind::Commit);
  EXPECT_TRUE(commit.begin_after);
  EXPECT_EQ(commit.next_name, "");
  TmRequest rollback = parse_tm_request(with_headers({0x08, 0x00, 0x00, 0x00}));
  EXPECT_EQ(rollback.kind, TmRequest::Kind::Rollback);
  EXPECT_FALSE(rollback.begin_after);
  EXPECT_EQ(parse_tm_request({0x09, 0x00, 0x01, 'S', 0x00}).kind, TmRequest::Kind::Save);
}

TEST(TransactionManager, RefusesTruncatedAndUnknownRequests) {
  EXPECT_THROW(parse_tm_request(with_headers({0x05, 0x00})), WireError);
  EXPECT_THROW(parse_tm_request(with_headers({0x07, 0x00, 0x00})), WireError);
  EXPECT_THROW(parse_tm_request(with_headers({0x04, 0x00})), WireError);
}

TEST(TransactionManager, EnvChangeBytesAsSqlServerSendsThem) {
  Bytes begin, commit, rollback;
  put_env_change_begin_transaction(begin, 0x0102030405060708ULL);
  EXPECT_EQ(begin, (Bytes{0xE3, 0x0B, 0x00, 0x08, 0x08, 8, 7, 6, 5, 4, 3, 2, 1, 0x00}));
  put_env_change_end_transaction(commit, true, 1);
  EXPECT_EQ(commit, (Bytes{0xE3, 0x0B, 0x00, 0x09, 0x00, 0x08, 1, 0, 0, 0, 0, 0, 0, 0}));
  put_env_change_end_transaction(rollback, false, 1);
  EXPECT_EQ(rollback[3], 0x0A);
}
