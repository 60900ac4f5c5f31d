// What the sync features need from a SQL Server connection, without naming the
// driver: src/tds implements it over FreeTDS db-lib. Values arrive decoded into
// a few neutral shapes, so the PostgreSQL side converts them natively.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mssql_upsert::remote {

enum class ValueKind : uint8_t {
  Bool,            // bit
  Int,             // tinyint smallint int bigint (int_bytes says which)
  Float,           // real (float_bytes 4), float (8)
  Decimal,         // decimal numeric money smallmoney
  Text,            // char varchar nchar nvarchar text ntext xml: UTF-8 bytes
  Binary,          // binary varbinary image timestamp/rowversion
  Date,            // date
  Time,            // time(n)
  Timestamp,       // datetime smalldatetime datetime2(n)
  TimestampOffset, // datetimeoffset(n)
  Uuid,            // uniqueidentifier
  Unsupported,     // sql_variant, geography, ...: named in errors
};

struct ResultColumn {
  std::string name;
  ValueKind kind = ValueKind::Unsupported;
  std::string type_name; // SQL Server's spelling for messages: "nvarchar(50)", "decimal(10,2)"
  int int_bytes = 0;     // Int: 1 2 4 8
  int float_bytes = 0;   // Float: 4 8
  int precision = 0;     // Decimal
  int scale = 0;         // Decimal; fractional digits of Time/Timestamp/TimestampOffset
  int max_length = 0;    // Text/Binary: declared length (characters or bytes), -1 = max
};

// value = (negative ? -1 : 1) * magnitude / 10^scale; magnitude < 10^38.
struct DecimalValue {
  bool negative = false;
  uint8_t scale = 0;
  unsigned __int128 magnitude = 0;
};

// A date and/or time as SQL Server keeps it.
struct DateTimeValue {
  int32_t days_since_1900 = 0;   // 1900-01-01 = 0; earlier dates negative
  int64_t time_100ns = 0;        // since midnight, 0 .. 863'999'999'999
  int16_t offset_minutes = 0;    // TimestampOffset: local time = UTC + offset; days/time are UTC
};

class ResultStream {
public:
  virtual ~ResultStream() = default;
  virtual const std::vector<ResultColumn> &columns() const = 0;
  // Advances to the next row; false at the end of the result.
  virtual bool next_row() = 0;
  // Accessors for the current row; column is 0-based; call only the one its kind names.
  virtual bool is_null(int column) const = 0;
  virtual bool get_bool(int column) const = 0;
  virtual int64_t get_int(int column) const = 0;
  virtual double get_float(int column) const = 0;
  virtual DecimalValue get_decimal(int column) const = 0;
  virtual std::string_view get_bytes(int column) const = 0; // Text (UTF-8) and Binary
  virtual DateTimeValue get_datetime(int column) const = 0;
  virtual std::array<uint8_t, 16> get_uuid(int column) const = 0; // RFC 4122 byte order
};

class BulkLoad;
struct BulkColumn;

class Connection {
public:
  virtual ~Connection() = default;
  // Runs a batch returning no rows (its results are drained); returns rows affected.
  virtual int64_t execute(const std::string &sql) = 0;
  // Starts a query; the stream must be read to the end or destroyed (which cancels it)
  // before the connection is used again.
  virtual std::unique_ptr<ResultStream> query(const std::string &sql) = 0;
  // Starts sp_executesql over RPC: the statement, its parameter declarations
  // ("@p1 bigint, @p2 nvarchar(4000)") and each @pN's value as text, which SQL
  // Server converts to the declared type (nullopt: NULL; db-lib sends an empty
  // string as NULL too, so values are never empty). SQL Server compiles
  // the statement once for all values. Read or destroy the stream as for query().
  virtual std::unique_ptr<ResultStream>
  query_with_parameters(const std::string &statement, const std::string &declarations,
                        const std::vector<std::optional<std::string>> &values) = 0;
  // Starts a bulk load into table (a T-SQL reference, already quoted) whose
  // columns are exactly columns, in order. Finish or destroy it (which cancels
  // it) before the connection is used again.
  virtual std::unique_ptr<BulkLoad> bulk_load(const std::string &table,
                                              const std::vector<BulkColumn> &columns) = 0;
  // False once the connection is known to be unusable (lost, cancelled mid-stream, closed).
  virtual bool usable() const = 0;
  // Closes the connection now, without cancelling what runs (SQL Server ends
  // the session and rolls back its work); streams on it then discard nothing.
  // For a connection that is dropped anyway (a failed call). Idempotent.
  virtual void close() noexcept = 0;
};

} // namespace mssql_upsert::remote
