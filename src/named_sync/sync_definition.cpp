#include "named_sync/sync_definition.hpp"

#include "common/error.hpp"

namespace mssql_upsert::named_sync {

namespace {

Error not_one_of(const char *argument, std::string_view text, const char *accepted) {
  return Error(std::string("argument \"") + argument + "\" must be " + accepted + ", not '" +
                   std::string(text) + "'",
               sqlstate::kInvalidParameterValue);
}

} // namespace

Direction parse_direction(std::string_view text) {
  if (text == "pull")
    return Direction::Pull;
  if (text == "push")
    return Direction::Push;
  throw not_one_of("direction", text, "'pull' or 'push'");
}

Incremental parse_incremental(std::string_view text) {
  if (text == "none")
    return Incremental::None;
  if (text == "column")
    return Incremental::Column;
  if (text == "rowversion")
    return Incremental::RowVersion;
  throw not_one_of("incremental", text, "'none', 'column' or 'rowversion'");
}

Deletes parse_deletes(std::string_view text) {
  if (text == "none")
    return Deletes::None;
  if (text == "compare")
    return Deletes::Compare;
  throw not_one_of("deletes", text, "'none' or 'compare'");
}

const char *incremental_name(Incremental mode) {
  switch (mode) {
  case Incremental::Column:
    return "column";
  case Incremental::RowVersion:
    return "rowversion";
  default:
    return "none";
  }
}

void check_definition_shape(const SyncDefinition &d) {
  const std::string sync = "sync \"" + d.name + "\": ";
  if (d.incremental == Incremental::None && d.watermark_column)
    throw Error(sync + "watermark_column is set but incremental is 'none'",
                sqlstate::kInvalidParameterValue, "",
                "Pass incremental => 'column' (or 'rowversion') to use the watermark column.");
  if (d.incremental != Incremental::None && !d.watermark_column)
    throw Error(sync + "incremental => '" + incremental_name(d.incremental) +
                    "' needs watermark_column",
                sqlstate::kInvalidParameterValue, "",
                d.incremental == Incremental::RowVersion
                    ? "Name the remote table's rowversion column."
                    : "Name a column that every insert and update advances, e.g. ModifiedAt.");
  if (d.direction == Direction::Push && d.incremental == Incremental::RowVersion)
    throw Error(sync + "incremental => 'rowversion' reads a SQL Server rowversion column and "
                       "is for pulls only",
                sqlstate::kFeatureNotSupported, "",
                "A push tracks a local timestamp or bigint column: incremental => 'column'.");
  if (d.watermark_lag_us < 0)
    throw Error(sync + "watermark_lag must not be negative", sqlstate::kInvalidParameterValue);
  if (d.incremental == Incremental::RowVersion && d.watermark_lag_us != 0)
    throw Error(sync + "watermark_lag does not apply to incremental => 'rowversion'",
                sqlstate::kInvalidParameterValue, "",
                "MIN_ACTIVE_ROWVERSION() already bounds each run by the oldest open transaction.");
  if (!(d.max_delete_fraction >= 0 && d.max_delete_fraction <= 1))
    throw Error(sync + "max_delete_fraction must be between 0 and 1",
                sqlstate::kInvalidParameterValue);
  if (d.chunk_rows < 1 || d.chunk_rows > 10'000'000)
    throw Error(sync + "chunk_rows must be between 1 and 10000000",
                sqlstate::kInvalidParameterValue);
  const bool remote_filtered = d.remote_filter && !d.remote_filter->empty();
  const bool local_filtered = d.local_filter && !d.local_filter->empty();
  const bool push = d.direction == Direction::Push;
  if (!push && d.deletes == Deletes::Compare && remote_filtered && !local_filtered)
    throw Error(
        sync + "deletes => 'compare' with a remote_filter would delete every local row "
               "the filter leaves out",
        sqlstate::kInvalidParameterValue, "",
        "Also pass local_filter => '...', the same predicate over the local table's columns: "
        "only local rows matching it are compared.");
  if (push && d.deletes == Deletes::Compare && local_filtered && !remote_filtered)
    throw Error(
        sync + "deletes => 'compare' with a local_filter would delete every remote row "
               "the filter leaves out",
        sqlstate::kInvalidParameterValue, "",
        "Also pass remote_filter => '...', the same predicate over the remote table's columns: "
        "only remote rows matching it are compared.");
  if (push && remote_filtered && d.deletes != Deletes::Compare)
    throw Error(sync + "a push reads no remote rows: remote_filter is only used by deletes => "
                       "'compare', to choose the remote rows compared",
                sqlstate::kInvalidParameterValue, "",
                "To push fewer rows, define the sync over a view of the local table.");
  if (local_filtered && d.deletes != Deletes::Compare)
    throw Error(sync + "local_filter is only used by deletes => 'compare'",
                sqlstate::kInvalidParameterValue);
}

} // namespace mssql_upsert::named_sync
