#include "sqlgen/pg_column_type.hpp"

#include "common/ascii.hpp"

#include <algorithm>

namespace mssql_upsert::sqlgen {

namespace {

// PostgreSQL keeps microseconds: SQL Server's 7th fractional digit has no place.
std::string fractional_digits(int scale) { return "(" + std::to_string(std::clamp(scale, 0, 6)) + ")"; }

} // namespace

std::optional<std::string> pg_type_for_remote_type(const RemoteColumnType &column, TypeDetail detail) {
  const std::string type = ascii_lowercase(column.data_type);
  const bool declared = detail == TypeDetail::Declared;
  if (type == "bit")
    return "boolean";
  if (type == "tinyint" || type == "smallint")
    return "smallint";
  if (type == "int")
    return "integer";
  if (type == "bigint")
    return "bigint";
  if (type == "decimal" || type == "numeric") {
    if (column.precision < 1 || column.precision > 38 || column.scale < 0 ||
        column.scale > column.precision)
      return "numeric";
    return "numeric(" + std::to_string(column.precision) + "," + std::to_string(column.scale) + ")";
  }
  if (type == "money")
    return "numeric(19,4)";
  if (type == "smallmoney")
    return "numeric(10,4)";
  if (type == "real")
    return "real";
  if (type == "float") // float(1..24) is real; the catalog gives the mantissa bits
    return column.precision > 0 && column.precision <= 24 ? "real" : "double precision";
  if (declared && column.max_length > 0 && (type == "char" || type == "nchar"))
    return "character(" + std::to_string(column.max_length) + ")";
  if (declared && column.max_length > 0 && (type == "varchar" || type == "nvarchar"))
    return "character varying(" + std::to_string(column.max_length) + ")";
  if (declared && type == "sysname")
    return "character varying(128)";
  if (type == "char" || type == "varchar" || type == "nchar" || type == "nvarchar" ||
      type == "text" || type == "ntext" || type == "xml" || type == "sysname")
    return "text";
  if (type == "binary" || type == "varbinary" || type == "image" || type == "timestamp" ||
      type == "rowversion")
    return "bytea";
  if (type == "date")
    return "date";
  if (type == "time")
    return declared ? "time" + fractional_digits(column.scale) + " without time zone" : "time";
  if (declared && type == "datetime")
    return "timestamp(3) without time zone";
  if (declared && type == "smalldatetime")
    return "timestamp(0) without time zone";
  if (declared && type == "datetime2")
    return "timestamp" + fractional_digits(column.scale) + " without time zone";
  if (type == "datetime" || type == "smalldatetime" || type == "datetime2")
    return "timestamp";
  if (type == "datetimeoffset")
    return declared ? "timestamp" + fractional_digits(column.scale) + " with time zone" : "timestamptz";
  if (type == "uniqueidentifier")
    return "uuid";
  return std::nullopt;
}

int character_length_from_bytes(const std::string &data_type, int max_length_bytes) {
  const std::string type = ascii_lowercase(data_type);
  if ((type == "nchar" || type == "nvarchar") && max_length_bytes > 0)
    return max_length_bytes / 2;
  return max_length_bytes;
}

} // namespace mssql_upsert::sqlgen
