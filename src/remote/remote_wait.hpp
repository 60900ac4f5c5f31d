// What a remote call blocked on SQL Server does at each periodic check (the
// driver calls on_tick about once a second while nothing arrives): keep
// waiting, send an attention (cancel), or give the connection up. Pure: the
// clock and the backend's interrupt flag are passed in.
//
// The rule is that nothing waits unboundedly: an attention that SQL Server
// does not acknowledge within kAttentionGrace makes the connection be
// abandoned (closed), and so does a new interrupt while a cleanup cancel waits.
#pragma once

#include <chrono>

namespace mssql_upsert::remote {

enum class WaitAction {
  KeepWaiting,
  SendAttention, // cancel the running request; the connection stays usable if SQL Server acknowledges
  Abandon,       // stop waiting now: the connection is closed and must not be reused
};

enum class WaitReason {
  None,
  Interrupt,       // the backend has a cancel or termination pending
  QueryTimeout,    // query_timeout seconds without an answer
  AttentionIgnored // an attention went unacknowledged for kAttentionGrace
};

class RemoteWait {
public:
  using Clock = std::chrono::steady_clock;
  // How long an attention may go unanswered (SQL Server answers at once).
  static constexpr std::chrono::seconds kAttentionGrace{2};

  // A request was sent (query_timeout_seconds 0 = no limit).
  void start_request(Clock::time_point now, int query_timeout_seconds);
  // A login: nothing to cancel, so an interrupt abandons it at once.
  void start_login(Clock::time_point now);
  // A cleanup cancel (an attention sent to discard the rest of a result): it
  // waits at most kAttentionGrace, and a new interrupt abandons it at once.
  void start_cleanup(Clock::time_point now);

  WaitAction on_tick(Clock::time_point now, bool interrupt_pending);

  // Why the wait ended early (the first reason decides), None if it did not.
  WaitReason reason() const { return reason_; }
  bool abandoned() const { return abandoned_; }

private:
  enum class Phase { Request, Login, Cleanup };
  WaitAction attention(Clock::time_point now, WaitReason reason);
  WaitAction abandon(WaitReason reason);
  Phase phase_ = Phase::Request;
  Clock::time_point started_{};
  int query_timeout_seconds_ = 0;
  bool attention_sent_ = false;
  Clock::time_point attention_at_{};
  WaitReason reason_ = WaitReason::None;
  bool abandoned_ = false;
};

} // namespace mssql_upsert::remote
