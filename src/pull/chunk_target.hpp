// Where a pull's chunks go (pull/pull_mode decides which):
// - the merge: each chunk is staged (pull/chunk_staging), checked for a key it
//   has twice, and merged with INSERT ... ON CONFLICT DO UPDATE;
// - the direct load: rows go straight into the table as COPY does
//   (pull/table_loader); a key twice in one chunk is refused with the merge's
//   error, and one already loaded from an earlier chunk by the key's unique
//   index, with an error naming the table and the key.
#pragma once

#include "pg/local_table.hpp"
#include "pg/pg_headers.hpp"
#include "pg/spi_session.hpp"
#include "pull/chunk_key_check.hpp"
#include "pull/chunk_staging.hpp"
#include "sqlgen/pg_merge_sql.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace mssql_upsert::pull {

struct ChunkCounts {
  int64_t inserted = 0;
  int64_t updated = 0;
};

class ChunkTarget {
public:
  virtual ~ChunkTarget() = default;
  virtual void begin_chunk() = 0;
  // values/nulls in staging column order (the spec's); they must stay valid
  // until write_chunk() returns.
  virtual void add_row(const Datum *values, const bool *nulls) = 0;
  // Writes the chunk's rows (count of them: rows) into the local table.
  virtual ChunkCounts write_chunk(int64_t rows) = 0;
  // After the last chunk, on success.
  virtual void finish() = 0;
};

// spec: the staging columns (key marked), completed for the staging kind
// (pull/chunk_staging); staging_types parallel to them; key_check_columns the
// key columns whose staged value compares as the local one (no cast between).
std::unique_ptr<ChunkTarget> make_merge_target(sqlgen::PgMergeSpec &spec,
                                               const std::vector<Oid> &staging_types,
                                               const std::vector<ChunkKeyColumn> &key_check_columns,
                                               pg::SpiSession &spi, StagingKind staging,
                                               int chunk_rows, bool target_was_empty,
                                               const std::string &remote_display);

// local_columns: the local column each staging column fills (parallel to spec.columns).
std::unique_ptr<ChunkTarget> make_load_target(const sqlgen::PgMergeSpec &spec,
                                              const std::vector<Oid> &staging_types,
                                              const pg::LocalTable &local,
                                              const std::vector<pg::LocalColumnType> &local_columns,
                                              const std::string &remote_display);

} // namespace mssql_upsert::pull
