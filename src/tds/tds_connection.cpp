#include "tds/tds_connection.hpp"

#include "common/error.hpp"
#include "remote/connection_factory.hpp"
#include "remote/sql_server_error_state.hpp"
#include "tds/tds_bulk_load.hpp"
#include "tds/tds_result_stream.hpp"

#include <sybfront.h>
#include <sybdb.h>

namespace mssql_upsert::tds {

namespace {

int dblib_version(const std::string &tds_version) {
  if (tds_version == "7.0")
    return DBVERSION_70;
  if (tds_version == "7.1")
    return DBVERSION_71;
  if (tds_version == "7.2")
    return DBVERSION_72;
  if (tds_version == "7.3")
    return DBVERSION_73;
  if (tds_version == "auto")
    return DBVERSION_UNKNOWN;
  return DBVERSION_74;
}

// Frees a LOGINREC on every path.
struct LoginRecord {
  LOGINREC *login = dblogin();
  ~LoginRecord() {
    if (login != nullptr)
      dbloginfree(login);
  }
};

} // namespace

TdsConnection::TdsConnection(const options::ConnectionSettings &settings,
                             std::function<bool()> interrupt_requested)
    : description_(settings.describe()) {
  ensure_dblib_ready();
  LoginRecord record;
  if (record.login == nullptr)
    throw Error("FreeTDS could not allocate a login record", sqlstate::kFdwError);
  DBSETLUSER(record.login, settings.username.c_str());
  DBSETLPWD(record.login, settings.password.c_str());
  DBSETLAPP(record.login, settings.appname.c_str());
  DBSETLCHARSET(record.login, "UTF-8");
  DBSETLVERSION(record.login, dblib_version(settings.tds_version));
  if (!settings.database.empty())
    DBSETLDBNAME(record.login, settings.database.c_str());
  if (settings.packet_size > 0)
    DBSETLPACKET(record.login, settings.packet_size);
  BCP_SETL(record.login, TRUE); // bulk load (push) needs it at login
  if (settings.login_timeout_seconds > 0)
    dbsetlogintime(settings.login_timeout_seconds);

  MessageLog &login_log = login_message_log();
  login_log.clear();
  login_log.interrupt_requested = interrupt_requested;
  login_log.query_timeout_seconds = 0;
  login_log.start_login_wait();
  const std::string address = settings.host + ":" + std::to_string(settings.port);
  dbproc_ = dbopen(record.login, address.c_str());
  if (dbproc_ == nullptr) {
    std::string detail = login_log.has_errors() ? login_log.summary() : "no message from FreeTDS";
    bool cancelled = login_log.cancelled_by_interrupt();
    login_log.clear();
    if (cancelled)
      throw Error("canceling statement due to user request", sqlstate::kQueryCanceled);
    throw Error("could not connect to SQL Server for server \"" + settings.server_name + "\" (" +
                    description_ + ")",
                sqlstate::kFdwUnableToEstablishConnection, detail);
  }
  login_log.clear();
  messages_.interrupt_requested = std::move(interrupt_requested);
  messages_.query_timeout_seconds = settings.query_timeout_seconds;
  dbsetuserdata(dbproc_, reinterpret_cast<BYTE *>(&messages_));
  // Without this, db-lib cuts (max) and text values at 4096 bytes.
  execute("SET TEXTSIZE 2147483647");
}

TdsConnection::~TdsConnection() { close(); }

void TdsConnection::close() noexcept {
  if (dbproc_ != nullptr) {
    dbsetuserdata(dbproc_, nullptr);
    dbclose(dbproc_); // closes the socket; SQL Server ends the session and rolls back
    dbproc_ = nullptr;
  }
  broken_ = true;
}

bool TdsConnection::usable() const { return !broken_ && dbproc_ != nullptr && !dbdead(dbproc_); }

void TdsConnection::raise_if_failed(bool call_failed, const std::string &what) {
  if (!call_failed && !messages_.has_errors() && messages_.wait.reason() == remote::WaitReason::None)
    return;
  if (dbproc_ == nullptr || dbdead(dbproc_) || messages_.abandoned())
    broken_ = true;
  // A cancelled or timed-out call fails, so its connection is dropped with its
  // lease: no cleanup cancel for it (the attention, if any, is already sent).
  if (messages_.cancelled_by_interrupt()) {
    messages_.clear();
    broken_ = true;
    throw Error("canceling statement due to user request", sqlstate::kQueryCanceled,
                "The remote query on " + description_ + " was cancelled while " + what + ".");
  }
  if (messages_.timed_out()) {
    int seconds = messages_.query_timeout_seconds;
    messages_.clear();
    broken_ = true;
    throw Error("SQL Server did not answer within query_timeout (" + std::to_string(seconds) +
                    " s) while " + what,
                sqlstate::kQueryCanceled, description_);
  }
  std::string summary = messages_.has_errors() ? messages_.summary() : "the call failed without a message";
  int number = messages_.first_error_number();
  const std::string first_text = messages_.errors.empty() ? "" : messages_.errors.front().text;
  messages_.clear();
  if (broken_)
    throw Error("lost the connection to SQL Server (" + description_ + ") while " + what,
                sqlstate::kConnectionFailure, summary);
  // Discard what the failed batch still has pending (a deadlock victim's MERGE
  // is retried on this connection).
  cancel_pending();
  throw Error(summary, remote::sqlstate_for_sql_server_error(number, first_text),
              "while " + what + " on " + description_);
}

void TdsConnection::cancel_pending() {
  if (dbproc_ == nullptr || broken_ || dbdead(dbproc_)) {
    broken_ = true;
    return;
  }
  // Bounded: an attention SQL Server does not acknowledge in time, or a new
  // interrupt meanwhile, makes FreeTDS close the connection (MessageLog's wait).
  messages_.clear();
  messages_.start_cleanup_wait();
  if (dbcancel(dbproc_) == FAIL || dbdead(dbproc_) || messages_.abandoned())
    broken_ = true;
  messages_.clear();
}

void TdsConnection::require_usable() const {
  if (!usable())
    throw Error("the connection to SQL Server (" + description_ + ") is no longer usable",
                sqlstate::kConnectionFailure);
}

void TdsConnection::send(const std::string &sql) {
  require_usable();
  messages_.clear();
  messages_.start_wait();
  bool failed = dbcmd(dbproc_, sql.c_str()) == FAIL;
  raise_if_failed(failed, "sending a query");
  failed = dbsqlexec(dbproc_) == FAIL;
  raise_if_failed(failed, "running a query");
}

int64_t TdsConnection::drain_results(const std::string &what) {
  int64_t affected = 0;
  RETCODE rc;
  while ((rc = dbresults(dbproc_)) != NO_MORE_RESULTS) {
    raise_if_failed(rc == FAIL, what);
    STATUS row;
    while ((row = dbnextrow(dbproc_)) != NO_MORE_ROWS)
      raise_if_failed(row == FAIL, what); // a FAIL never turns into NO_MORE_ROWS
    if (DBCOUNT(dbproc_) > 0)
      affected += DBCOUNT(dbproc_);
  }
  raise_if_failed(false, what);
  return affected;
}

int64_t TdsConnection::execute(const std::string &sql) {
  send(sql);
  return drain_results("reading results");
}

std::unique_ptr<remote::ResultStream> TdsConnection::query(const std::string &sql) {
  send(sql);
  return first_result_set(sql);
}

std::unique_ptr<remote::ResultStream>
TdsConnection::query_with_parameters(const std::string &statement, const std::string &declarations,
                                     const std::vector<std::optional<std::string>> &values) {
  require_usable();
  messages_.clear();
  messages_.start_wait();
  // ntext for the statement and declarations, as FreeTDS sends sp_prepexec's
  // text: its length has no 4000-character limit. The values go as nvarchar
  // (db-lib's varchar on TDS 7+), converted from UTF-8 by FreeTDS.
  // db-lib keeps the pointers until dbrpcsend: text points into the caller's strings.
  auto text_parameter = [&](const char *name, int type, const std::string *text) {
    BYTE *data = text ? reinterpret_cast<BYTE *>(const_cast<char *>(text->data())) : nullptr;
    return dbrpcparam(dbproc_, name, 0, type, -1, text ? static_cast<DBINT>(text->size()) : 0,
                      data) == SUCCEED;
  };
  bool sent = dbrpcinit(dbproc_, "sp_executesql", 0) == SUCCEED &&
              text_parameter("@stmt", SYBNTEXT, &statement) &&
              text_parameter("@params", SYBNTEXT, &declarations);
  std::vector<std::string> names;
  names.reserve(values.size());
  for (std::size_t i = 0; sent && i < values.size(); ++i) {
    names.push_back("@p" + std::to_string(i + 1));
    sent = text_parameter(names.back().c_str(), SYBVARCHAR, values[i] ? &*values[i] : nullptr);
  }
  if (!sent) // a half-built call would make the next dbrpcinit fail
    dbrpcinit(dbproc_, "", DBRPCRESET);
  sent = sent && dbrpcsend(dbproc_) == SUCCEED;
  raise_if_failed(!sent, "sending a parameterized query");
  raise_if_failed(dbsqlok(dbproc_) == FAIL, "running a parameterized query");
  return first_result_set(statement);
}

std::unique_ptr<remote::ResultStream>
TdsConnection::first_result_set(const std::string &what_was_sent) {
  RETCODE rc = dbresults(dbproc_);
  raise_if_failed(rc == FAIL, "starting to read a result");
  // Statements before the first SELECT of a batch (SET, DECLARE, a MERGE
  // ... OUTPUT INTO) end in results without columns: skip them.
  while (rc == SUCCEED && dbnumcols(dbproc_) == 0) {
    STATUS row;
    while ((row = dbnextrow(dbproc_)) != NO_MORE_ROWS)
      raise_if_failed(row == FAIL, "reading results");
    rc = dbresults(dbproc_);
    raise_if_failed(rc == FAIL, "starting to read a result");
  }
  if (rc == NO_MORE_RESULTS)
    throw Error("the remote query returned no result set", sqlstate::kFdwError, what_was_sent);
  return std::make_unique<TdsResultStream>(*this);
}

std::unique_ptr<remote::BulkLoad> TdsConnection::bulk_load(const std::string &table,
                                                           const std::vector<remote::BulkColumn> &columns) {
  if (!usable())
    throw Error("the connection to SQL Server (" + description_ + ") is no longer usable",
                sqlstate::kConnectionFailure);
  return std::make_unique<TdsBulkLoad>(*this, table, columns);
}

} // namespace mssql_upsert::tds

namespace mssql_upsert::remote {

std::unique_ptr<Connection> open_connection(const options::ConnectionSettings &settings,
                                            std::function<bool()> interrupt_requested) {
  return std::make_unique<tds::TdsConnection>(settings, std::move(interrupt_requested));
}

} // namespace mssql_upsert::remote
