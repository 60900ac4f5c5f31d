// Bulk load over db-lib's bcp_* API: each column is bound once with the host
// type that matches its SQL Server type, so FreeTDS copies values without any
// text round trip; each row points the columns at fresh values.
#pragma once

#include "remote/bulk_load.hpp"

#include <memory>
#include <string>
#include <vector>

namespace mssql_upsert::tds {

class TdsConnection;
struct BulkSlot;

class TdsBulkLoad : public remote::BulkLoad {
public:
  // bcp_init and bcp_bind; table is a quoted T-SQL reference.
  TdsBulkLoad(TdsConnection &connection, const std::string &table,
              const std::vector<remote::BulkColumn> &columns);
  // Unfinished (an error or a cancel on the way): the connection's state is
  // unknown, so it is marked unusable and reopened by the next call.
  ~TdsBulkLoad() override;
  TdsBulkLoad(const TdsBulkLoad &) = delete;
  TdsBulkLoad &operator=(const TdsBulkLoad &) = delete;

  void send_row(const std::vector<remote::BulkValue> &row) override;
  int64_t finish() override;

private:
  void start(); // bcp_init and one bcp_bind per column
  TdsConnection &connection_;
  std::string table_;
  std::string sending_row_; // the failure context of send_row, made once: no allocation per row
  std::vector<remote::BulkColumn> columns_;
  std::vector<std::unique_ptr<BulkSlot>> slots_;
  bool finished_ = false;
};

} // namespace mssql_upsert::tds
