// A SQL Server connection over FreeTDS db-lib (owns its DBPROCESS).
#pragma once

#include "options/connection_settings.hpp"
#include "remote/remote_connection.hpp"
#include "tds/dblib_messages.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

struct tds_dblib_dbprocess;

namespace mssql_upsert::tds {

class TdsConnection : public remote::Connection {
public:
  TdsConnection(const options::ConnectionSettings &settings,
                std::function<bool()> interrupt_requested);
  ~TdsConnection() override;
  TdsConnection(const TdsConnection &) = delete;
  TdsConnection &operator=(const TdsConnection &) = delete;

  int64_t execute(const std::string &sql) override;
  std::unique_ptr<remote::ResultStream> query(const std::string &sql) override;
  std::unique_ptr<remote::ResultStream>
  query_with_parameters(const std::string &statement, const std::string &declarations,
                        const std::vector<std::optional<std::string>> &values) override;
  std::unique_ptr<remote::BulkLoad> bulk_load(const std::string &table,
                                              const std::vector<remote::BulkColumn> &columns) override;
  bool usable() const override;
  void close() noexcept override;

  // For the result stream: raise what the last call collected, if anything.
  // what names the action for the message ("reading rows of ...").
  void raise_if_failed(bool call_failed, const std::string &what);
  tds_dblib_dbprocess *dbproc() const { return dbproc_; }
  MessageLog &messages() { return messages_; }
  // Sends an attention and discards pending results (cancel mid-stream). Waits
  // at most RemoteWait::kAttentionGrace; a connection whose cancel did not
  // complete is marked unusable (FreeTDS has closed it).
  void cancel_pending();
  void mark_unusable() { broken_ = true; }
  // Reads and discards every remaining result set; returns the rows they report
  // as affected. what names the action for error messages.
  int64_t drain_results(const std::string &what);

private:
  void send(const std::string &sql);
  void require_usable() const;
  // The first result set of what was sent, skipping results without columns.
  std::unique_ptr<remote::ResultStream> first_result_set(const std::string &what_was_sent);
  tds_dblib_dbprocess *dbproc_ = nullptr;
  MessageLog messages_;
  std::string description_; // host:port/db as user, for messages
  bool broken_ = false;
};

} // namespace mssql_upsert::tds
