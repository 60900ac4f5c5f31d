// ROW tokens straight from PostgreSQL binary values: each column's value is in
// the binary send format of backend_pg_type(column type), as COPY ... (FORMAT
// binary) yields it; length -1 means NULL.
#pragma once

#include "wire/byte_writer.hpp"
#include "wire/sql_type.hpp"

#include <vector>

namespace tds {

struct PgValue {
  const uint8_t *data = nullptr;
  int32_t length = -1;
};

// Appends one ROW token. Throws WireError for values the column cannot carry.
void encode_row(Bytes &out, const std::vector<ColumnMeta> &columns, const std::vector<PgValue> &values);

} // namespace tds
