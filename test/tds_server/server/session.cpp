#include "server/session.hpp"

#include "server/backend.hpp"
#include "server/batch_variables.hpp"
#include "server/bulk_load.hpp"
#include "server/catalog_views.hpp"
#include "server/identity_insert.hpp"
#include "server/link_simulation.hpp"
#include "server/merge_executor.hpp"
#include "server/rpc_binding.hpp"
#include "server/select_into.hpp"
#include "server/sql_server_errors.hpp"
#include "server/tsql_rewriter.hpp"
#include "wire/login.hpp"
#include "wire/packet.hpp"
#include "wire/row_encoder.hpp"
#include "wire/rpc.hpp"
#include "wire/tokens.hpp"
#include "wire/transaction_manager.hpp"

#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include <poll.h>

#include <atomic>
#include <fstream>
#include <mutex>
#include <chrono>
#include <iostream>
#include <thread>
#include <memory>

namespace tds_server {

namespace asio = boost::asio;

void log_line(const ServerConfig &config, int spid, const std::string &text) {
  if (config.log_file.empty())
    return;
  static std::mutex mutex;
  std::lock_guard<std::mutex> lock(mutex);
  std::ofstream out(config.log_file, std::ios::app);
  std::string line = text.substr(0, 500);
  for (char &c : line)
    if (c == '\n' || c == '\r')
      c = ' ';
  out << "spid " << spid << ": " << line << "\n";
}

namespace {

// Fault injection, process-wide: armed by EXEC tds_test_fault from any session.
std::atomic<int64_t> g_delay_per_select_ms{0};
// The next N logins fail with 18456 whatever their credentials.
std::atomic<int64_t> g_refuse_logins{0};
// One-shot: the next result stream is cut (connection closed) after this many rows.
std::atomic<int64_t> g_drop_after_rows{0};
// The next N MERGE statements (any session) fail as deadlock victims (1205).
std::atomic<int64_t> g_deadlock_merges{0};
// The next N attentions (any session) are never answered: the session stops
// sending and waits for the client to close, as a hung server or network would.
std::atomic<int64_t> g_ignore_attentions{0};

// Takes one from an armed fault counter; true when it was armed.
bool consume_fault(std::atomic<int64_t> &counter) {
  for (int64_t left = counter.load(); left > 0;)
    if (counter.compare_exchange_weak(left, left - 1))
      return true;
  return false;
}

std::string upper_word(const Token &t) {
  std::string out;
  for (char c : t.text)
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// Thrown to end the session abruptly, as a lost network would.
struct ConnectionDropped {};

// Thrown when the client sent ATTENTION while a statement ran.
struct AttentionReceived {};

// Thrown when the client closed its connection while a statement ran: the
// session ends (its backend query is cancelled, its transaction rolled back).
struct ClientGone {};

class Session {
public:
  Session(asio::ip::tcp::socket socket, const ServerConfig &config, int spid)
      : socket_(std::move(socket)), config_(config), spid_(spid) {
    context_.spid = spid;
    context_.database = config.database;
    assembler_.stream_type(tds::packet_type::kBulkLoad);
  }

  void run() {
    tds::Message message;
    while (read_message(message)) {
      switch (message.type) {
      case tds::packet_type::kPrelogin:
        send_message(tds::prelogin_response());
        break;
      case tds::packet_type::kLogin7:
        if (!login(message.payload))
          return;
        break;
      case tds::packet_type::kSqlBatch: {
        std::string batch = decode_batch(message.payload);
        log_line(config_, spid_, "batch: " + batch);
        pending_bulk_.reset(); // an INSERT BULK not followed by its rows is forgotten
        run_batch(batch);
        break;
      }
      case tds::packet_type::kRpc:
        run_rpc(message.payload);
        break;
      case tds::packet_type::kTransactionManager:
        run_transaction_manager_request(message.payload);
        break;
      case tds::packet_type::kBulkLoad: {
        tds::Bytes out;
        tds::TokenWriter tokens(out);
        log_line(config_, spid_, serve_bulk_load(std::move(pending_bulk_), std::move(message),
                                                 [this](tds::Message &m) { return read_message(m); }, tokens));
        send_message(out);
        break;
      }
      case tds::packet_type::kAttention: // the reply had already ended
        if (consume_fault(g_ignore_attentions))
          go_silent();
        acknowledge_attention();
        break;
      default: {
        tds::Bytes out;
        tds::TokenWriter tokens(out);
        tokens.error(102, 1, 15, "The TDS test server does not support TDS message type " +
                                     std::to_string(message.type) + ".");
        tokens.done(tds::done_status::kError, 0, 0);
        send_message(out);
      }
      }
    }
  }

private:
  bool read_message(tds::Message &message) {
    if (!queued_.empty()) {
      message = std::move(queued_.front());
      queued_.erase(queued_.begin());
      return true;
    }
    uint8_t chunk[65536];
    while (!assembler_.next(message)) {
      boost::system::error_code error;
      std::size_t n = socket_.read_some(asio::buffer(chunk), error);
      if (error)
        return false;
      assembler_.feed(chunk, n);
    }
    wait_for_arrival(message.payload.size());
    response_started_ = false;
    return true;
  }

  // Reads what the client sent meanwhile, without blocking; an ATTENTION among it
  // interrupts the running statement.
  void poll_for_attention() {
    boost::system::error_code error;
    std::size_t available = socket_.available(error);
    if (error)
      throw ClientGone{};
    if (available == 0) {
      // Readable with nothing to read: the client closed the connection.
      pollfd fd{socket_.native_handle(), POLLIN, 0};
      if (::poll(&fd, 1, 0) > 0 && (fd.revents & (POLLIN | POLLHUP | POLLERR)) != 0)
        throw ClientGone{};
      return;
    }
    std::vector<uint8_t> chunk(available);
    std::size_t n = socket_.read_some(asio::buffer(chunk), error);
    if (error)
      throw ClientGone{};
    assembler_.feed(chunk.data(), n);
    tds::Message message;
    while (assembler_.next(message)) {
      if (message.type == tds::packet_type::kAttention)
        throw AttentionReceived{};
      queued_.push_back(std::move(message)); // answered after this batch
    }
  }

  void delay_interruptibly(int64_t milliseconds) {
    auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(milliseconds);
    while (std::chrono::steady_clock::now() < until) {
      poll_for_attention();
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }

  void write_bytes(const tds::Bytes &bytes) {
    if (bytes.empty())
      return;
    wait_for_departure(bytes.size(), !response_started_);
    response_started_ = true;
    asio::write(socket_, asio::buffer(bytes));
  }

  void send_message(const tds::Bytes &payload) {
    tds::PacketWriter writer(tds::packet_type::kTabularResult, packet_size_, static_cast<uint16_t>(spid_));
    writer.payload() = payload;
    tds::Bytes out;
    writer.finish(out);
    write_bytes(out);
  }

  bool login(const tds::Bytes &payload) {
    tds::Bytes out;
    tds::TokenWriter tokens(out);
    tds::Login7 login;
    try {
      login = tds::parse_login7(payload);
    } catch (const tds::WireError &e) {
      tokens.error(18456, 1, 14, "Login failed: malformed LOGIN7 (" + std::string(e.what()) + ").");
      tokens.done(tds::done_status::kError, 0, 0);
      send_message(out);
      return false;
    }
    bool database_ok = login.database.empty() || login.database == config_.database ||
                       login.database == "master";
    log_line(config_, spid_, "login: user '" + login.user_name + "' app '" + login.app_name +
                                 "' database '" + login.database + "'");
    bool refused = consume_fault(g_refuse_logins);
    if (refused || login.user_name != config_.user || login.password != config_.password || !database_ok) {
      tokens.error(18456, 1, 14, "Login failed for user '" + login.user_name + "'.");
      tokens.done(tds::done_status::kError, 0, 0);
      send_message(out);
      return false;
    }
    try {
      backend_ = std::make_unique<Backend>(config_.backend_conninfo);
      // sys.dm_exec_sessions lists the sessions from these names (catalog_views.cpp).
      backend_->execute("SET application_name = " +
                        pg_string(session_application_name(spid_, login.user_name, login.app_name)));
    } catch (const SqlServerError &e) {
      tokens.error(e.number, 1, e.severity, e.what());
      tokens.done(tds::done_status::kError, 0, 0);
      send_message(out);
      return false;
    }
    if (login.packet_size >= 512 && login.packet_size <= 32767)
      packet_size_ = login.packet_size;
    tokens.env_change_database(config_.database, "master");
    tokens.info(5701, 2, 0, "Changed database context to '" + config_.database + "'.");
    tokens.env_change_collation();
    tokens.env_change_language("us_english");
    tokens.env_change_packet_size(static_cast<uint32_t>(packet_size_), 4096);
    tokens.login_ack();
    tokens.done(tds::done_status::kFinal, 0, 0);
    send_message(out);
    return true;
  }

  std::string decode_batch(const tds::Bytes &payload) {
    std::size_t skip = 0;
    if (payload.size() >= 4) {
      uint32_t total = payload[0] | payload[1] << 8 | payload[2] << 16 | static_cast<uint32_t>(payload[3]) << 24;
      if (total >= 4 && total <= payload.size() && total < 1024)
        skip = total; // ALL_HEADERS
    }
    std::string text;
    tds::utf16le_to_utf8(std::string(reinterpret_cast<const char *>(payload.data()) + skip, payload.size() - skip), text);
    return text;
  }

  // An RPC: sp_executesql runs its statement as a batch with the parameters bound.
  void run_rpc(const tds::Bytes &payload) {
    ExecuteSqlCall call;
    try {
      call = execute_sql_call(tds::parse_rpc_request(payload));
    } catch (const std::exception &e) {
      const auto *sql_error = dynamic_cast<const SqlServerError *>(&e);
      tds::Bytes out;
      tds::TokenWriter tokens(out);
      tokens.error(sql_error ? sql_error->number : 8009, 1, sql_error ? sql_error->severity : 16, e.what());
      tokens.done_proc(tds::done_status::kError);
      send_message(out);
      return;
    }
    log_line(config_, spid_, "rpc sp_executesql: " + call.statement);
    if (!call.values.empty()) {
      std::string values;
      for (std::size_t i = 0; i < call.values.size(); ++i) {
        const tds::RpcParameter &value = call.values[i];
        values += (i ? ", " : "") + value.name + " " + tds::format_sql_type(value.type) +
                  (call.declared_types[i].empty() ? "" : " as " + call.declared_types[i]) + " = " +
                  (value.is_null ? std::string("NULL") : "'" + value.value + "'");
      }
      log_line(config_, spid_, "rpc values: " + values);
    }
    run_batch(call.statement, &call.values, &call.declared_types);
  }

  // A transaction-manager request (python-tds with autocommit off, tedious'
  // beginTransaction): begin, commit and rollback as the T-SQL statements do,
  // each answered with its ENVCHANGE and a DONE; savepoints and distributed
  // transactions are refused.
  void run_transaction_manager_request(const tds::Bytes &payload) {
    tds::Bytes out;
    tds::TokenWriter tokens(out);
    try {
      const tds::TmRequest request = tds::parse_tm_request(payload);
      log_line(config_, spid_,
               "transaction manager request " + std::to_string(static_cast<int>(request.kind)) +
                   (request.name.empty() ? "" : " " + request.name));
      switch (request.kind) {
      case tds::TmRequest::Kind::Begin:
        begin_tm_transaction(out);
        break;
      case tds::TmRequest::Kind::Commit:
      case tds::TmRequest::Kind::Rollback: {
        const bool commit = request.kind == tds::TmRequest::Kind::Commit;
        run_transaction_statement(commit ? StatementKind::Commit : StatementKind::Rollback);
        if (context_.trancount == 0)
          tds::put_env_change_end_transaction(out, commit, transaction_descriptor_);
        if (request.begin_after)
          begin_tm_transaction(out);
        break;
      }
      default:
        throw SqlServerError(
            8009, 16,
            "The TDS test server supports only begin, commit and rollback "
            "transaction-manager requests (no savepoints, no distributed transactions).");
      }
      tokens.done(0, 0, 0);
    } catch (const SqlServerError &e) {
      tokens.error(e.number, 1, e.severity, e.what());
      tokens.done(tds::done_status::kError, 0, 0);
    } catch (const tds::WireError &e) {
      tokens.error(8009, 1, 16, e.what());
      tokens.done(tds::done_status::kError, 0, 0);
    }
    send_message(out);
  }

  void begin_tm_transaction(tds::Bytes &out) {
    const bool outermost = context_.trancount == 0;
    run_transaction_statement(StatementKind::Begin);
    if (outermost)
      transaction_descriptor_ = (static_cast<uint64_t>(spid_) << 32) | ++transactions_begun_;
    tds::put_env_change_begin_transaction(out, transaction_descriptor_);
  }

  // rpc_values: the batch is an RPC's (sp_executesql): statements end with
  // DONEINPROC and the response with RETURNSTATUS and DONEPROC.
  void run_batch(const std::string &batch,
                 const std::vector<tds::RpcParameter> *rpc_values = nullptr,
                 const std::vector<std::string> *declared_types = nullptr) {
    tds::PacketWriter writer(tds::packet_type::kTabularResult, packet_size_, static_cast<uint16_t>(spid_));
    done_token_ = rpc_values ? tds::done_token::kDoneInProc : tds::done_token::kDone;
    tds::TokenWriter tokens(writer.payload(), done_token_);
    std::vector<std::vector<Token>> statements;
    bool failed = false, cancelled = false;
    try {
      statements = split_batch(batch);
      if (rpc_values)
        bind_parameters(statements, *rpc_values,
                        declared_types ? *declared_types : std::vector<std::string>{});
    } catch (const SqlServerError &e) {
      tokens.error(e.number, 1, e.severity, e.what());
      if (rpc_values)
        tokens.done_proc(tds::done_status::kError);
      else
        tokens.done(tds::done_status::kError, 0, 0);
      tds::Bytes out;
      writer.finish(out);
      write_bytes(out);
      return;
    }
    if (statements.empty() && !rpc_values)
      tokens.done(tds::done_status::kFinal, 0, 0);
    variables_.clear();
    // A SET FMTONLY closing a batch sends no DONE of its own, as on SQL Server:
    // freebcp -n reads the table's columns from "SET FMTONLY ON select * from t
    // SET FMTONLY OFF" after the last result, which a trailing DONE would free.
    // Only FMTONLY: another trailing SET may fail, and its error needs a DONE
    // that is not preceded by a final one.
    std::size_t answered = statements.size();
    while (answered > 1 && statements[answered - 1].size() > 1 &&
           upper_word(statements[answered - 1][0]) == "SET" &&
           upper_word(statements[answered - 1][1]) == "FMTONLY")
      --answered;
    for (std::size_t i = 0; i < statements.size(); ++i) {
      uint16_t more = i + 1 < answered || rpc_values ? tds::done_status::kMore : 0;
      tds::PacketWriter unanswered(tds::packet_type::kTabularResult, packet_size_, 0);
      try {
        rows_sent_ = 0;
        run_statement(statements[i], i < answered ? writer : unanswered, more);
      } catch (const ConnectionDropped &) {
        boost::system::error_code ignored;
        socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
        socket_.close(ignored);
        throw std::runtime_error("connection dropped by fault injection");
      } catch (const ClientGone &) {
        throw std::runtime_error("the client closed the connection");
      } catch (const AttentionReceived &) {
        // As SQL Server: the reply stops at a token boundary (what is buffered
        // ends after a whole token, and the client may already hold part of
        // it), ends with a DONE of its own, and the attention is acknowledged
        // by a separate DONE(ATTN) message after it.
        cancelled = true;
        break;
      } catch (const SqlServerError &raised) {
        const SqlServerError e = raised.number == 1205 ? deadlock_victim_error(spid_) : raised;
        failed = true;
        if (i >= answered)
          continue_after_last_done(writer.payload());
        log_line(config_, spid_, "error " + std::to_string(e.number) + ": " + e.what());
        tokens.error(e.number, e.number == 1205 ? 51 : 1, e.severity, e.what());
        tokens.done(static_cast<uint16_t>(tds::done_status::kError | more), 0, 0);
        if (e.number == 1205) {
          // A deadlock victim's transaction is rolled back and its batch aborted.
          if (backend_->in_transaction())
            backend_->execute_ignoring_errors("ROLLBACK");
          context_.trancount = 0;
          break;
        }
      } catch (const std::exception &e) {
        failed = true;
        if (i >= answered)
          continue_after_last_done(writer.payload());
        tokens.error(50000, 1, 16, std::string("TDS test server: ") + e.what());
        tokens.done(static_cast<uint16_t>(tds::done_status::kError | more), 0, 0);
      }
    }
    // Table variables end with their batch.
    for (const std::string &sql : variables_.drop_sql())
      backend_->execute_ignoring_errors(sql);
    variables_.clear();
    if (cancelled && consume_fault(g_ignore_attentions))
      go_silent(); // not even the rest of the reply
    if (cancelled && !rpc_values)
      tokens.done(tds::done_status::kFinal, 0, 0);
    if (rpc_values) {
      tokens.return_status(failed || cancelled ? -6 : 0);
      tokens.done_proc(failed ? tds::done_status::kError : tds::done_status::kFinal);
    }
    tds::Bytes out;
    writer.finish(out);
    write_bytes(out);
    if (cancelled)
      acknowledge_attention();
  }

  // Fault ignore_attentions: send nothing more; the session ends when the client closes.
  [[noreturn]] void go_silent() {
    log_line(config_, spid_, "attention ignored (fault injection)");
    tds::Message message;
    while (read_message(message)) {
    }
    throw std::runtime_error("client closed the connection after an unanswered attention");
  }

  void acknowledge_attention() {
    log_line(config_, spid_, "attention acknowledged");
    tds::Bytes out;
    tds::TokenWriter(out).done(tds::done_status::kAttention, 0, 0);
    send_message(out);
  }

  // A trailing SET (answered with no DONE of its own) failed: its error must still
  // reach the client, so the DONE that ended the response gets the MORE bit.
  static void continue_after_last_done(tds::Bytes &payload) {
    const std::size_t done_size = 13;
    if (payload.size() >= done_size) {
      uint8_t token = payload[payload.size() - done_size];
      if (token == tds::done_token::kDone || token == tds::done_token::kDoneInProc)
        payload[payload.size() - done_size + 1] |= tds::done_status::kMore;
    }
  }

  void run_statement(const std::vector<Token> &statement, tds::PacketWriter &writer, uint16_t more) {
    tds::TokenWriter tokens(writer.payload(), done_token_);
    if (is_insert_bulk(statement)) { // the rows follow in a bulk-load message
      InsertBulkRequest request = parse_insert_bulk(statement);
      backend_->set_error_context({request.table, "INSERT", config_.database});
      pending_bulk_ = std::make_unique<BulkLoad>(*backend_, std::move(request));
      tokens.done(more, 0, 0);
      return;
    }
    context_.variables = &variables_;
    context_.identity_insert = identity_insert_ ? &*identity_insert_ : nullptr;
    RewrittenStatement s = rewrite_statement(statement, context_);
    backend_->set_error_context({s.error_object, statement.empty() ? "" : upper_ascii(statement[0].text),
                                 config_.database});
    if (!s.condition_sql.empty() && !backend_->query_bool(s.condition_sql)) {
      tokens.done(more, 0, 0);
      return;
    }
    switch (s.kind) {
    case StatementKind::SetOption:
      if (s.set_option == "FMTONLY")
        fmtonly_ = s.set_value == "ON";
      tokens.done(more, 0, 0);
      return;
    case StatementKind::NoOp:
      tokens.done(more, 0, 0);
      return;
    case StatementKind::Fault:
      if (s.fault_kind == "delay_per_statement_ms")
        g_delay_per_select_ms = s.fault_count;
      else if (s.fault_kind == "drop_after_rows")
        g_drop_after_rows = s.fault_count;
      else if (s.fault_kind == "refuse_logins")
        g_refuse_logins = s.fault_count;
      else if (s.fault_kind == "deadlock")
        g_deadlock_merges = s.fault_count;
      else if (s.fault_kind == "ignore_attentions")
        g_ignore_attentions = s.fault_count;
      else if (s.fault_kind == "link")
        arm_link({s.link_bandwidth_mbit, s.link_rtt_us});
      else if (s.fault_kind == "clear")
        g_delay_per_select_ms = 0, g_drop_after_rows = 0, g_refuse_logins = 0,
        g_deadlock_merges = 0, g_ignore_attentions = 0, arm_link({});
      else
        throw SqlServerError(50000, 16, "tds_test_fault: unknown @kind '" + s.fault_kind + "'.");
      tokens.done(more, 0, 0);
      return;
    case StatementKind::Begin:
    case StatementKind::Commit:
    case StatementKind::Rollback:
      run_transaction_statement(s.kind);
      tokens.done(more, 0, 0);
      return;
    case StatementKind::Declare:
    case StatementKind::SetVariable:
      run_variable_statement(*s.variables, *backend_, variables_);
      tokens.done(more, 0, 0);
      return;
    case StatementKind::IdentityInsert:
      apply_identity_insert(*s.identity, *backend_, identity_insert_, config_.database);
      tokens.done(more, 0, 0);
      return;
    case StatementKind::Merge: {
      if (consume_fault(g_deadlock_merges))
        throw deadlock_victim_error(spid_);
      int64_t rows = run_merge(*s.merge, *backend_, identity_insert_,
                               [&](const std::string &sql) { send_rows(sql, writer); });
      context_.rowcount = rows;
      tokens.done(static_cast<uint16_t>(more | tds::done_status::kCount), s.cur_cmd, static_cast<uint64_t>(rows));
      return;
    }
    case StatementKind::CreateTable:
      backend_->execute(s.pg_sql);
      for (const std::string &sql : s.pg_after)
        backend_->execute(sql);
      tokens.done(more, 0, 0);
      return;
    case StatementKind::SelectInto: {
      int64_t rows = run_select_into(*backend_, s);
      context_.rowcount = rows;
      tokens.done(static_cast<uint16_t>(more | tds::done_status::kCount), s.cur_cmd, static_cast<uint64_t>(rows));
      return;
    }
    case StatementKind::Command: {
      int64_t rows = backend_->execute(s.pg_sql);
      if (identity_insert_ && s.cur_cmd == 0xC3)
        backend_->execute(identity_reseed_sql(*identity_insert_));
      context_.rowcount = rows;
      tokens.done(static_cast<uint16_t>(more | tds::done_status::kCount), s.cur_cmd, static_cast<uint64_t>(rows));
      return;
    }
    case StatementKind::Select: {
      if (int64_t delay = g_delay_per_select_ms.load(); delay > 0)
        delay_interruptibly(delay);
      int64_t rows = send_rows(s.pg_sql, writer);
      context_.rowcount = rows;
      tokens.done(static_cast<uint16_t>(more | tds::done_status::kCount), s.cur_cmd, static_cast<uint64_t>(rows));
      return;
    }
    }
  }

  // BEGIN/COMMIT/ROLLBACK TRAN with SQL Server's nesting: only the outermost
  // COMMIT commits; ROLLBACK ends the whole transaction.
  void run_transaction_statement(StatementKind kind) {
    if (kind == StatementKind::Begin) {
      if (context_.trancount++ == 0)
        backend_->execute("BEGIN");
      return;
    }
    if (context_.trancount == 0)
      throw SqlServerError(kind == StatementKind::Commit ? 3902 : 3903, 16,
                           std::string("The ") + (kind == StatementKind::Commit ? "COMMIT" : "ROLLBACK") +
                               " TRANSACTION request has no corresponding BEGIN TRANSACTION.");
    if (kind == StatementKind::Rollback) {
      context_.trancount = 0;
      backend_->execute("ROLLBACK");
    } else if (--context_.trancount == 0) {
      backend_->execute("COMMIT");
    }
  }

  // Sends COLMETADATA and the rows of a query; returns the number of rows.
  int64_t send_rows(const std::string &sql, tds::PacketWriter &writer) {
    tds::TokenWriter tokens(writer.payload());
    std::vector<tds::ColumnMeta> columns = backend_->describe(sql);
    tokens.col_metadata(columns);
    int64_t rows = 0;
    if (!fmtonly_) {
      rows = backend_->stream(sql, columns, [&](const std::vector<tds::PgValue> &values) {
        if (int64_t drop_at = g_drop_after_rows.load(); drop_at > 0 && ++rows_sent_ >= drop_at) {
          g_drop_after_rows = 0;
          tds::Bytes out;
          writer.take_full_packets(out); // what a real network would have delivered
          write_bytes(out);
          throw ConnectionDropped{};
        }
        tds::encode_row(writer.payload(), columns, values);
        if (++rows_since_poll_ % 1024 == 0)
          poll_for_attention();
        if (writer.payload().size() >= packet_size_ * 8) {
          tds::Bytes out;
          writer.take_full_packets(out);
          write_bytes(out);
        }
      });
    }
    return rows;
  }

  asio::ip::tcp::socket socket_;
  const ServerConfig &config_;
  int spid_;
  std::size_t packet_size_ = 4096;
  bool fmtonly_ = false;
  uint8_t done_token_ = tds::done_token::kDone; // DONEINPROC while an RPC runs
  bool response_started_ = false; // the link simulation's one-way delay is paid once per response
  uint64_t transaction_descriptor_ = 0; // of the transaction a TM request began (ENVCHANGE 8)
  uint32_t transactions_begun_ = 0;
  RewriteContext context_;
  tds::MessageAssembler assembler_;
  std::vector<tds::Message> queued_;
  uint64_t rows_since_poll_ = 0;
  int64_t rows_sent_ = 0;
  std::unique_ptr<Backend> backend_;
  std::unique_ptr<BulkLoad> pending_bulk_; // after INSERT BULK, until its bulk-load message
  BatchVariables variables_;
  std::optional<IdentityInsertState> identity_insert_;
};

} // namespace

void serve_session(asio::ip::tcp::socket socket, const ServerConfig &config, int spid) {
  try {
    Session(std::move(socket), config, spid).run();
  } catch (const std::exception &e) {
    std::cerr << "session " << spid << " ended: " << e.what() << std::endl;
  }
}

} // namespace tds_server
