#include "tds/dblib_messages.hpp"

#include "common/error.hpp"

#include <sybdb.h>
#include <sybfront.h>

namespace mssql_upsert::tds {

namespace {

MessageLog *log_for(DBPROCESS *dbproc) {
  if (dbproc != nullptr) {
    if (BYTE *data = dbgetuserdata(dbproc))
      return reinterpret_cast<MessageLog *>(data);
  }
  return &login_message_log();
}

// The timeout is set to one second (dbsettime) so this runs every second while
// a call waits: that is where cancel requests and the real query timeout are checked.
int handle_timeout(MessageLog &log) {
  if (log.interrupt_requested && log.interrupt_requested()) {
    log.cancelled_by_interrupt = true;
    return INT_CANCEL;
  }
  if (log.query_timeout_seconds > 0 &&
      std::chrono::steady_clock::now() - log.wait_started >=
          std::chrono::seconds(log.query_timeout_seconds)) {
    log.timed_out = true;
    return INT_CANCEL;
  }
  return INT_CONTINUE;
}

extern "C" int on_dblib_error(DBPROCESS *dbproc, int severity, int dberr, int, char *dberrstr,
                              char *oserrstr) {
  MessageLog &log = *log_for(dbproc);
  if (dberr == SYBETIME)
    return handle_timeout(log);
  std::string text = dberrstr ? dberrstr : "unknown FreeTDS error";
  if (oserrstr != nullptr && *oserrstr != '\0')
    text += std::string(" (") + oserrstr + ")";
  log.errors.push_back({dberr, severity, 0, text, false});
  return INT_CANCEL;
}

extern "C" int on_dblib_message(DBPROCESS *dbproc, DBINT msgno, int msgstate, int severity,
                                char *msgtext, char *, char *, int) {
  // Severity 10 and below are informational (5701 "Changed database context", PRINT).
  if (severity <= 10)
    return 0;
  log_for(dbproc)->errors.push_back({static_cast<int>(msgno), severity, msgstate,
                                     msgtext ? msgtext : "", true});
  return 0;
}

} // namespace

void MessageLog::start_wait() { wait_started = std::chrono::steady_clock::now(); }

void MessageLog::clear() {
  errors.clear();
  cancelled_by_interrupt = false;
  timed_out = false;
}

std::string MessageLog::summary() const {
  std::string out;
  for (const ServerMessage &m : errors) {
    if (!out.empty())
      out += "; ";
    out += (m.from_server ? "SQL Server error " : "FreeTDS error ") + std::to_string(m.number) +
           ": " + m.text;
  }
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
