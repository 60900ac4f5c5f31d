#include "pull/pull_runner.hpp"

#include "pull/chunk_target.hpp"
#include "pull/pull_mode.hpp"

#include "column_match/pull_columns.hpp"
#include "options/fdw_options.hpp"
#include "pg/connection_cache.hpp"
#include "pg/local_table.hpp"
#include "pg/memory_context_scope.hpp"
#include "pg/pg_guard.hpp"
#include "pg/remote_datum.hpp"
#include "pg/server_access.hpp"
#include "pg/spi_session.hpp"
#include "progress/progress_report.hpp"
#include "pull/chunk_key_check.hpp"
#include "pull/identity_sequences.hpp"
#include "pull/table_loader.hpp"
#include "sqlgen/identifier_quoting.hpp"
#include "sqlgen/pg_merge_sql.hpp"
#include "sqlgen/qualified_name.hpp"
#include "sqlgen/staging_name.hpp"
#include "sqlgen/tsql_select_sql.hpp"

extern "C" {
#include "parser/parse_coerce.h"
#include "utils/acl.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/typcache.h"
}

#include <algorithm>
#include <chrono>
#include <memory>

namespace mssql_upsert::pull {

namespace {

constexpr int kInterruptCheckRows = 1000;

struct RemoteDescription {
  std::vector<remote::ResultColumn> columns;
  std::vector<sync::RemoteColumnInfo> infos;
};

RemoteDescription describe_remote_table(remote::Connection &connection,
                                        const sqlgen::QualifiedName &table) {
  auto probe = connection.query(sqlgen::build_tsql_describe_sql(table));
  RemoteDescription description;
  description.columns = probe->columns();
  while (probe->next_row()) {
  }
  for (const remote::ResultColumn &column : description.columns)
    description.infos.push_back(
        {column.name, column.type_name, column.kind != remote::ValueKind::Unsupported});
  return description;
}

// A pull from a foreign table sees the remote columns it declares, by its names.
void restrict_to_foreign_columns(RemoteDescription &remote, const PullRequest &request,
                                 const std::string &remote_display) {
  std::vector<sync::RemoteColumnInfo> renamed;
  std::vector<std::size_t> kept = sync::map_foreign_columns(
      request.foreign_table_display, remote_display, remote.infos, *request.foreign_columns, renamed);
  std::vector<remote::ResultColumn> columns;
  for (std::size_t index : kept)
    columns.push_back(remote.columns[index]);
  remote.columns = std::move(columns);
  remote.infos = std::move(renamed);
}

bool has_equality_operator(Oid type_oid) {
  return pg::pg_call([&] {
    TypeCacheEntry *entry = lookup_type_cache(type_oid, TYPECACHE_EQ_OPR);
    return OidIsValid(entry->eq_opr);
  });
}

// The staging columns, in remote SELECT order, with a check that every remote
// value can be cast to its local column before anything is written;
// staging_types receives each staging column's type.
sqlgen::PgMergeSpec plan_staging(const PullRequest &request, const pg::LocalTable &local,
                                 const RemoteDescription &remote, const sync::PullColumns &matched,
                                 const std::string &remote_display, std::vector<Oid> &staging_types,
                                 std::vector<ChunkKeyColumn> &key_check_columns) {
  sqlgen::PgMergeSpec spec;
  spec.target_schema = local.schema;
  spec.target_table = local.name;
  spec.staging_table = sqlgen::pg_staging_table_name(local.schema, local.name, request.writer_id,
                                                     request.partition_id);
  for (std::size_t p = 0; p < matched.pairs.size(); ++p) {
    const sync::ColumnPair &pair = matched.pairs[p];
    const remote::ResultColumn &remote_column = remote.columns[pair.remote_index];
    const sync::LocalColumnInfo &local_column = local.info.columns[pair.local_index];
    const pg::LocalColumnType &local_type = local.types[pair.local_index];
    pg::StagingType staging = pg::staging_type_for(remote_column, remote_display);
    bool castable = pg::pg_call([&] {
      Oid from = staging.type_oid;
      return can_coerce_type(1, &from, const_cast<Oid *>(&local_type.type_oid), COERCION_EXPLICIT);
    });
    if (!castable)
      throw Error("remote column \"" + remote_column.name + "\" (" + remote_column.type_name +
                      ") cannot be converted to local column \"" + local_column.name + "\" (" +
                      local_column.type_name + ")",
                  sqlstate::kDatatypeMismatch, "",
                  "PostgreSQL has no cast from " + std::string(staging.sql_name) + " to " +
                      local_column.type_name + ".");
    bool is_key = std::find(matched.key_pairs.begin(), matched.key_pairs.end(), p) !=
                  matched.key_pairs.end();
    staging_types.push_back(staging.type_oid);
    // The staged key compares as the local one only when no cast stands between them.
    if (is_key && staging.type_oid == local_type.type_oid && local_type.typmod < 0)
      key_check_columns.push_back({static_cast<int>(p), staging.type_oid});
    const bool collatable =
        pg::pg_call([&] { return OidIsValid(get_typcollation(local_type.type_oid)); });
    spec.columns.push_back({local_column.name, staging.sql_name, local_column.type_name, is_key,
                            !has_equality_operator(local_type.type_oid), collatable});
  }
  spec.overriding_system_value = matched.overrides_identity;
  spec.target_partitioned = local.partitioned;
  return spec;
}

} // namespace

sync::SyncStats run_pull(const PullRequest &request) {
  const auto started = std::chrono::steady_clock::now();
  sync::SyncStats stats;

  pg::ServerAccess access = pg::open_server_access(request.server);
  pg::LocalTable local = pg::read_local_table(request.local_table);
  pg::require_table_privileges(local.relid, ACL_INSERT | ACL_UPDATE | ACL_SELECT);
  sqlgen::QualifiedName remote_name = sqlgen::parse_tsql_qualified_name(
      request.remote_table, "dbo", options::option_value(access.server_options, "database"));
  const std::string remote_display = sqlgen::tsql_table_reference(remote_name);

  pg::RemoteConnectionLease lease(access);
  RemoteDescription remote = describe_remote_table(lease.connection(), remote_name);
  if (request.foreign_columns)
    restrict_to_foreign_columns(remote, request, remote_display);
  sync::PullColumns matched = sync::match_pull_columns(remote_display, remote.infos, local.info,
                                                       request.columns, request.key_columns);
  std::vector<Oid> staging_types;
  std::vector<ChunkKeyColumn> key_check_columns;
  sqlgen::PgMergeSpec spec = plan_staging(request, local, remote, matched, remote_display,
                                          staging_types, key_check_columns);

  std::vector<pg::LocalColumnType> local_columns; // parallel to spec.columns
  for (const sync::ColumnPair &pair : matched.pairs)
    local_columns.push_back(local.types[pair.local_index]);
  if (request.plan_only) {
    lease.release();
    return stats;
  }

  pg::SpiSession spi;
  // Before the emptiness check, so that its answer holds for what this pull
  // writes: no definition change can come between, and a session that
  // inserts meanwhile meets the key's unique index (pull/chunk_target).
  pg::lock_for_writing(local.relid);
  const bool target_was_empty = spi.query_text(sqlgen::build_pg_target_is_empty_sql(spec)).at(0).at(0) ==
                                std::optional<std::string>("t");
  const PullPath path = choose_pull_path(
      request.mode, target_was_empty, direct_load_obstacle(local.relid), local.info.display_name);
  const std::string path_message = describe_pull_path(path, local.info.display_name);
  pg::pg_call([&] { ereport(DEBUG1, (errmsg("%s", path_message.c_str()))); });
  std::unique_ptr<ChunkTarget> target =
      path.direct_load
          ? make_load_target(spec, staging_types, local, local_columns, remote_display)
          : make_merge_target(spec, staging_types, key_check_columns, spi, request.staging,
                              request.chunk_rows, target_was_empty, remote_display);

  std::vector<std::string> remote_columns;
  std::vector<int> stream_columns;
  for (std::size_t i = 0; i < matched.pairs.size(); ++i) {
    remote_columns.push_back(remote.columns[matched.pairs[i].remote_index].name);
    stream_columns.push_back(static_cast<int>(i));
  }
  auto stream = lease.connection().query(
      sqlgen::build_tsql_select_sql(remote_name, remote_columns, request.remote_filter));

  progress::ProgressReport report("pull", remote_display + " -> " + local.info.display_name);
  MemoryContext chunk_memory = pg::pg_call([] {
    return AllocSetContextCreate(CurrentMemoryContext, "mssql_upsert_pull chunk",
                                 ALLOCSET_DEFAULT_SIZES);
  });
  std::vector<Datum> values(spec.columns.size());
  std::unique_ptr<bool[]> nulls(new bool[spec.columns.size()]);
  bool more_rows = true;
  while (more_rows) {
    int64_t staged = 0;
    {
      report.phase("reading");
      pg::MemoryContextScope chunk_scope(chunk_memory);
      target->begin_chunk();
      while (staged < request.chunk_rows && (more_rows = stream->next_row())) {
        pg::convert_remote_row(*stream, stream_columns, values.data(), nulls.get());
        target->add_row(values.data(), nulls.get());
        if (++staged % kInterruptCheckRows == 0)
          pg::check_for_interrupts();
      }
    }
    report.phase("writing");
    ChunkCounts written = target->write_chunk(staged);
    if (staged == 0)
      break;
    stats.add_chunk(staged, written.inserted, written.updated);
    report.add(staged, written.inserted + written.updated, 1);
    pg::pg_call([&] { MemoryContextReset(chunk_memory); });
    if (staged < request.chunk_rows)
      more_rows = false;
  }
  target->finish();
  if (stats.rows_inserted + stats.rows_updated > 0) {
    std::vector<std::string> filled;
    for (const sqlgen::PgStagingColumn &column : spec.columns)
      filled.push_back(column.name);
    advance_identity_sequences(spi, local, filled);
  }
  stream.reset();
  lease.release();
  spi.finish();
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return stats;
}

} // namespace mssql_upsert::pull
