// mssql_upsert_fdw_handler: the FdwRoutine of the wrapper.
// Scans of foreign tables are not implemented in this version: planning a query
// on one fails with a clear message pointing at mssql_upsert_pull.
#include "pg/pg_guard.hpp"

extern "C" {
#include "foreign/fdwapi.h"
#include "nodes/pathnodes.h"
#include "utils/lsyscache.h"
}

namespace {

void reject_foreign_scan(PlannerInfo *, RelOptInfo *, Oid foreigntableid) {
  ereport(ERROR,
          (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
           errmsg("reading foreign table \"%s\" is not supported by this version of "
                  "mssql_upsert_fdw",
                  get_rel_name(foreigntableid)),
           errhint("Copy the remote rows into a local table with mssql_upsert_pull().")));
}

} // namespace

extern "C" {
PG_FUNCTION_INFO_V1(mssql_upsert_fdw_handler);
Datum mssql_upsert_fdw_handler(PG_FUNCTION_ARGS) {
  FdwRoutine *routine = makeNode(FdwRoutine);
  routine->GetForeignRelSize = reject_foreign_scan;
  PG_RETURN_POINTER(routine);
}
}
