// One chunk of pulled rows held in a tuplestore (in memory up to work_mem,
// then in a temporary file) and visible to this call's SPI queries as an
// ephemeral named relation: the merge reads the chunk by name, like a table,
// without the rows being written to a table first (as trigger transition
// tables work).
#pragma once

#include "pg/pg_headers.hpp"

extern "C" {
#include "utils/queryenvironment.h"
#include "utils/tuplestore.h"
}

#include <string>
#include <vector>

namespace mssql_upsert::pull {

struct ChunkColumn {
  std::string name;
  Oid type_oid = InvalidOid;
};

class ChunkRelation {
public:
  // Registers the relation with the current SPI connection under name; SQL
  // prepared afterwards may read it. Lives until SPI_finish.
  ChunkRelation(const std::string &name, const std::vector<ChunkColumn> &columns,
                int64_t expected_rows);
  ChunkRelation(const ChunkRelation &) = delete;
  ChunkRelation &operator=(const ChunkRelation &) = delete;

  // Copies one row (values/nulls in column order) into the chunk.
  void add_row(const Datum *values, const bool *nulls);
  // Empties the chunk for the next one.
  void clear();

private:
  EphemeralNamedRelation relation_ = nullptr;
  MemoryContext store_memory_ = nullptr; // where the stores live: until SPI_finish
};

} // namespace mssql_upsert::pull
