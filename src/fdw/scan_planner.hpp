// Planning a foreign table scan: which WHERE clauses go to SQL Server, which
// columns are fetched, row and cost estimates without a remote round trip,
// LIMIT as TOP when that is safe, and EXPLAIN's "Remote SQL".
#pragma once

#include "pg/pg_compat.hpp"

extern "C" {
#include "foreign/fdwapi.h"
#include "nodes/pathnodes.h"
}

namespace mssql_upsert::fdw {

void get_foreign_rel_size(PlannerInfo *root, RelOptInfo *baserel, Oid foreigntableid);
void get_foreign_paths(PlannerInfo *root, RelOptInfo *baserel, Oid foreigntableid);
ForeignScan *get_foreign_plan(PlannerInfo *root, RelOptInfo *baserel, Oid foreigntableid,
                              ForeignPath *best_path, List *tlist, List *scan_clauses,
                              Plan *outer_plan);
void explain_foreign_scan(ForeignScanState *node, ExplainState *es);

} // namespace mssql_upsert::fdw
