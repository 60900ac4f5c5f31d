// Reads a push source (a table or a query) through a cursor, one chunk at a
// time, so memory stays bounded by one chunk whatever the source size.
#pragma once

#include "pg/pg_headers.hpp"

extern "C" {
#include "access/tupdesc.h"
#include "executor/spi.h"
}

#include <cstdint>
#include <string>

namespace mssql_upsert::push {

// "public.orders", "orders", "\"Order Details\"" name a table; text starting with
// SELECT, WITH, VALUES or TABLE (any case, after blanks and parentheses) is a query.
bool source_is_query(const std::string &source);

class SourceCursor {
public:
  // Opens a read-only cursor for the query (SPI must be connected).
  explicit SourceCursor(const std::string &query);
  SourceCursor(const SourceCursor &) = delete;
  SourceCursor &operator=(const SourceCursor &) = delete;

  TupleDesc tuple_desc() const { return tuple_desc_; }
  // Fetches up to max_rows rows into SPI_tuptable; returns how many (0 = done).
  uint64_t fetch(int64_t max_rows);
  SPITupleTable *rows() const { return SPI_tuptable; }
  // Frees the rows of the last fetch.
  void release_rows();
  void close();

private:
  Portal portal_ = nullptr;
  TupleDesc tuple_desc_ = nullptr;
};

} // namespace mssql_upsert::push
