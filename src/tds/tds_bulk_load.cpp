#include "tds/tds_bulk_load.hpp"

#include "common/error.hpp"
#include "tds/dblib_type_codes.hpp"
#include "tds/tds_connection.hpp"

#include <sybfront.h>
#include <sybdb.h>

namespace mssql_upsert::tds {

using remote::BulkShape;

namespace {

// FreeTDS's TDS_UNIQUE: the first three groups as host-order integers.
struct HostGuid {
  DBINT data1;
  DBSMALLINT data2;
  DBSMALLINT data3;
  unsigned char data4[8];
};

int host_type(const remote::BulkColumn &column) {
  switch (column.shape) {
  case BulkShape::Bit:
    return SYBBIT;
  case BulkShape::Int:
    return column.int_bytes == 1 ? SYBINT1 : column.int_bytes == 2 ? SYBINT2 : column.int_bytes == 4 ? SYBINT4 : SYBINT8;
  case BulkShape::Float:
    return column.float_bytes == 4 ? SYBREAL : SYBFLT8;
  case BulkShape::Decimal:
    return SYBDECIMAL;
  case BulkShape::Money:
    return column.int_bytes == 8 ? SYBMONEY : SYBMONEY4;
  case BulkShape::DateTime:
    return SYBDATETIME;
  case BulkShape::SmallDateTime:
    return SYBDATETIME4;
  case BulkShape::Date:
    return SYBMSDATE;
  case BulkShape::Time:
    return SYBMSTIME;
  case BulkShape::DateTime2:
    return SYBMSDATETIME2;
  case BulkShape::DateTimeOffset:
    return SYBMSDATETIMEOFFSET;
  case BulkShape::Guid:
    return kSybUniqueIdentifier;
  case BulkShape::UnicodeText:
  case BulkShape::CodePageText:
    // Sent as the bytes given: UTF-16LE for n-types (FreeTDS issue #408).
    return SYBVARCHAR;
  case BulkShape::Binary:
    return SYBVARBINARY;
  }
  return SYBVARCHAR;
}

bool is_variable(BulkShape shape) {
  return shape == BulkShape::UnicodeText || shape == BulkShape::CodePageText || shape == BulkShape::Binary;
}

// Bytes a decimal of this precision takes in FreeTDS's DBNUMERIC: a sign byte
// and the smallest big-endian magnitude that holds 10^precision - 1.
int numeric_magnitude_bytes(int precision) {
  unsigned __int128 largest = 1;
  for (int i = 0; i < precision; ++i)
    largest *= 10;
  largest -= 1;
  int bytes = 1;
  while (bytes < 16 && (largest >> (8 * bytes)) != 0)
    ++bytes;
  return bytes;
}

} // namespace

// The memory a column is bound to: one fixed-size value or the bytes of one
// variable-length value (bcp_colptr points there per row).
struct BulkSlot {
  union {
    DBBIT bit;
    DBTINYINT i1;
    DBSMALLINT i2;
    DBINT i4;
    DBBIGINT i8;
    DBREAL real;
    DBFLT8 flt8;
    DBNUMERIC numeric;
    DBMONEY money;
    DBMONEY4 money4;
    DBDATETIME datetime;
    DBDATETIME4 datetime4;
    DBDATETIMEALL datetimeall;
    HostGuid guid;
  } fixed;
  int numeric_bytes = 0;
};

TdsBulkLoad::TdsBulkLoad(TdsConnection &connection, const std::string &table,
                         const std::vector<remote::BulkColumn> &columns)
    : connection_(connection), table_(table),
      sending_row_("sending a row to a bulk load into " + table), columns_(columns) {
  try {
    start();
  } catch (...) {
    connection_.mark_unusable(); // bcp state half set up: start afresh next time
    throw;
  }
}

void TdsBulkLoad::start() {
  DBPROCESS *dbproc = connection_.dbproc();
  connection_.messages().clear();
  connection_.messages().start_wait();
  bool failed = bcp_init(dbproc, table_.c_str(), nullptr, nullptr, DB_IN) == FAIL;
  connection_.raise_if_failed(failed, "starting a bulk load into " + table_);
  static BYTE empty[1] = {0};
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    auto slot = std::make_unique<BulkSlot>();
    const int number = static_cast<int>(i + 1);
    const bool variable = is_variable(columns_[i].shape);
    BYTE *address = variable ? empty : reinterpret_cast<BYTE *>(&slot->fixed);
    failed = bcp_bind(dbproc, address, 0, variable ? 0 : -1, nullptr, 0, host_type(columns_[i]), number) == FAIL;
    connection_.raise_if_failed(failed, "binding column \"" + columns_[i].name + "\" for a bulk load into " + table_);
    if (columns_[i].shape == BulkShape::Decimal)
      slot->numeric_bytes = numeric_magnitude_bytes(columns_[i].precision);
    slots_.push_back(std::move(slot));
  }
}

TdsBulkLoad::~TdsBulkLoad() {
  if (!finished_)
    connection_.mark_unusable();
}

