// FreeTDS db-lib reports errors through process-wide callbacks. They only
// collect what they are told into a MessageLog (never throw: they are noexcept
// and run inside FreeTDS's C frames; never longjmp); the wrapper raises after
// the FreeTDS call returns.
#pragma once

#include "remote/remote_wait.hpp"

#include <functional>
#include <string>
#include <vector>

namespace mssql_upsert::tds {

struct ServerMessage {
  int number = 0;   // SQL Server error number (msgno) or FreeTDS dberr
  int severity = 0; // class
  int state = 0;
  std::string text;
  bool from_server = true; // false: a FreeTDS (client library) message
};

class MessageLog {
public:
  std::vector<ServerMessage> errors;
  // Set by the owner: polled while a call waits (every second).
  std::function<bool()> interrupt_requested;
  int query_timeout_seconds = 0;
  // What the periodic check decides while a call waits (cancel, give up).
  remote::RemoteWait wait;
  // A message could not be recorded (out of memory inside a callback).
  bool lost_message = false;

  // A request was sent: its wait starts now.
  void start_wait();
  void start_login_wait();
  // An attention was sent to discard a result: the wait for its acknowledgement starts now.
  void start_cleanup_wait();
  void clear();
  bool has_errors() const { return !errors.empty() || lost_message; }
  bool cancelled_by_interrupt() const { return wait.reason() == remote::WaitReason::Interrupt; }
  bool timed_out() const { return wait.reason() == remote::WaitReason::QueryTimeout; }
  // The connection was given up (closed by FreeTDS) because an attention went
  // unanswered or a new interrupt arrived during a cleanup cancel.
  bool abandoned() const { return wait.abandoned(); }
  // "SQL Server error 208: Invalid object name 'x'." (all errors, joined).
  std::string summary() const;
  int first_error_number() const { return errors.empty() ? 0 : errors.front().number; }
};

// Installs the callbacks and dbinit() once per process.
void ensure_dblib_ready();
// The log that receives messages for calls made before a DBPROCESS exists (login).
MessageLog &login_message_log();

} // namespace mssql_upsert::tds
