#include "remote/remote_wait.hpp"

#include <gtest/gtest.h>

using namespace mssql_upsert::remote;
using namespace std::chrono_literals;

namespace {

const RemoteWait::Clock::time_point t0{};

TEST(RemoteWait, KeepsWaitingWithoutInterruptOrTimeout) {
  RemoteWait wait;
  wait.start_request(t0, 0);
  for (int s = 1; s < 1000; s += 100)
    EXPECT_EQ(wait.on_tick(t0 + std::chrono::seconds(s), false), WaitAction::KeepWaiting);
  EXPECT_EQ(wait.reason(), WaitReason::None);
}

TEST(RemoteWait, InterruptSendsOneAttentionThenWaitsForItsAcknowledgement) {
  RemoteWait wait;
  wait.start_request(t0, 0);
  EXPECT_EQ(wait.on_tick(t0 + 5s, true), WaitAction::SendAttention);
  EXPECT_EQ(wait.reason(), WaitReason::Interrupt);
  // the interrupt stays pending until the call returns: no second attention, no abandon yet
  EXPECT_EQ(wait.on_tick(t0 + 6s, true), WaitAction::KeepWaiting);
  EXPECT_FALSE(wait.abandoned());
}

TEST(RemoteWait, AnUnacknowledgedAttentionAbandonsTheConnection) {
  RemoteWait wait;
  wait.start_request(t0, 0);
  ASSERT_EQ(wait.on_tick(t0 + 1s, true), WaitAction::SendAttention);
  EXPECT_EQ(wait.on_tick(t0 + 1s + RemoteWait::kAttentionGrace - 1ms, true), WaitAction::KeepWaiting);
  EXPECT_EQ(wait.on_tick(t0 + 1s + RemoteWait::kAttentionGrace, true), WaitAction::Abandon);
  EXPECT_TRUE(wait.abandoned());
  EXPECT_EQ(wait.reason(), WaitReason::Interrupt); // the first reason is the one reported
  EXPECT_EQ(wait.on_tick(t0 + 100s, false), WaitAction::Abandon);
}

TEST(RemoteWait, QueryTimeoutSendsAnAttention) {
  RemoteWait wait;
  wait.start_request(t0, 3);
  EXPECT_EQ(wait.on_tick(t0 + 2s, false), WaitAction::KeepWaiting);
  EXPECT_EQ(wait.on_tick(t0 + 3s, false), WaitAction::SendAttention);
  EXPECT_EQ(wait.reason(), WaitReason::QueryTimeout);
  EXPECT_EQ(wait.on_tick(t0 + 3s + RemoteWait::kAttentionGrace, false), WaitAction::Abandon);
}

TEST(RemoteWait, CleanupCancelIsBoundedAndANewInterruptEndsItAtOnce) {
  RemoteWait bounded;
  bounded.start_cleanup(t0);
  EXPECT_EQ(bounded.on_tick(t0 + 1s, false), WaitAction::KeepWaiting);
  EXPECT_EQ(bounded.on_tick(t0 + RemoteWait::kAttentionGrace, false), WaitAction::Abandon);
  EXPECT_EQ(bounded.reason(), WaitReason::AttentionIgnored);

  RemoteWait interrupted;
  interrupted.start_cleanup(t0);
  EXPECT_EQ(interrupted.on_tick(t0 + 1s, true), WaitAction::Abandon);
  EXPECT_EQ(interrupted.reason(), WaitReason::Interrupt);
}

TEST(RemoteWait, AnInterruptedLoginIsAbandonedAtOnce) {
  RemoteWait wait;
  wait.start_login(t0);
  EXPECT_EQ(wait.on_tick(t0 + 1s, false), WaitAction::KeepWaiting);
  EXPECT_EQ(wait.on_tick(t0 + 2s, true), WaitAction::Abandon);
}

TEST(RemoteWait, StartingAgainForgetsThePreviousWait) {
  RemoteWait wait;
  wait.start_request(t0, 0);
  ASSERT_EQ(wait.on_tick(t0 + 1s, true), WaitAction::SendAttention);
  ASSERT_EQ(wait.on_tick(t0 + 10s, true), WaitAction::Abandon);
  wait.start_request(t0 + 20s, 0);
  EXPECT_FALSE(wait.abandoned());
  EXPECT_EQ(wait.reason(), WaitReason::None);
  EXPECT_EQ(wait.on_tick(t0 + 25s, false), WaitAction::KeepWaiting);
}

} // namespace
