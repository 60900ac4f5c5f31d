#include "tds/tds_result_stream.hpp"

#include "common/error.hpp"
#include "tds/dblib_type_codes.hpp"
#include "tds/tds_connection.hpp"

#include <sybfront.h>
#include <sybdb.h>

#include <cstring>
#include <exception>

namespace mssql_upsert::tds {

using remote::ValueKind;

namespace {

constexpr int kUserTypeTimestamp = 80; // COLMETADATA's user type of a timestamp (rowversion) column

std::string sized(const char *name, int length) {
  return std::string(name) + "(" + (length < 0 || length > 8000 ? "max" : std::to_string(length)) + ")";
}

remote::ResultColumn describe_column(DBPROCESS *dbproc, int number) {
  remote::ResultColumn column;
  column.name = dbcolname(dbproc, number);
  int type = dbcoltype(dbproc, number);
  int length = dbcollen(dbproc, number);
  DBTYPEINFO *info = dbcoltypeinfo(dbproc, number);
  switch (type) {
  case SYBBIT:
  case SYBBITN:
    column.kind = ValueKind::Bool, column.type_name = "bit";
    break;
  case SYBINT1:
    column.kind = ValueKind::Int, column.int_bytes = 1, column.type_name = "tinyint";
    break;
  case SYBINT2:
    column.kind = ValueKind::Int, column.int_bytes = 2, column.type_name = "smallint";
    break;
  case SYBINT4:
    column.kind = ValueKind::Int, column.int_bytes = 4, column.type_name = "int";
    break;
  case SYBINT8:
    column.kind = ValueKind::Int, column.int_bytes = 8, column.type_name = "bigint";
    break;
  case SYBREAL:
    column.kind = ValueKind::Float, column.float_bytes = 4, column.type_name = "real";
    break;
  case SYBFLT8:
    column.kind = ValueKind::Float, column.float_bytes = 8, column.type_name = "float";
    break;
  case SYBDECIMAL:
  case SYBNUMERIC:
    column.kind = ValueKind::Decimal;
    column.precision = info ? info->precision : 38;
    column.scale = info ? info->scale : 0;
    column.type_name = "decimal(" + std::to_string(column.precision) + "," + std::to_string(column.scale) + ")";
    break;
  case SYBMONEY:
    column.kind = ValueKind::Decimal, column.precision = 19, column.scale = 4, column.type_name = "money";
    break;
  case SYBMONEY4:
    column.kind = ValueKind::Decimal, column.precision = 10, column.scale = 4, column.type_name = "smallmoney";
    break;
  case SYBCHAR:
  case SYBVARCHAR:
    column.kind = ValueKind::Text, column.max_length = length, column.type_name = sized("varchar", length);
    break;
  case SYBNVARCHAR:
    column.kind = ValueKind::Text, column.max_length = length, column.type_name = sized("nvarchar", length);
    break;
  case SYBTEXT:
    column.kind = ValueKind::Text, column.max_length = -1, column.type_name = "text";
    break;
  case SYBNTEXT:
    column.kind = ValueKind::Text, column.max_length = -1, column.type_name = "ntext";
    break;
  case kSybMsXml:
    column.kind = ValueKind::Text, column.max_length = -1, column.type_name = "xml";
    break;
  case SYBBINARY:
  case SYBVARBINARY:
    column.kind = ValueKind::Binary, column.max_length = length, column.type_name = sized("varbinary", length);
    if (dbcolutype(dbproc, number) == kUserTypeTimestamp)
      column.type_name = "timestamp";
    break;
  case SYBIMAGE:
    column.kind = ValueKind::Binary, column.max_length = -1, column.type_name = "image";
    break;
  case SYBMSDATE:
    column.kind = ValueKind::Date, column.type_name = "date";
    break;
  case SYBMSTIME:
    column.kind = ValueKind::Time, column.scale = info ? info->scale : 7, column.type_name = "time";
    break;
  case SYBDATETIME:
    column.kind = ValueKind::Timestamp, column.scale = 3, column.type_name = "datetime";
    break;
  case SYBDATETIME4:
    column.kind = ValueKind::Timestamp, column.type_name = "smalldatetime";
    break;
  case SYBMSDATETIME2:
    column.kind = ValueKind::Timestamp, column.scale = info ? info->scale : 7, column.type_name = "datetime2";
    break;
  case SYBMSDATETIMEOFFSET:
    column.kind = ValueKind::TimestampOffset, column.scale = info ? info->scale : 7,
    column.type_name = "datetimeoffset";
    break;
  case kSybUniqueIdentifier:
    column.kind = ValueKind::Uuid, column.type_name = "uniqueidentifier";
    break;
  default:
    column.kind = ValueKind::Unsupported;
    column.type_name = dbprtype(type) ? dbprtype(type) : "type " + std::to_string(type);
    break;
  }
  return column;
}

template <typename T> T read_as(const unsigned char *p) {
  T value;
  std::memcpy(&value, p, sizeof value);
  return value;
}

} // namespace

TdsResultStream::TdsResultStream(TdsConnection &connection)
    : connection_(connection), exceptions_at_start_(std::uncaught_exceptions()) {
  DBPROCESS *dbproc = connection_.dbproc();
  int count = dbnumcols(dbproc);
  for (int i = 1; i <= count; ++i) {
    columns_.push_back(describe_column(dbproc, i));
    dblib_types_.push_back(dbcoltype(dbproc, i));
  }
}

TdsResultStream::~TdsResultStream() {
  if (finished_ || !connection_.usable())
    return;
  // Destroyed by an exception: the call fails and its connection is dropped
  // with its lease, so cancelling the rest would only delay the error.
  if (std::uncaught_exceptions() > exceptions_at_start_)
    connection_.mark_unusable();
  else
    connection_.cancel_pending(); // a result abandoned on purpose (a LIMIT, a rescan)
}

bool TdsResultStream::next_row() {
  if (finished_)
    return false;
  if (connection_.dbproc() == nullptr) {
    finished_ = true;
    throw Error("the connection to SQL Server was closed while its result was read",
                sqlstate::kConnectionFailure);
  }
  DBPROCESS *dbproc = connection_.dbproc();
  RETCODE rc = dbnextrow(dbproc);
  if (rc == REG_ROW) {
    connection_.raise_if_failed(false, "reading rows");
    return true;
  }
  if (rc == NO_MORE_ROWS) {
    connection_.raise_if_failed(false, "reading rows");
    // Drain any further result sets so the connection is ready for the next call.
    connection_.drain_results("finishing a result");
    finished_ = true;
    return false;
  }
  finished_ = true; // the connection cancels or is dead; nothing more to read
  connection_.raise_if_failed(true, "reading rows");
  return false;
}

const unsigned char *TdsResultStream::data(int column) const {
  return dbdata(connection_.dbproc(), column + 1);
}

int TdsResultStream::length(int column) const { return dbdatlen(connection_.dbproc(), column + 1); }

bool TdsResultStream::is_null(int column) const { return data(column) == nullptr; }

bool TdsResultStream::get_bool(int column) const { return *data(column) != 0; }

int64_t TdsResultStream::get_int(int column) const {
  const unsigned char *p = data(column);
  switch (columns_[column].int_bytes) {
  case 1:
    return *p;
  case 2:
    return read_as<int16_t>(p);
  case 4:
    return read_as<int32_t>(p);
  default:
    return read_as<int64_t>(p);
  }
}

double TdsResultStream::get_float(int column) const {
  const unsigned char *p = data(column);
  return columns_[column].float_bytes == 4 ? read_as<float>(p) : read_as<double>(p);
}

remote::DecimalValue TdsResultStream::get_decimal(int column) const {
  const unsigned char *p = data(column);
  remote::DecimalValue value;
  switch (dblib_types_[column]) {
  case SYBMONEY: {
    DBMONEY money = read_as<DBMONEY>(p);
    int64_t units = (static_cast<int64_t>(money.mnyhigh) << 32) | money.mnylow;
    value.negative = units < 0;
    value.magnitude = units < 0 ? static_cast<unsigned __int128>(-(units + 1)) + 1 : units;
    value.scale = 4;
    return value;
  }
  case SYBMONEY4: {
    int64_t units = read_as<DBMONEY4>(p).mny4;
    value.negative = units < 0;
    value.magnitude = static_cast<unsigned __int128>(units < 0 ? -units : units);
    value.scale = 4;
    return value;
  }
  default: {
    // DBNUMERIC: precision, scale, then array[0] = sign (1 = negative) and a
    // big-endian magnitude sized by the precision.
    DBNUMERIC numeric = read_as<DBNUMERIC>(p);
    static const int kBytesForPrecision[] = {1,  2,  2,  3,  3,  4,  4,  4,  5,  5,  6,  6,  6,
                                             7,  7,  8,  8,  9,  9,  9,  10, 10, 11, 11, 11, 12,
                                             12, 13, 13, 14, 14, 14, 15, 15, 16, 16, 16, 17, 17};
    int bytes = kBytesForPrecision[numeric.precision <= 38 ? numeric.precision : 38];
    value.negative = numeric.array[0] == 1;
    value.scale = numeric.scale;
    for (int i = 1; i < bytes; ++i)
      value.magnitude = (value.magnitude << 8) | numeric.array[i];
    return value;
  }
  }
}

std::string_view TdsResultStream::get_bytes(int column) const {
  return {reinterpret_cast<const char *>(data(column)), static_cast<std::size_t>(length(column))};
}

remote::DateTimeValue TdsResultStream::get_datetime(int column) const {
  const unsigned char *p = data(column);
  remote::DateTimeValue value;
  switch (dblib_types_[column]) {
  case SYBDATETIME: {
    DBDATETIME dt = read_as<DBDATETIME>(p);
    value.days_since_1900 = dt.dtdays;
    // 1/300 s ticks to the milliseconds SQL Server shows (.997, not .996667).
    int64_t milliseconds = (static_cast<int64_t>(dt.dttime) * 10 + 1) / 3;
    value.time_100ns = milliseconds * 10'000;
    return value;
  }
  case SYBDATETIME4: {
    DBDATETIME4 dt = read_as<DBDATETIME4>(p);
    value.days_since_1900 = dt.days;
    value.time_100ns = static_cast<int64_t>(dt.minutes) * 60 * 10'000'000;
    return value;
  }
  default: {
    DBDATETIMEALL dt = read_as<DBDATETIMEALL>(p);
    value.days_since_1900 = dt.has_date ? dt.date : 0;
    value.time_100ns = dt.has_time ? static_cast<int64_t>(dt.time) : 0;
    value.offset_minutes = dt.has_offset ? dt.offset : 0;
    return value;
  }
  }
}

std::array<uint8_t, 16> TdsResultStream::get_uuid(int column) const {
  // SQL Server sends the first three groups little-endian.
  const unsigned char *p = data(column);
  return {p[3], p[2], p[1], p[0], p[5], p[4], p[7], p[6],
          p[8], p[9], p[10], p[11], p[12], p[13], p[14], p[15]};
}

} // namespace mssql_upsert::tds
