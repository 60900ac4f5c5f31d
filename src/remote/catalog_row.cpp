#include "remote/catalog_row.hpp"

#include "common/error.hpp"

namespace mssql_upsert::remote {

int64_t catalog_number(const ResultStream &stream, int column) {
  if (stream.is_null(column))
    return 0;
  switch (stream.columns()[column].kind) {
  case ValueKind::Bool:
    return stream.get_bool(column) ? 1 : 0;
  case ValueKind::Int:
    return stream.get_int(column);
  default:
    throw Error("unexpected type " + stream.columns()[column].type_name + " for catalog column \"" +
                    stream.columns()[column].name + "\"",
                sqlstate::kFdwError);
  }
}

std::optional<std::string> catalog_text(const ResultStream &stream, int column) {
  if (stream.is_null(column))
    return std::nullopt;
  return std::string(stream.get_bytes(column));
}

} // namespace mssql_upsert::remote
