// The bulk-load message (packet type 0x07) as FreeTDS bcp_*/freebcp and
// python3-tds send it: COLMETADATA, then ROW tokens (and, from pytds, a DONE).
// Rows are decoded straight into PostgreSQL binary COPY tuples. The decoder is
// fed the message piece by piece, so a load of any size streams; an incomplete
// row waits for the next piece.
#pragma once

#include "wire/byte_writer.hpp"
#include "wire/sql_type.hpp"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace tds {

// A bulk stream SQL Server would reject, with SQL Server's error number
// (4815 invalid column length, 4816 invalid column type, 4804 premature end).
struct BulkDataError : std::runtime_error {
  BulkDataError(int32_t number, const std::string &message)
      : std::runtime_error(message), number(number) {}
  int32_t number;
};

// One column as the client described it in the bulk stream's COLMETADATA.
struct BulkColumn {
  std::string name;
  ColumnType type;      // the SQL Server type the wire type stands for
  uint8_t wire_type = 0;
  uint16_t flags = 0;
  uint32_t max_bytes = 0; // declared byte length of length-prefixed types; 0xFFFF = PLP
};

// The PostgreSQL type whose binary format the decoder produces for a column of
// this SQL Server type: smallint, integer, bigint, real, double precision,
// numeric, text, bytea, date, time, timestamp, timestamptz or uuid.
std::string bulk_value_pg_type(const ColumnType &type);

class BulkRowDecoder {
public:
  void feed(const uint8_t *data, std::size_t size);
  // Reads the COLMETADATA if it is all there yet; true once it has been read.
  bool read_metadata() { return has_metadata_ || parse_metadata(); }
  const std::vector<BulkColumn> &columns() const { return columns_; }
  // Decodes every complete row fed so far, appending one binary COPY tuple per
  // row to copy_data; returns how many rows it appended. Throws BulkDataError.
  std::size_t take_rows(Bytes &copy_data);
  // At the end of the message: throws BulkDataError if an incomplete row or
  // COLMETADATA remains.
  void finish() const;

private:
  bool parse_metadata();
  Bytes pending_;
  std::size_t position_ = 0;
  bool has_metadata_ = false;
  bool done_seen_ = false;
  std::vector<BulkColumn> columns_;
};

// The binary COPY stream's header and trailer.
void put_copy_binary_header(Bytes &out);
void put_copy_binary_trailer(Bytes &out);

} // namespace tds
