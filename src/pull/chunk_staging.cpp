#include "pull/chunk_staging.hpp"

#include "common/error.hpp"
#include "pull/chunk_relation.hpp"
#include "pull/staging_writer.hpp"
#include "sqlgen/identifier_quoting.hpp"

#include <optional>

namespace mssql_upsert::pull {

namespace {

class MemoryStaging : public ChunkStaging {
public:
  MemoryStaging(const sqlgen::PgMergeSpec &spec, const std::vector<Oid> &types, int chunk_rows)
      : relation_(spec.staging_table, columns_of(spec, types), chunk_rows) {}
  void begin_chunk() override {}
  void add_row(const Datum *values, const bool *nulls) override { relation_.add_row(values, nulls); }
  void end_chunk() override {}
  void clear() override { relation_.clear(); }

private:
  static std::vector<ChunkColumn> columns_of(const sqlgen::PgMergeSpec &spec,
                                             const std::vector<Oid> &types) {
    std::vector<ChunkColumn> columns;
    for (std::size_t i = 0; i < spec.columns.size(); ++i)
      columns.push_back({spec.columns[i].name, types.at(i)});
    return columns;
  }
  ChunkRelation relation_;
};

class TableStaging : public ChunkStaging {
public:
  TableStaging(pg::SpiSession &spi, const sqlgen::PgMergeSpec &spec)
      : spi_(spi), truncate_sql_(sqlgen::build_pg_truncate_staging_sql(spec)) {
    const std::string reference = "pg_temp." + sqlgen::quote_pg_identifier(spec.staging_table);
    // Not DROP TABLE IF EXISTS: its NOTICE (no such table, or no pg_temp yet in
    // this session) would reach the caller.
    if (spi.query_text("SELECT to_regclass($1) IS NOT NULL", {reference}).at(0).at(0) ==
        std::optional<std::string>("t"))
      spi.execute("DROP TABLE " + reference);
    spi.execute(sqlgen::build_pg_staging_ddl(spec));
    auto oid = spi.query_text("SELECT $1::regclass::oid", {reference});
    relid_ = static_cast<Oid>(std::stoul(*oid.at(0).at(0)));
  }
  void begin_chunk() override { writer_.emplace(relid_); }
  void add_row(const Datum *values, const bool *nulls) override { writer_->add_row(values, nulls); }
  void end_chunk() override {
    writer_->close();
    writer_.reset();
  }
  void clear() override { spi_.execute(truncate_sql_); }

private:
  pg::SpiSession &spi_;
  std::string truncate_sql_;
  Oid relid_ = InvalidOid;
  std::optional<StagingWriter> writer_;
};

} // namespace

StagingKind parse_staging_kind(const std::string &value) {
  if (value == "memory")
    return StagingKind::Memory;
  if (value == "table")
    return StagingKind::Table;
  throw Error("argument \"staging\" must be 'memory' or 'table', not '" + value + "'",
              sqlstate::kInvalidParameterValue);
}

std::unique_ptr<ChunkStaging> make_chunk_staging(StagingKind kind, pg::SpiSession &spi,
                                                 sqlgen::PgMergeSpec &spec,
                                                 const std::vector<Oid> &staging_types,
                                                 int chunk_rows) {
  spec.staging_in_memory = kind == StagingKind::Memory;
  if (kind == StagingKind::Memory)
    return std::make_unique<MemoryStaging>(spec, staging_types, chunk_rows);
  return std::make_unique<TableStaging>(spi, spec);
}

} // namespace mssql_upsert::pull
