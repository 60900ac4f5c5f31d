// Bulk load (the TDS bulk-load protocol) without naming the driver: a column
// list in the target table's order, then rows of values already in SQL
// Server's shapes (see remote/mssql_value_encoding.hpp), so the driver only
// copies them into its own structures.
#pragma once

#include "remote/remote_connection.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace mssql_upsert::remote {

// How a value of a SQL Server column travels in bulk load.
enum class BulkShape : uint8_t {
  Bit,
  Int,            // tinyint smallint int bigint (int_bytes)
  Float,          // real (float_bytes 4), float (8)
  Decimal,        // decimal(p,s), numeric(p,s)
  Money,          // money (int_bytes 8), smallmoney (4): int64 of value * 10^4
  DateTime,       // datetime: days since 1900 + 1/300 s ticks
  SmallDateTime,  // smalldatetime: days since 1900 + minutes
  Date,           // date
  Time,           // time(n)
  DateTime2,      // datetime2(n)
  DateTimeOffset, // datetimeoffset(n): UTC parts + offset minutes
  Guid,           // uniqueidentifier
  UnicodeText,    // nchar nvarchar ntext xml: UTF-16LE bytes (FreeTDS issue #408)
  CodePageText,   // char varchar text: code page 1252 bytes
  Binary,         // binary varbinary image
};

struct BulkColumn {
  std::string name;      // as SQL Server spells it
  std::string type_name; // for messages: "nvarchar(50)", "decimal(10,2)"
  BulkShape shape = BulkShape::Int;
  int int_bytes = 0;   // Int, Money
  int float_bytes = 0; // Float
  int precision = 0;   // Decimal
  int scale = 0;       // Decimal; fractional digits of Time/DateTime2/DateTimeOffset
  int max_length = 0;  // text: characters (UnicodeText) or bytes; Binary: bytes; -1 = (max)
};

// One value; only the fields of its column's shape are set. A push holds a
// chunk of these (10 per row of a 10-column table), so the shapes' fields share
// storage: 80 bytes a value instead of 144.
struct BulkValue {
  BulkValue() : int_value(0) {} // a union member with a non-trivial default constructor needs one
  bool is_null = true;
  int32_t legacy_days = 0; // DateTime, SmallDateTime: days since 1900-01-01
  int32_t legacy_time = 0; // DateTime: 1/300 s ticks; SmallDateTime: minutes since midnight
  union {
    int64_t int_value;       // Int; Money: value * 10^4
    bool bool_value;         // Bit
    double float_value;      // Float
    DecimalValue decimal;    // Decimal, already at the column's scale
    DateTimeValue datetime;  // Date, Time, DateTime2, DateTimeOffset
    std::array<uint8_t, 16> guid; // Guid, RFC 4122 byte order
  };
  std::string bytes; // UnicodeText (UTF-16LE), CodePageText, Binary
};

// One bulk load into one table. Errors (as Error) carry SQL Server's message.
class BulkLoad {
public:
  virtual ~BulkLoad() = default;
  // Sends one row: one value per column, in column order.
  virtual void send_row(const std::vector<BulkValue> &row) = 0;
  // Ends the load; returns the rows SQL Server reports as loaded.
  virtual int64_t finish() = 0;
};

} // namespace mssql_upsert::remote
