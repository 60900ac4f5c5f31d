#include "pull/chunk_target.hpp"

#include "common/error.hpp"
#include "common/repeated_key.hpp"
#include "pull/table_loader.hpp"

#include <algorithm>
#include <optional>

namespace mssql_upsert::pull {

namespace {

std::string describe_key(const sqlgen::PgMergeSpec &spec,
                         const std::vector<std::optional<std::string>> &values) {
  std::vector<std::string> names;
  for (const sqlgen::PgStagingColumn &column : spec.columns)
    if (column.is_key)
      names.push_back(column.name);
  return format_key(names, values);
}

constexpr const char *kUniqueKeyHint =
    "The key columns must identify remote rows uniquely; choose key_columns that are unique on "
    "the SQL Server side.";

Error duplicate_key_error(const std::string &remote_display, const sqlgen::PgMergeSpec &spec,
                          const std::vector<std::optional<std::string>> &key) {
  return repeated_key_error("remote table " + remote_display + " returned", describe_key(spec, key),
                            kUniqueKeyHint);
}

// Checks keys in C++ as rows are added when every key column allows it
// (pull/chunk_key_check); otherwise nullopt.
std::optional<ChunkKeyCheck> make_key_check(const sqlgen::PgMergeSpec &spec,
                                            const std::vector<ChunkKeyColumn> &columns) {
  std::size_t keys = 0;
  for (const sqlgen::PgStagingColumn &column : spec.columns)
    keys += column.is_key ? 1 : 0;
  if (columns.size() != keys)
    return std::nullopt;
  return ChunkKeyCheck::make(columns);
}

class MergeTarget : public ChunkTarget {
public:
  MergeTarget(sqlgen::PgMergeSpec &spec, const std::vector<Oid> &staging_types,
              const std::vector<ChunkKeyColumn> &key_check_columns, pg::SpiSession &spi,
              StagingKind staging, int chunk_rows, bool target_was_empty,
              const std::string &remote_display)
      : spec_(spec), spi_(spi), remote_display_(remote_display),
        staging_(make_chunk_staging(staging, spi, spec, staging_types, chunk_rows)),
        key_check_(make_key_check(spec, key_check_columns)),
        merge_plan_(spi.prepare(sqlgen::build_pg_merge_sql(spec, !target_was_empty))),
        duplicate_sql_(sqlgen::build_pg_duplicate_key_sql(spec)) {}

  void begin_chunk() override {
    staging_->begin_chunk();
    if (key_check_)
      key_check_->begin_chunk();
  }
  void add_row(const Datum *values, const bool *nulls) override {
    if (key_check_ && !key_check_->add(values, nulls))
      throw duplicate_key_error(remote_display_, spec_, key_check_->duplicate_key_text());
    staging_->add_row(values, nulls);
  }
  ChunkCounts write_chunk(int64_t rows) override {
    staging_->end_chunk();
    if (rows == 0)
      return {};
    // Where the local key type differs from the staged one, keys that collide
    // only after the cast count too: a GROUP BY over the chunk finds them.
    if (!key_check_) {
      auto duplicate = spi_.query_text(duplicate_sql_);
      if (!duplicate.empty())
        throw duplicate_key_error(remote_display_, spec_, duplicate[0]);
    }
    auto [inserted, updated] = spi_.count_boolean_rows(merge_plan_);
    staging_->clear();
    return {static_cast<int64_t>(inserted), static_cast<int64_t>(updated)};
  }
  void finish() override {}

private:
  const sqlgen::PgMergeSpec &spec_;
  pg::SpiSession &spi_;
  std::string remote_display_;
  std::unique_ptr<ChunkStaging> staging_;
  std::optional<ChunkKeyCheck> key_check_;
  SPIPlanPtr merge_plan_;
  std::string duplicate_sql_;
};

class LoadTarget : public ChunkTarget {
public:
  LoadTarget(const sqlgen::PgMergeSpec &spec, const std::vector<Oid> &staging_types,
             const pg::LocalTable &local, const std::vector<pg::LocalColumnType> &local_columns,
             const std::string &remote_display)
      : spec_(spec), remote_display_(remote_display), local_display_(local.info.display_name),
        loader_(local.relid, load_columns(staging_types, local_columns),
                key_attnums(spec, local_columns)),
        key_check_(make_key_check(spec, key_check_columns(spec, local_columns))) {}

