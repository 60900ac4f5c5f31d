#include "remote/remote_wait.hpp"

namespace mssql_upsert::remote {

void RemoteWait::start_request(Clock::time_point now, int query_timeout_seconds) {
  *this = RemoteWait();
  started_ = now;
  query_timeout_seconds_ = query_timeout_seconds;
}

void RemoteWait::start_login(Clock::time_point now) {
  *this = RemoteWait();
  phase_ = Phase::Login;
  started_ = now;
}

void RemoteWait::start_cleanup(Clock::time_point now) {
  *this = RemoteWait();
  phase_ = Phase::Cleanup;
  started_ = now;
  attention_sent_ = true;
  attention_at_ = now;
}

WaitAction RemoteWait::attention(Clock::time_point now, WaitReason reason) {
  if (reason_ == WaitReason::None)
    reason_ = reason;
  attention_sent_ = true;
  attention_at_ = now;
  return WaitAction::SendAttention;
}

WaitAction RemoteWait::abandon(WaitReason reason) {
  if (reason_ == WaitReason::None)
    reason_ = reason;
  abandoned_ = true;
  return WaitAction::Abandon;
}

WaitAction RemoteWait::on_tick(Clock::time_point now, bool interrupt_pending) {
  if (abandoned_)
    return WaitAction::Abandon;
  if (attention_sent_) {
    if (now - attention_at_ >= kAttentionGrace)
      return abandon(WaitReason::AttentionIgnored);
    // During a request the interrupt that sent the attention is still pending;
    // during a cleanup cancel an interrupt is a new one: the user insists.
    if (phase_ == Phase::Cleanup && interrupt_pending)
      return abandon(WaitReason::Interrupt);
    return WaitAction::KeepWaiting;
  }
  if (interrupt_pending)
    return phase_ == Phase::Login ? abandon(WaitReason::Interrupt) : attention(now, WaitReason::Interrupt);
  if (phase_ == Phase::Request && query_timeout_seconds_ > 0 &&
      now - started_ >= std::chrono::seconds(query_timeout_seconds_))
    return attention(now, WaitReason::QueryTimeout);
  return WaitAction::KeepWaiting;
}

} // namespace mssql_upsert::remote
