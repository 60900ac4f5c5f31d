// Reads the rows of a push source (tuples of a SourceCursor) into the neutral
// shapes of remote::SourceValue, natively: numbers, dates, times, uuids and
// binaries never pass through text. Types without a native shape (json,
// inet, arrays, enums, ...) travel as their text output, for text columns.
#pragma once

#include "column_match/push_columns.hpp"
#include "pg/pg_headers.hpp"
#include "remote/mssql_value_encoding.hpp"

extern "C" {
#include "access/htup.h"
#include "access/tupdesc.h"
}

#include <string>
#include <vector>

namespace mssql_upsert::push {

class SourceRowReader {
public:
  // Plans the conversion of every (not dropped) column of desc. Errors: the
  // database encoding is not UTF8 (text would reach SQL Server garbled).
  explicit SourceRowReader(TupleDesc desc);

  // The source's columns, for matching (dropped ones left out).
  const std::vector<sync::PushSourceColumn> &columns() const { return columns_; }
  // Reads the given columns (indexes into columns()) of tuple into values
  // (same order). Byte values point into memory palloc'd in
  // CurrentMemoryContext or into the tuple: valid until either is freed.
  void read(HeapTuple tuple, const std::vector<std::size_t> &wanted,
            std::vector<remote::SourceValue> &values) const;
  // The column's value as PostgreSQL prints it ("NULL" for null), for messages.
  std::string text_of(HeapTuple tuple, std::size_t column) const;

private:
  struct Plan {
    AttrNumber attnum = 0;
    Oid type_oid = InvalidOid;
    Oid output_function = InvalidOid;
    bool via_output = false; // Text through the type's output function
  };
  TupleDesc desc_;
  std::vector<sync::PushSourceColumn> columns_;
  std::vector<Plan> plans_;
};

} // namespace mssql_upsert::push
