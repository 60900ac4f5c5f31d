// Rows of a remote result into a foreign table's tuple: the pull's native
// conversion (pg/remote_datum), then a cast to each column's declared type
// when it differs, with PostgreSQL's assignment cast (or its explicit cast
// when there is no assignment cast), as INSERT ... SELECT would.
#pragma once

#include "fdw/foreign_table_def.hpp"
#include "pg/pg_headers.hpp"
#include "remote/remote_connection.hpp"

extern "C" {
#include "access/tupdesc.h"
#include "nodes/execnodes.h"
}

#include <vector>

namespace mssql_upsert::fdw {

class RowConverter {
public:
  // attnums: the attributes the remote SELECT returns, in its column order.
  RowConverter(TupleDesc desc, std::vector<int> attnums)
      : desc_(desc), attnums_(std::move(attnums)) {}

  // Checks the result's columns and prepares the casts (once per scan); the
  // ExprStates live in CurrentMemoryContext. Throws Error naming the column.
  void prepare(const remote::ResultStream &stream, const ForeignTableDef &table);
  bool prepared() const { return prepared_; }
  // Fills values/nulls (desc->natts wide; columns not fetched are NULL).
  // Pass-by-reference values are allocated in CurrentMemoryContext.
  void convert(const remote::ResultStream &stream, Datum *values, bool *nulls);

  const std::vector<int> &attnums() const { return attnums_; }

private:
  TupleDesc desc_;
  std::vector<int> attnums_;
  std::vector<int> stream_columns_;
  std::vector<ExprState *> casts_;         // per fetched column; null: no cast needed
  std::vector<std::string> cast_contexts_; // CONTEXT line of a failed cast, per fetched column
  ExprContext *econtext_ = nullptr;
  std::vector<Datum> remote_values_;
  std::vector<char> remote_nulls_;
  bool prepared_ = false;
};

} // namespace mssql_upsert::fdw
