// SQL Server column types as the test server declares and sends them, and the
// PostgreSQL type each one is stored as in the backend database.
// Contract shared by wire/ (encoding) and server/ (translation, catalog):
// a value of ColumnType T always travels between the backend and wire/ in the
// PostgreSQL *binary* send/recv format of backend_pg_type(T).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tds {

enum class SqlType : uint8_t {
  Bit, TinyInt, SmallInt, Int, BigInt,
  Decimal, Numeric, Money, SmallMoney, Real, Float,
  Char, VarChar, NChar, NVarChar, Text, NText,
  Binary, VarBinary, Image,
  Date, Time, DateTime, DateTime2, SmallDateTime, DateTimeOffset,
  UniqueIdentifier, Xml,
};

struct ColumnType {
  SqlType type = SqlType::Int;
  // Declared length: characters for (n)char/(n)varchar, bytes for (var)binary;
  // kMax for the (max) types, text, ntext, image and xml; 0 where not applicable.
  int32_t length = 0;
  uint8_t precision = 0; // decimal/numeric
  uint8_t scale = 0;     // decimal/numeric; fractional-second digits for time/datetime2/datetimeoffset
  static constexpr int32_t kMax = -1;
  bool operator==(const ColumnType &o) const {
    return type == o.type && length == o.length && precision == o.precision && scale == o.scale;
  }
};

struct ColumnMeta {
  std::string name; // as declared (case kept)
  ColumnType type;
  bool nullable = true;
  bool identity = false;
  bool computed = false;
  bool rowversion = false;
};

// Parses a T-SQL type declaration: "int", "NVARCHAR(50)", "nvarchar(max)", "decimal(10,2)",
// "numeric", "datetime2(3)", "varbinary(max)", "float(24)" ... with SQL Server's defaults
// (decimal -> (18,0), datetime2 -> (7), char -> (1), float(n<=24) -> real). nullopt if unknown.
std::optional<ColumnType> parse_sql_type(std::string_view declaration);
// The canonical T-SQL spelling, lower case: "nvarchar(50)", "decimal(10,2)", "varchar(max)".
std::string format_sql_type(const ColumnType &type);
// sys.types name: "nvarchar", "decimal", ...
std::string sql_type_name(SqlType type);
// The backend PostgreSQL type: bit/tinyint/smallint->smallint, int->integer,
// bigint->bigint, decimal/numeric(p,s)->numeric(p,s), money->numeric(19,4),
// smallmoney->numeric(10,4), real->real, float->double precision, char/nchar(n)->char(n),
// varchar/nvarchar(n)->varchar(n), (max)/text/ntext/xml->text, binary/varbinary/image->bytea,
// date->date, time(n)->time(min(n,6)), datetime->timestamp(3), smalldatetime->timestamp(0),
// datetime2(n)->timestamp(min(n,6)), datetimeoffset(n)->timestamptz(min(n,6)),
// uniqueidentifier->uuid.
std::string backend_pg_type(const ColumnType &type);
// True for the types sent as PLP (partially length-prefixed): the (max) types,
// and text/ntext/image/xml, which this server sends as their (max) equivalents.
bool is_plp(const ColumnType &type);
// sys.columns.max_length as SQL Server reports it (bytes; -1 for max; nvarchar(50) -> 100).
int16_t sys_max_length(const ColumnType &type);

} // namespace tds
