#include "named_sync/sync_step.hpp"

#include "common/ascii.hpp"
#include "named_sync/compare_deletes.hpp"
#include "named_sync/local_query.hpp"
#include "named_sync/watermark_sql.hpp"
#include "options/fdw_options.hpp"
#include "pg/connection_cache.hpp"
#include "pg/pg_guard.hpp"
#include "pg/server_access.hpp"
#include "pg/spi_session.hpp"
#include "progress/progress_report.hpp"
#include "pull/pull_runner.hpp"
#include "push/push_runner.hpp"
#include "sqlgen/qualified_name.hpp"
#include "sqlgen/tsql_predicate.hpp"
#include "sqlgen/tsql_select_sql.hpp"

extern "C" {
#include "datatype/timestamp.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/timestamp.h"
}

#include <cstdio>

namespace mssql_upsert::named_sync {

namespace {

// The stored name resolved now: the table may have been dropped or renamed.
Oid local_table_oid(const SyncDefinition &d) {
  return pg::pg_call([&] {
    return DatumGetObjectId(
        DirectFunctionCall1(regclassin, CStringGetDatum(d.local_table.c_str())));
  });
}

pull::PullRequest pull_request(const SyncDefinition &d, Oid relid) {
  pull::PullRequest request;
  request.server = d.server;
  request.remote_table = d.remote_table;
  request.local_table = relid;
  request.key_columns = d.key_columns;
  request.columns = d.columns;
  request.remote_filter = d.remote_filter;
  request.chunk_rows = d.chunk_rows;
  return request;
}

push::PushRequest push_request(const SyncDefinition &d) {
  push::PushRequest request;
  request.source = d.local_table;
  request.server = d.server;
  request.remote_table = d.remote_table;
  request.key_columns = d.key_columns;
  request.columns = d.columns;
  request.chunk_rows = d.chunk_rows;
  if (d.deletes == Deletes::Compare)
    request.compare_deletes = push::CompareDeletes{d.name, d.local_table, d.local_filter,
                                                   d.remote_filter, d.max_delete_fraction};
  return request;
}

// A push compare's local_filter, run once over the local table (LIMIT 0).
void check_push_local_filter(const SyncDefinition &d) {
  if (!d.local_filter || d.local_filter->empty())
    return;
  const std::string probe =
      "SELECT FROM " + d.local_table + " AS t WHERE (" + *d.local_filter + ") LIMIT 0";
  require_single_statement(probe, "local_filter");
  execute_statement(probe);
}

struct RemoteSide {
  pg::ServerAccess access;
  sqlgen::QualifiedName name;
  std::string display;
};

RemoteSide open_remote_side(const SyncDefinition &d) {
  RemoteSide side{pg::open_server_access(d.server), {}, {}};
  side.name = sqlgen::parse_tsql_qualified_name(
      d.remote_table, "dbo", options::option_value(side.access.server_options, "database"));
  side.display = sqlgen::tsql_table_reference(side.name);
  return side;
}

RemoteWatermark find_remote_watermark(remote::Connection &connection, const RemoteSide &side,
                                      const SyncDefinition &d) {
  auto probe = connection.query(sqlgen::build_tsql_describe_sql(side.name));
  const std::vector<remote::ResultColumn> columns = probe->columns();
  while (probe->next_row()) {
  }
  const std::string &wanted = *d.watermark_column;
  const remote::ResultColumn *found = nullptr;
  for (const remote::ResultColumn &column : columns)
    if (column.name == wanted || (!found && equals_ignoring_ascii_case(column.name, wanted)))
      found = &column;
  if (!found)
    throw Error("watermark column \"" + wanted + "\" does not exist in remote table " +
                    side.display,
                sqlstate::kUndefinedColumn, "",
                "Name a column of the remote table as SQL Server spells it.");
  std::optional<WatermarkKind> kind = remote_watermark_kind(d.incremental, found->type_name);
  if (!kind)
    throw Error("watermark column \"" + found->name + "\" of remote table " + side.display +
                    " is " + found->type_name + "; incremental => '" +
                    incremental_name(d.incremental) + "' needs " +
                    accepted_remote_watermark_types(d.incremental),
                sqlstate::kDatatypeMismatch);
  if (*kind == WatermarkKind::Integer && d.watermark_lag_us != 0)
    throw Error("watermark_lag applies to date and time watermark columns; \"" + found->name +
                    "\" is " + found->type_name,
                sqlstate::kInvalidParameterValue);
  return {found->name, found->type_name, *kind};
}

// The run's upper bound, read before the SELECT; nullopt for an empty table.
std::optional<std::string> read_remote_bound(remote::Connection &connection, const RemoteSide &side,
                                             const RemoteWatermark &watermark) {
  auto stream = connection.query(build_tsql_watermark_bound_sql(side.name, watermark));
  std::optional<std::string> value;
  if (stream->next_row() && !stream->is_null(0)) {
    switch (stream->columns().at(0).kind) {
    case remote::ValueKind::Int:
      value = std::to_string(stream->get_int(0));
      break;
    case remote::ValueKind::Timestamp: {
      remote::DateTimeValue at = stream->get_datetime(0);
      value = format_remote_datetime(at.days_since_1900, at.time_100ns);
      break;
    }
    case remote::ValueKind::Binary:
      value = format_rowversion(stream->get_bytes(0));
      break;
    default:
      throw Error("the watermark bound of " + side.display + " came back as " +
                      stream->columns()[0].type_name,
                  sqlstate::kFdwError);
    }
  }
  while (stream->next_row()) {
  }
  return value;
}

// from less lag, to the microsecond (PostgreSQL's timestamp arithmetic).
std::string subtract_lag(const std::string &from, int64_t lag_us) {
  return pg::pg_call([&] {
    Timestamp at =
        DatumGetTimestamp(DirectFunctionCall3(timestamp_in, CStringGetDatum(from.c_str()),
                                              ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1)));
    at -= lag_us;
    struct pg_tm tm;
    fsec_t fsec = 0;
    if (timestamp2tm(at, nullptr, &tm, &fsec, nullptr, nullptr) != 0)
      ereport(ERROR, (errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
                      errmsg("watermark less watermark_lag is out of range")));
    char text[48];
    snprintf(text, sizeof text, "%04d-%02d-%02d %02d:%02d:%02d.%06d", tm.tm_year, tm.tm_mon,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(fsec));
    return std::string(text);
  });
}

LocalWatermark find_local_watermark(const SyncDefinition &d) {
  std::optional<std::string> type =
      query_value("SELECT pg_catalog.format_type(atttypid, atttypmod) FROM pg_catalog.pg_attribute "
                  "WHERE attrelid = $1::pg_catalog.regclass AND attname = $2 AND attnum > 0 AND "
                  "NOT attisdropped",
                  {d.local_table, d.watermark_column});
  if (!type)
    throw Error("watermark column \"" + *d.watermark_column + "\" does not exist in local table " +
                    d.local_table,
                sqlstate::kUndefinedColumn);
  std::optional<WatermarkKind> kind = local_watermark_kind(*type);
  if (!kind)
    throw Error("watermark column \"" + *d.watermark_column + "\" of local table " + d.local_table +
                    " is " + *type +
                    "; a push's incremental => 'column' needs timestamp, timestamptz, smallint, "
                    "integer or bigint",
                sqlstate::kDatatypeMismatch);
  if (*kind == WatermarkKind::Integer && d.watermark_lag_us != 0)
    throw Error("watermark_lag applies to date and time watermark columns; \"" +
                    *d.watermark_column + "\" is " + *type,
                sqlstate::kInvalidParameterValue);
  return {*d.watermark_column, *type, *kind};
}

} // namespace

