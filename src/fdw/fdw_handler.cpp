// mssql_upsert_fdw_handler: the FdwRoutine of the wrapper. Each callback lives
// with its responsibility: scan_planner (planning, EXPLAIN), scan_executor
// (scans), table_analyze (ANALYZE), schema_import (IMPORT FOREIGN SCHEMA).
#include "fdw/scan_executor.hpp"
#include "fdw/scan_planner.hpp"
#include "fdw/schema_import.hpp"
#include "fdw/table_analyze.hpp"
#include "pg/pg_guard.hpp"

extern "C" {
#include "foreign/fdwapi.h"
#include "nodes/pathnodes.h"
#include "parser/parsetree.h"
#include "utils/lsyscache.h"
}

using namespace mssql_upsert;

namespace {

// Foreign tables are read-only: writes go through mssql_upsert_push, which
// loads in bulk and merges, instead of one remote statement per row.
List *refuse_modify(PlannerInfo *root, ModifyTable *plan, Index result_relation, int) {
  RangeTblEntry *rte = planner_rt_fetch(result_relation, root);
  const char *verb = plan->operation == CMD_INSERT   ? "INSERT into"
                     : plan->operation == CMD_UPDATE ? "UPDATE of"
                                                     : "DELETE from";
  ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                  errmsg("%s foreign table \"%s\" is not supported by mssql_upsert_fdw", verb,
                         get_rel_name(rte->relid)),
                  errhint("Foreign tables of mssql_upsert_fdw are read-only; write to SQL Server "
                          "with mssql_upsert_push().")));
  return NIL;
}

int no_updates(Relation) { return 0; }

} // namespace

extern "C" {
PG_FUNCTION_INFO_V1(mssql_upsert_fdw_handler);
Datum mssql_upsert_fdw_handler(PG_FUNCTION_ARGS) {
  FdwRoutine *routine = makeNode(FdwRoutine);
  routine->GetForeignRelSize = fdw::get_foreign_rel_size;
  routine->GetForeignPaths = fdw::get_foreign_paths;
  routine->GetForeignPlan = fdw::get_foreign_plan;
  routine->ExplainForeignScan = fdw::explain_foreign_scan;
  routine->BeginForeignScan = fdw::begin_foreign_scan;
  routine->IterateForeignScan = fdw::iterate_foreign_scan;
  routine->ReScanForeignScan = fdw::rescan_foreign_scan;
  routine->EndForeignScan = fdw::end_foreign_scan;
  routine->PlanForeignModify = refuse_modify;
  routine->IsForeignRelUpdatable = no_updates;
  routine->AnalyzeForeignTable = fdw::analyze_foreign_table;
  routine->ImportForeignSchema = fdw::import_foreign_schema;
  PG_RETURN_POINTER(routine);
}
}
