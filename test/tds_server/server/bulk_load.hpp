// Bulk load as FreeTDS (bcp_*, freebcp) and python3-tds send it: an
// "insert bulk <table> (<columns>) [with (<hints>)]" batch names the target,
// then one bulk-load message (packet type 0x07) carries COLMETADATA and rows.
// Rows go to the backend with COPY ... FROM STDIN (FORMAT binary): straight
// into the target when every column arrives in its own type, else through a
// TEMP staging table and one INSERT ... SELECT with casts (pytds sends
// nvarchar(4000) for everything) and, without KEEP_NULLS, NULL -> the default.
// Each message is atomic.
#pragma once

#include "server/tsql_rewriter.hpp"
#include "wire/bulk_decoder.hpp"
#include "wire/packet.hpp"
#include "wire/tokens.hpp"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace tds_server {

class Backend;
class BackendTransaction;

struct InsertBulkRequest {
  std::string table;                // as written, for messages: dbo.Orders, #stg
  std::string backend_table;        // quoted PostgreSQL name; #x resolves to the session's TEMP table
  std::vector<std::string> columns; // as listed
  bool keep_nulls = false, tablock = false, check_constraints = false, fire_triggers = false;
};

bool is_insert_bulk(const std::vector<Token> &tokens);
// Pure. Throws SqlServerError 102 on what it cannot parse.
InsertBulkRequest parse_insert_bulk(const std::vector<Token> &tokens);

// A target column as the backend has it.
struct BulkTargetColumn {
  std::string name;                         // backend (lower-case) name
  std::optional<tds::ColumnType> declared;  // SQL Server type from the column comment
  std::string backend_type;                 // format_type(), e.g. numeric(10,2)
  std::string default_sql;                  // "" = none
  bool identity = false;
};

// Pure: how the decoded columns reach the target (which the caller resolved).
struct BulkLoadPlan {
  std::string copy_sql;      // COPY <target or staging> (...) FROM STDIN (FORMAT binary)
  std::string staging_sql;   // "" = no staging; else the CREATE TEMP TABLE of the staging table
  std::string insert_sql;    // staging only: INSERT INTO <target> SELECT ... FROM staging
};
// Throws SqlServerError 207 for a column the target lacks.
BulkLoadPlan plan_bulk_load(const InsertBulkRequest &request, const std::vector<BulkTargetColumn> &target,
                            const std::vector<tds::BulkColumn> &stream);

class BulkLoad {
public:
  // Resolves the target table: 208 if it does not exist, 207 for unknown columns.
  BulkLoad(Backend &backend, InsertBulkRequest request);
  ~BulkLoad();
  BulkLoad(const BulkLoad &) = delete;
  BulkLoad &operator=(const BulkLoad &) = delete;

  // One piece of the bulk-load message. Throws SqlServerError or tds::BulkDataError.
  void feed(const tds::Bytes &piece);
  // At the end of the message: completes the load; returns the rows inserted.
  int64_t finish();
  // Discards everything loaded so far (rolls back). Never throws.
  void abort() noexcept;
  const std::string &table() const { return request_.table; }

private:
  void start();
  Backend &backend_;
  InsertBulkRequest request_;
  std::vector<BulkTargetColumn> target_;
  tds::BulkRowDecoder decoder_;
  tds::Bytes copy_data_;
  BulkLoadPlan plan_;
  bool copying_ = false;
  std::unique_ptr<BackendTransaction> transaction_;
};

// Serves one bulk-load message, `first` being its first piece and next_piece
// reading the others; appends the reply (DONE with the row count, or ERROR and
// DONE, or the attention acknowledgement). Returns a line for the log.
// Without a preceding INSERT BULK (load == nullptr) the message is refused.
std::string serve_bulk_load(std::unique_ptr<BulkLoad> load, tds::Message first,
                            const std::function<bool(tds::Message &)> &next_piece, tds::TokenWriter &tokens);

} // namespace tds_server