void check_sync(const SyncDefinition &d) {
  check_definition_shape(d);
  if (d.remote_filter && !d.remote_filter->empty())
    sqlgen::check_tsql_predicate(*d.remote_filter);
  const Oid relid = local_table_oid(d);
  pg::SpiSession spi;
  if (d.direction == Direction::Pull) {
    pull::PullRequest request = pull_request(d, relid);
    request.plan_only = true;
    pull::run_pull(request);
    if (d.incremental != Incremental::None) {
      RemoteSide side = open_remote_side(d);
      pg::RemoteConnectionLease lease(side.access);
      find_remote_watermark(lease.connection(), side, d);
      lease.release();
    }
    if (d.deletes == Deletes::Compare)
      check_compare_deletes(d, relid);
  } else {
    push::PushRequest request = push_request(d);
    request.plan_only = true;
    push::run_push(request);
    if (d.incremental != Incremental::None)
      find_local_watermark(d);
    if (d.deletes == Deletes::Compare)
      check_push_local_filter(d);
  }
  spi.finish();
}

SyncStepResult execute_sync(const SyncDefinition &d) {
  check_definition_shape(d);
  progress::ProgressReport report("sync", d.name);
  const Oid relid = local_table_oid(d);
  pg::SpiSession spi;
  SyncStepResult result;
  if (d.direction == Direction::Pull) {
    pull::PullRequest request = pull_request(d, relid);
    if (d.incremental != Incremental::None) {
      RemoteSide side = open_remote_side(d);
      pg::RemoteConnectionLease lease(side.access);
      RemoteWatermark watermark = find_remote_watermark(lease.connection(), side, d);
      std::optional<std::string> to = read_remote_bound(lease.connection(), side, watermark);
      lease.release();
      std::optional<std::string> from = d.watermark;
      if (from && d.watermark_lag_us > 0)
        from = subtract_lag(*from, d.watermark_lag_us);
      request.remote_filter =
          combine_tsql_filters(d.remote_filter, build_tsql_watermark_filter(watermark, from, to));
      result.watermark_to = to ? to : d.watermark;
    }
    result.stats = pull::run_pull(request);
    if (d.deletes == Deletes::Compare) {
      report.hold_phase("comparing");
      result.rows_deleted = run_compare_deletes(d, relid);
    }
  } else {
    push::PushRequest request = push_request(d);
    if (d.incremental != Incremental::None) {
      LocalWatermark watermark = find_local_watermark(d);
      std::optional<std::string> to =
          query_value(build_pg_watermark_bound_sql(d.local_table, watermark));
      request.source = build_pg_watermark_source_sql(d.local_table, watermark, d.watermark, to,
                                                     d.watermark_lag_us);
      result.watermark_to = to ? to : d.watermark;
    }
    if (d.deletes == Deletes::Compare)
      check_push_local_filter(d);
    result.stats = push::run_push(request);
    result.rows_deleted = result.stats.rows_deleted;
  }
  spi.finish();
  return result;
}

} // namespace mssql_upsert::named_sync
