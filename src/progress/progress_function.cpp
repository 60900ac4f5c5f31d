// SQL entry point: mssql_upsert_progress(), behind the view of the same name.
#include "common/error.hpp"
#include "pg/pg_guard.hpp"
#include "progress/progress_report.hpp"

extern "C" {
#include "catalog/pg_authid_d.h"
#include "funcapi.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"
}

using namespace mssql_upsert;

namespace {

constexpr int kColumns = 9;

} // namespace

extern "C" {
PG_FUNCTION_INFO_V1(mssql_upsert_progress);
Datum mssql_upsert_progress(PG_FUNCTION_ARGS) {
  return pg::sql_entry([&]() -> Datum {
    if (!progress::available())
      throw Error("mssql_upsert_progress needs the library preloaded", sqlstate::kObjectNotInPrerequisiteState,
                  "Running calls report their progress in shared memory, which exists only when PostgreSQL "
                  "loads mssql_upsert_fdw at start.",
                  "Add mssql_upsert_fdw to shared_preload_libraries in postgresql.conf and restart PostgreSQL.");
    const std::vector<progress::ProgressRow> rows = progress::running_calls();
    pg::pg_call([&] {
      InitMaterializedSRF(fcinfo, 0);
      ReturnSetInfo *result = reinterpret_cast<ReturnSetInfo *>(fcinfo->resultinfo);
      const TimestampTz now = GetCurrentTimestamp();
      const bool all_stats = has_privs_of_role(GetUserId(), ROLE_PG_READ_ALL_STATS);
      for (const progress::ProgressRow &row : rows) {
        Datum values[kColumns];
        bool nulls[kColumns] = {};
        // As pg_stat_activity: what another role's call does is for that role or pg_read_all_stats.
        const bool visible = all_stats || has_privs_of_role(GetUserId(), row.role);
        values[0] = Int32GetDatum(row.pid);
        values[1] = CStringGetTextDatum(row.kind.c_str());
        values[2] = CStringGetTextDatum(row.name.c_str());
        values[3] = CStringGetTextDatum(row.phase.c_str());
        values[4] = Int64GetDatum(row.rows_read);
        values[5] = Int64GetDatum(row.rows_written);
        values[6] = Int64GetDatum(row.chunks);
        values[7] = TimestampTzGetDatum(row.started_at);
        const double seconds = static_cast<double>(now - row.started_at) / USECS_PER_SEC;
        values[8] = Float8GetDatum(seconds > 0 ? static_cast<double>(row.rows_read) / seconds : 0.0);
        if (!visible)
          for (int c = 2; c < kColumns; ++c)
            if (c != 7)
              nulls[c] = true;
        tuplestore_putvalues(result->setResult, result->setDesc, values, nulls);
      }
    });
    return (Datum)0;
  });
}
}