  void begin_chunk() override {
    loader_.begin_chunk();
    if (key_check_)
      key_check_->begin_chunk();
  }
  void add_row(const Datum *values, const bool *nulls) override {
    // The key is checked as the table stores it (after the casts), so keys
    // that collide only after a cast count too.
    TableLoader::Row row = loader_.convert(values, nulls);
    if (key_check_ && !key_check_->add(row.values, row.nulls))
      throw duplicate_key_error(remote_display_, spec_, key_check_->duplicate_key_text());
    explaining_key_conflicts([&] { loader_.insert_converted(); });
  }
  ChunkCounts write_chunk(int64_t rows) override {
    explaining_key_conflicts([&] { loader_.flush(); });
    return {rows, 0};
  }
  void finish() override {
    explaining_key_conflicts([&] { loader_.close(); });
  }

private:
  static std::vector<LoadColumn>
  load_columns(const std::vector<Oid> &staging_types,
               const std::vector<pg::LocalColumnType> &local_columns) {
    std::vector<LoadColumn> columns;
    for (std::size_t i = 0; i < local_columns.size(); ++i)
      columns.push_back({local_columns[i].attnum, staging_types.at(i)});
    return columns;
  }
  static std::vector<AttrNumber>
  key_attnums(const sqlgen::PgMergeSpec &spec,
              const std::vector<pg::LocalColumnType> &local_columns) {
    std::vector<AttrNumber> attnums;
    for (std::size_t i = 0; i < spec.columns.size(); ++i)
      if (spec.columns[i].is_key)
        attnums.push_back(local_columns.at(i).attnum);
    return attnums;
  }
  // In a converted row (tuple descriptor positions), with the local types.
  static std::vector<ChunkKeyColumn>
  key_check_columns(const sqlgen::PgMergeSpec &spec,
                    const std::vector<pg::LocalColumnType> &local_columns) {
    std::vector<ChunkKeyColumn> columns;
    for (std::size_t i = 0; i < spec.columns.size(); ++i)
      if (spec.columns[i].is_key)
        columns.push_back({local_columns.at(i).attnum - 1, local_columns.at(i).type_oid});
    return columns;
  }
  // A key the unique index already has: loaded from an earlier chunk (the
  // merge would update it), or inserted by another session since the pull
  // began.
  template <typename F> void explaining_key_conflicts(F &&write) {
    try {
      write();
    } catch (const LoadedKeyConflict &conflict) {
      throw Error("remote table " + remote_display_ + " returned the key " +
                      describe_key(spec_, conflict.key) + " more than once",
                  sqlstate::kUniqueViolation,
                  "Loading " + local_display_ +
                      " directly (it was empty when the pull began), "
                      "the key was already there, by unique index \"" +
                      conflict.index_name +
                      "\": from an earlier chunk, or inserted by another session meanwhile.",
                  kUniqueKeyHint);
    }
  }

  const sqlgen::PgMergeSpec &spec_;
  std::string remote_display_;
  std::string local_display_;
  TableLoader loader_;
  std::optional<ChunkKeyCheck> key_check_;
};

} // namespace

std::unique_ptr<ChunkTarget> make_merge_target(sqlgen::PgMergeSpec &spec,
                                               const std::vector<Oid> &staging_types,
                                               const std::vector<ChunkKeyColumn> &key_check_columns,
                                               pg::SpiSession &spi, StagingKind staging,
                                               int chunk_rows, bool target_was_empty,
                                               const std::string &remote_display) {
  return std::make_unique<MergeTarget>(spec, staging_types, key_check_columns, spi, staging,
                                       chunk_rows, target_was_empty, remote_display);
}

std::unique_ptr<ChunkTarget> make_load_target(const sqlgen::PgMergeSpec &spec,
                                              const std::vector<Oid> &staging_types,
                                              const pg::LocalTable &local,
                                              const std::vector<pg::LocalColumnType> &local_columns,
                                              const std::string &remote_display) {
  return std::make_unique<LoadTarget>(spec, staging_types, local, local_columns, remote_display);
}

} // namespace mssql_upsert::pull
