// Where a pulled chunk waits for its merge:
// - Memory (the default): a tuplestore the merge reads as an ephemeral named
//   relation (pull/chunk_relation), so the rows are never written twice;
// - Table: a session TEMP table filled as COPY does (pull/staging_writer), the
//   original design, kept for comparison and for sessions that want to see it.
// Both end up read by the same merge SQL under the same staging name.
#pragma once

#include "pg/pg_headers.hpp"
#include "pg/spi_session.hpp"
#include "sqlgen/pg_merge_sql.hpp"

#include <memory>
#include <vector>

namespace mssql_upsert::pull {

enum class StagingKind { Memory, Table };

// Parses the staging argument ("memory" or "table"); throws Error naming it otherwise.
StagingKind parse_staging_kind(const std::string &value);

class ChunkStaging {
public:
  virtual ~ChunkStaging() = default;
  virtual void begin_chunk() = 0;
  // values/nulls in staging column order; copied before add_row returns or
  // (Table) before end_chunk, so they must stay valid until then.
  virtual void add_row(const Datum *values, const bool *nulls) = 0;
  // Makes the chunk's rows visible to the next SPI query.
  virtual void end_chunk() = 0;
  // Empties the staging for the next chunk (after the merge).
  virtual void clear() = 0;
};

// Sets spec.staging_in_memory to match and creates the staging (a table is
// dropped and recreated: its columns follow this call's spec).
std::unique_ptr<ChunkStaging> make_chunk_staging(StagingKind kind, pg::SpiSession &spi,
                                                 sqlgen::PgMergeSpec &spec,
                                                 const std::vector<Oid> &staging_types,
                                                 int chunk_rows);

} // namespace mssql_upsert::pull
