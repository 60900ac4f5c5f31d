// The PostgreSQL API differences between the supported major versions (15 to
// 18), in one place: the only file that tests PG_VERSION_NUM, so that the rest
// of the code reads the same on every version. Each test names the version
// that changed the API.
#pragma once

#include "pg/pg_headers.hpp"

extern "C" {
#include "catalog/pg_foreign_server.h"
#include "commands/explain.h"
#include "executor/executor.h"
#include "nodes/pathnodes.h"
#include "nodes/plannodes.h"
#include "optimizer/pathnode.h"
#include "utils/acl.h"
#if PG_VERSION_NUM >= 160000
// 16 moved the varlena macros (VARDATA, SET_VARSIZE, ...) out of postgres.h.
#include "varatt.h"
#endif
#if PG_VERSION_NUM >= 180000
// 18 split ExplainState and the ExplainProperty* functions out of explain.h.
#include "commands/explain_format.h"
#include "commands/explain_state.h"
#endif
}

namespace mssql_upsert::pg::compat {

// USAGE (or another right) of a user on a foreign server.
inline AclResult foreign_server_aclcheck(Oid server_id, Oid user_id, AclMode mode) {
#if PG_VERSION_NUM >= 160000
  // 16 replaced the per-object-type aclcheck functions by object_aclcheck.
  return object_aclcheck(ForeignServerRelationId, server_id, user_id, mode);
#else
  return pg_foreign_server_aclcheck(server_id, user_id, mode);
#endif
}

// The user a foreign scan runs as (a view's owner inside a view), or
// InvalidOid for the current user.
inline Oid foreign_scan_check_as_user(const ForeignScan *plan, EState *estate) {
#if PG_VERSION_NUM >= 160000
  // 16 moved permission information out of RangeTblEntry; the planner copies
  // the scan's user into the ForeignScan node.
  (void)estate;
  return plan->checkAsUser;
#else
  return exec_rt_fetch(plan->scan.scanrelid, estate)->checkAsUser;
#endif
}

// A plain foreign scan path (no outer plan, no pathkeys, no disabled nodes).
inline ForeignPath *create_plain_foreignscan_path(PlannerInfo *root, RelOptInfo *rel, double rows,
                                                  Cost startup_cost, Cost total_cost,
                                                  Relids required_outer, List *fdw_private) {
#if PG_VERSION_NUM >= 180000
  // 18 added disabled_nodes (after rows); 17 added fdw_restrictinfo.
  return create_foreignscan_path(root, rel, nullptr, rows, 0, startup_cost, total_cost, NIL,
                                 required_outer, nullptr, NIL, fdw_private);
#elif PG_VERSION_NUM >= 170000
  // 17 added fdw_restrictinfo (the clauses a join path enforces remotely).
  return create_foreignscan_path(root, rel, nullptr, rows, startup_cost, total_cost, NIL,
                                 required_outer, nullptr, NIL, fdw_private);
#else
  return create_foreignscan_path(root, rel, nullptr, rows, startup_cost, total_cost, NIL,
                                 required_outer, nullptr, fdw_private);
#endif
}

// Inserts a new heap tuple's entries into every index of the relation, as an
// INSERT does (no ON CONFLICT); returns the indexes needing a deferred recheck.
inline List *insert_index_tuples(ResultRelInfo *result_rel, TupleTableSlot *slot, EState *estate) {
#if PG_VERSION_NUM >= 160000
  // 16 added onlySummarizing (for HOT updates that change only BRIN columns).
  return ExecInsertIndexTuples(result_rel, slot, estate, false, false, nullptr, NIL, false);
#else
  return ExecInsertIndexTuples(result_rel, slot, estate, false, false, nullptr, NIL);
#endif
}

} // namespace mssql_upsert::pg::compat
