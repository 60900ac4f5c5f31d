// The statistics row a sync call returns, built for the function's declared
// OUT columns by name (the pull has no "retries", the push has).
#pragma once

#include "pg/pg_headers.hpp"
#include "column_match/sync_stats.hpp"

namespace mssql_upsert::pg {

Datum sync_stats_tuple(FunctionCallInfo fcinfo, const sync::SyncStats &stats);

} // namespace mssql_upsert::pg