void TdsBulkLoad::send_row(const std::vector<remote::BulkValue> &row) {
  DBPROCESS *dbproc = connection_.dbproc();
  static BYTE empty[1] = {0};
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    const remote::BulkValue &value = row[i];
    const remote::BulkColumn &column = columns_[i];
    BulkSlot &slot = *slots_[i];
    const int number = static_cast<int>(i + 1);
    if (value.is_null) {
      bcp_collen(dbproc, 0, number);
      continue;
    }
    auto &f = slot.fixed;
    switch (column.shape) {
    case BulkShape::Bit:
      f.bit = value.bool_value ? 1 : 0;
      break;
    case BulkShape::Int:
      if (column.int_bytes == 1)
        f.i1 = static_cast<DBTINYINT>(value.int_value);
      else if (column.int_bytes == 2)
        f.i2 = static_cast<DBSMALLINT>(value.int_value);
      else if (column.int_bytes == 4)
        f.i4 = static_cast<DBINT>(value.int_value);
      else
        f.i8 = value.int_value;
      break;
    case BulkShape::Float:
      if (column.float_bytes == 4)
        f.real = static_cast<DBREAL>(value.float_value);
      else
        f.flt8 = value.float_value;
      break;
    case BulkShape::Decimal: {
      f.numeric = DBNUMERIC{};
      f.numeric.precision = static_cast<unsigned char>(column.precision);
      f.numeric.scale = static_cast<unsigned char>(column.scale);
      f.numeric.array[0] = value.decimal.negative && value.decimal.magnitude != 0 ? 1 : 0;
      unsigned __int128 magnitude = value.decimal.magnitude;
      for (int b = slot.numeric_bytes; b >= 1; --b, magnitude >>= 8)
        f.numeric.array[b] = static_cast<unsigned char>(magnitude & 0xFF);
      break;
    }
    case BulkShape::Money:
      if (column.int_bytes == 8) {
        f.money.mnyhigh = static_cast<DBINT>(value.int_value >> 32);
        f.money.mnylow = static_cast<DBUINT>(value.int_value & 0xFFFFFFFF);
      } else {
        f.money4.mny4 = static_cast<DBINT>(value.int_value);
      }
      break;
    case BulkShape::DateTime:
      f.datetime.dtdays = value.legacy_days;
      f.datetime.dttime = value.legacy_time;
      break;
    case BulkShape::SmallDateTime:
      f.datetime4.days = static_cast<DBUSMALLINT>(value.legacy_days);
      f.datetime4.minutes = static_cast<DBUSMALLINT>(value.legacy_time);
      break;
    case BulkShape::Date:
    case BulkShape::Time:
    case BulkShape::DateTime2:
    case BulkShape::DateTimeOffset:
      f.datetimeall = DBDATETIMEALL{};
      f.datetimeall.time = static_cast<DBUBIGINT>(value.datetime.time_100ns);
      f.datetimeall.date = value.datetime.days_since_1900;
      f.datetimeall.offset = value.datetime.offset_minutes;
      f.datetimeall.time_prec = 7;
      f.datetimeall.has_time = column.shape != BulkShape::Date;
      f.datetimeall.has_date = column.shape != BulkShape::Time;
      f.datetimeall.has_offset = column.shape == BulkShape::DateTimeOffset;
      break;
    case BulkShape::Guid: {
      const auto &g = value.guid;
      f.guid.data1 = static_cast<DBINT>((static_cast<uint32_t>(g[0]) << 24) | (g[1] << 16) | (g[2] << 8) | g[3]);
      f.guid.data2 = static_cast<DBSMALLINT>((g[4] << 8) | g[5]);
      f.guid.data3 = static_cast<DBSMALLINT>((g[6] << 8) | g[7]);
      for (int k = 0; k < 8; ++k)
        f.guid.data4[k] = g[8 + k];
      break;
    }
    case BulkShape::UnicodeText:
    case BulkShape::CodePageText:
    case BulkShape::Binary:
      // db-lib reads a length of 0 as NULL; -1 makes it measure the C string
      // at the pointer, which for "" gives the empty value.
      if (value.bytes.empty()) {
        bcp_colptr(dbproc, empty, number);
        bcp_collen(dbproc, -1, number);
      } else {
        bcp_colptr(dbproc, reinterpret_cast<BYTE *>(const_cast<char *>(value.bytes.data())), number);
        bcp_collen(dbproc, static_cast<DBINT>(value.bytes.size()), number);
      }
      continue;
    }
    bcp_collen(dbproc, -1, number);
  }
  connection_.messages().start_wait();
  bool failed = bcp_sendrow(dbproc) == FAIL;
  connection_.raise_if_failed(failed, sending_row_);
}

int64_t TdsBulkLoad::finish() {
  connection_.messages().start_wait();
  DBINT rows = bcp_done(connection_.dbproc());
  finished_ = true;
  connection_.raise_if_failed(rows < 0, "finishing a bulk load into " + table_);
  return rows;
}

} // namespace mssql_upsert::tds
