// Streams the rows of one db-lib result set, decoding values into the neutral
// shapes of remote::ResultStream.
#pragma once

#include "remote/remote_connection.hpp"

namespace mssql_upsert::tds {

class TdsConnection;

class TdsResultStream : public remote::ResultStream {
public:
  explicit TdsResultStream(TdsConnection &connection);
  // Cancels the rest of the result if it was not read to the end (bounded),
  // unless an exception destroys it: then the connection is only marked unusable.
  ~TdsResultStream() override;

  const std::vector<remote::ResultColumn> &columns() const override { return columns_; }
  bool next_row() override;
  bool is_null(int column) const override;
  bool get_bool(int column) const override;
  int64_t get_int(int column) const override;
  double get_float(int column) const override;
  remote::DecimalValue get_decimal(int column) const override;
  std::string_view get_bytes(int column) const override;
  remote::DateTimeValue get_datetime(int column) const override;
  std::array<uint8_t, 16> get_uuid(int column) const override;

private:
  const unsigned char *data(int column) const;
  int length(int column) const;
  TdsConnection &connection_;
  std::vector<remote::ResultColumn> columns_;
  std::vector<int> dblib_types_;
  bool finished_ = false;
  int exceptions_at_start_; // std::uncaught_exceptions() when the stream began
};

} // namespace mssql_upsert::tds
