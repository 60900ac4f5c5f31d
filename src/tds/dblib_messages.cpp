#include "tds/dblib_messages.hpp"

#include "common/error.hpp"

#include <sybdb.h>
#include <sybfront.h>

namespace mssql_upsert::tds {

namespace {

MessageLog *log_for(DBPROCESS *dbproc) noexcept {
  if (dbproc != nullptr) {
    if (BYTE *data = dbgetuserdata(dbproc))
      return reinterpret_cast<MessageLog *>(data);
  }
  return &login_message_log();
}

// The timeout is set to one second (dbsettime) so this runs every second while
// a call waits: that is where cancel requests, query_timeout and the bound on
// an unacknowledged attention are checked. INT_TIMEOUT makes FreeTDS send an
// attention and keep reading; INT_CANCEL makes it close the connection.
int handle_timeout(MessageLog &log) noexcept {
  bool interrupt = false;
  try {
    interrupt = log.interrupt_requested && log.interrupt_requested();
  } catch (...) {
    interrupt = true; // cannot tell: stop waiting rather than wait forever
  }
  switch (log.wait.on_tick(remote::RemoteWait::Clock::now(), interrupt)) {
  case remote::WaitAction::KeepWaiting:
    return INT_CONTINUE;
  case remote::WaitAction::SendAttention:
    return INT_TIMEOUT;
  case remote::WaitAction::Abandon:
    break;
  }
  return INT_CANCEL;
}

void record(MessageLog &log, ServerMessage message) noexcept {
  try {
    log.errors.push_back(std::move(message));
  } catch (...) {
    log.lost_message = true;
  }
}

extern "C" int on_dblib_error(DBPROCESS *dbproc, int severity, int dberr, int, char *dberrstr,
                              char *oserrstr) noexcept {
  MessageLog &log = *log_for(dbproc);
  if (dberr == SYBETIME)
    return handle_timeout(log);
  try {
    std::string text = dberrstr ? dberrstr : "unknown FreeTDS error";
    if (oserrstr != nullptr && *oserrstr != '\0')
      text += std::string(" (") + oserrstr + ")";
    record(log, {dberr, severity, 0, std::move(text), false});
  } catch (...) {
    log.lost_message = true;
  }
  return INT_CANCEL;
}

extern "C" int on_dblib_message(DBPROCESS *dbproc, DBINT msgno, int msgstate, int severity,
                                char *msgtext, char *, char *, int) noexcept {
  // Severity 10 and below are informational (5701 "Changed database context", PRINT).
  if (severity <= 10)
    return 0;
  MessageLog &log = *log_for(dbproc);
  try {
    record(log, {static_cast<int>(msgno), severity, msgstate, msgtext ? msgtext : "", true});
  } catch (...) {
    log.lost_message = true;
  }
  return 0;
}

// They run inside FreeTDS's C frames: an exception must never leave them.
static_assert(noexcept(on_dblib_error(nullptr, 0, 0, 0, nullptr, nullptr)));
static_assert(noexcept(on_dblib_message(nullptr, 0, 0, 0, nullptr, nullptr, nullptr, 0)));

} // namespace

void MessageLog::start_wait() { wait.start_request(remote::RemoteWait::Clock::now(), query_timeout_seconds); }

void MessageLog::start_login_wait() { wait.start_login(remote::RemoteWait::Clock::now()); }

void MessageLog::start_cleanup_wait() { wait.start_cleanup(remote::RemoteWait::Clock::now()); }

void MessageLog::clear() {
  errors.clear();
  lost_message = false;
  wait = remote::RemoteWait();
}

std::string MessageLog::summary() const {
  std::string out;
  for (const ServerMessage &m : errors) {
    if (!out.empty())
      out += "; ";
    out += (m.from_server ? "SQL Server error " : "FreeTDS error ") + std::to_string(m.number) +
           ": " + m.text;
  }
  if (lost_message)
    out += std::string(out.empty() ? "" : "; ") + "(a message was lost: out of memory)";
  return out;
}

MessageLog &login_message_log() {
  static MessageLog log;
  return log;
}

void ensure_dblib_ready() {
  static bool ready = false;
  if (ready)
    return;
  if (dbinit() == FAIL)
    throw Error("FreeTDS db-lib could not be initialised", sqlstate::kFdwError);
  dberrhandle(on_dblib_error);
  dbmsghandle(on_dblib_message);
  dbsettime(1);
  ready = true;
}

} // namespace mssql_upsert::tds
