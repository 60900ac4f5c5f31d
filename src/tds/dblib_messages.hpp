// FreeTDS db-lib reports errors through process-wide callbacks. They only
// collect what they are told into a MessageLog (never throw, never longjmp);
// the wrapper raises after the FreeTDS call returns.
#pragma once

#include <chrono>
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
  std::chrono::steady_clock::time_point wait_started{};
  bool cancelled_by_interrupt = false;
  bool timed_out = false;

  void start_wait();
  void clear();
  bool has_errors() const { return !errors.empty(); }
  // "SQL Server error 208: Invalid object name 'x'." (all errors, joined).
  std::string summary() const;
  int first_error_number() const { return errors.empty() ? 0 : errors.front().number; }
};

// Installs the callbacks and dbinit() once per process.
void ensure_dblib_ready();
// The log that receives messages for calls made before a DBPROCESS exists (login).
MessageLog &login_message_log();

} // namespace mssql_upsert::tds
