#include "remote/mssql_column_type.hpp"

#include "common/ascii.hpp"

namespace mssql_upsert::remote {

namespace {

std::string with_length(const std::string &type, int length) {
  return type + "(" + (length < 0 ? "max" : std::to_string(length)) + ")";
}

} // namespace

std::optional<BulkColumn> describe_bulk_column(std::string_view name, std::string_view type_name,
                                               int max_length, int precision, int scale) {
  const std::string type = ascii_lowercase(type_name);
  BulkColumn column;
  column.name = std::string(name);
  column.type_name = type;
  column.scale = scale;
  auto integer = [&](int bytes) {
    column.shape = BulkShape::Int;
    column.int_bytes = bytes;
  };
  if (type == "bit")
    column.shape = BulkShape::Bit;
  else if (type == "tinyint")
    integer(1);
  else if (type == "smallint")
    integer(2);
  else if (type == "int")
    integer(4);
  else if (type == "bigint")
    integer(8);
  else if (type == "real" || type == "float") {
    column.shape = BulkShape::Float;
    column.float_bytes = type == "real" || max_length == 4 ? 4 : 8;
  } else if (type == "decimal" || type == "numeric") {
    column.shape = BulkShape::Decimal;
    column.precision = precision;
    column.type_name = type + "(" + std::to_string(precision) + "," + std::to_string(scale) + ")";
  } else if (type == "money" || type == "smallmoney") {
    column.shape = BulkShape::Money;
    column.int_bytes = type == "money" ? 8 : 4;
    column.scale = 4;
  } else if (type == "datetime") {
    column.shape = BulkShape::DateTime;
    column.scale = 3;
  } else if (type == "smalldatetime") {
    column.shape = BulkShape::SmallDateTime;
    column.scale = 0;
  } else if (type == "date") {
    column.shape = BulkShape::Date;
    column.scale = 0;
  } else if (type == "time" || type == "datetime2" || type == "datetimeoffset") {
    column.shape = type == "time"        ? BulkShape::Time
                   : type == "datetime2" ? BulkShape::DateTime2
                                         : BulkShape::DateTimeOffset;
    column.type_name = type + "(" + std::to_string(scale) + ")";
  } else if (type == "uniqueidentifier")
    column.shape = BulkShape::Guid;
  else if (type == "nchar" || type == "nvarchar") {
    column.shape = BulkShape::UnicodeText;
    column.max_length = max_length < 0 ? -1 : max_length / 2;
    column.type_name = with_length(type, column.max_length);
  } else if (type == "ntext" || type == "xml") {
    column.shape = BulkShape::UnicodeText;
    column.max_length = -1;
  } else if (type == "char" || type == "varchar") {
    column.shape = BulkShape::CodePageText;
    column.max_length = max_length;
    column.type_name = with_length(type, max_length);
  } else if (type == "text") {
    column.shape = BulkShape::CodePageText;
    column.max_length = -1;
  } else if (type == "binary" || type == "varbinary") {
    column.shape = BulkShape::Binary;
    column.max_length = max_length;
    column.type_name = with_length(type, max_length);
  } else if (type == "image") {
    column.shape = BulkShape::Binary;
    column.max_length = -1;
  } else
    return std::nullopt;
  return column;
}

} // namespace mssql_upsert::remote
