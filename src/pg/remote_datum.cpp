#include "pg/remote_datum.hpp"

#include "pg/pg_compat.hpp"
#include "pg/pg_guard.hpp"
#include "remote/pg_value_encoding.hpp"

extern "C" {
#include "catalog/pg_type.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/fmgrprotos.h"
#include "utils/timestamp.h"
#include "utils/uuid.h"
}

#include <cstring>

namespace mssql_upsert::pg {

using remote::ValueKind;

StagingType staging_type_for(const remote::ResultColumn &column, const std::string &remote_table) {
  switch (column.kind) {
  case ValueKind::Bool:
    return {BOOLOID, "boolean"};
  case ValueKind::Int:
    if (column.int_bytes <= 2)
      return {INT2OID, "smallint"};
    return column.int_bytes == 4 ? StagingType{INT4OID, "integer"} : StagingType{INT8OID, "bigint"};
  case ValueKind::Float:
    return column.float_bytes == 4 ? StagingType{FLOAT4OID, "real"}
                                   : StagingType{FLOAT8OID, "double precision"};
  case ValueKind::Decimal:
    return {NUMERICOID, "numeric"};
  case ValueKind::Text:
    return {TEXTOID, "text"};
  case ValueKind::Binary:
    return {BYTEAOID, "bytea"};
  case ValueKind::Date:
    return {DATEOID, "date"};
  case ValueKind::Time:
    return {TIMEOID, "time without time zone"};
  case ValueKind::Timestamp:
    return {TIMESTAMPOID, "timestamp without time zone"};
  case ValueKind::TimestampOffset:
    return {TIMESTAMPTZOID, "timestamp with time zone"};
  case ValueKind::Uuid:
    return {UUIDOID, "uuid"};
  case ValueKind::Unsupported:
    break;
  }
  throw Error("remote column \"" + column.name + "\" of " + remote_table + " has type " +
                  column.type_name + ", which mssql_upsert_fdw cannot read",
              sqlstate::kFeatureNotSupported, "",
              "Leave the column out with the columns argument, or CAST it in a view on the "
              "SQL Server side.");
}

namespace {

Datum text_datum(std::string_view utf8) {
  return pg_call([&] {
    // Verifies UTF-8 (and converts when the database encoding differs).
    char *server = pg_any_to_server(utf8.data(), static_cast<int>(utf8.size()), PG_UTF8);
    return PointerGetDatum(cstring_to_text_with_len(
        server, server == utf8.data() ? static_cast<int>(utf8.size()) : static_cast<int>(strlen(server))));
  });
}

Datum bytea_datum(std::string_view bytes) {
  return pg_call([&] {
    bytea *value = static_cast<bytea *>(palloc(VARHDRSZ + bytes.size()));
    SET_VARSIZE(value, VARHDRSZ + bytes.size());
    memcpy(VARDATA(value), bytes.data(), bytes.size());
    return PointerGetDatum(value);
  });
}

Datum numeric_datum(const remote::DecimalValue &decimal) {
  std::string binary = remote::pg_numeric_binary(decimal);
  return pg_call([&] {
    StringInfoData buffer;
    buffer.data = binary.data();
    buffer.len = static_cast<int>(binary.size());
    buffer.maxlen = buffer.len;
    buffer.cursor = 0;
    return DirectFunctionCall3(numeric_recv, PointerGetDatum(&buffer),
                               ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1));
  });
}

Datum uuid_datum(const std::array<uint8_t, 16> &bytes) {
  return pg_call([&] {
    pg_uuid_t *value = static_cast<pg_uuid_t *>(palloc(sizeof(pg_uuid_t)));
    memcpy(value->data, bytes.data(), 16);
    return UUIDPGetDatum(value);
  });
}

} // namespace

void convert_remote_row(const remote::ResultStream &stream, const std::vector<int> &columns,
                        Datum *values, bool *nulls) {
  const std::vector<remote::ResultColumn> &meta = stream.columns();
  for (std::size_t i = 0; i < columns.size(); ++i) {
    int c = columns[i];
    nulls[i] = stream.is_null(c);
    if (nulls[i]) {
      values[i] = 0;
      continue;
    }
    const remote::ResultColumn &column = meta[c];
    switch (column.kind) {
    case ValueKind::Bool:
      values[i] = BoolGetDatum(stream.get_bool(c));
      break;
    case ValueKind::Int: {
      int64_t v = stream.get_int(c);
      values[i] = column.int_bytes <= 2   ? Int16GetDatum(static_cast<int16>(v))
                  : column.int_bytes == 4 ? Int32GetDatum(static_cast<int32>(v))
                                          : Int64GetDatum(v);
      break;
    }
    case ValueKind::Float:
      values[i] = column.float_bytes == 4 ? Float4GetDatum(static_cast<float4>(stream.get_float(c)))
                                          : Float8GetDatum(stream.get_float(c));
      break;
    case ValueKind::Decimal:
      values[i] = numeric_datum(stream.get_decimal(c));
      break;
    case ValueKind::Text:
      values[i] = text_datum(stream.get_bytes(c));
      break;
    case ValueKind::Binary:
      values[i] = bytea_datum(stream.get_bytes(c));
      break;
    case ValueKind::Date:
      values[i] = DateADTGetDatum(remote::pg_date_days(stream.get_datetime(c)));
      break;
    case ValueKind::Time:
      values[i] = TimeADTGetDatum(remote::pg_time_microseconds(stream.get_datetime(c)));
      break;
    case ValueKind::Timestamp:
      values[i] = TimestampGetDatum(remote::pg_timestamp_microseconds(stream.get_datetime(c)));
      break;
    case ValueKind::TimestampOffset:
      values[i] = TimestampTzGetDatum(remote::pg_timestamp_microseconds(stream.get_datetime(c)));
      break;
    case ValueKind::Uuid:
      values[i] = uuid_datum(stream.get_uuid(c));
      break;
    case ValueKind::Unsupported:
      throw Error("remote column \"" + column.name + "\" has an unsupported type",
                  sqlstate::kFeatureNotSupported);
    }
  }
}

} // namespace mssql_upsert::pg
