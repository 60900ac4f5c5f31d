#include "fdw/scan_planner.hpp"

#include "fdw/foreign_table_def.hpp"
#include "fdw/join_params.hpp"
#include "fdw/pushdown_expr.hpp"
#include "fdw/scan_sql.hpp"
#include "pg/connection_cache.hpp"
#include "pg/pg_compat.hpp"
#include "pg/pg_guard.hpp"
#include "pg/server_access.hpp"
#include "sqlgen/tsql_scan_params.hpp"

extern "C" {
#include "access/sysattr.h"
#include "nodes/bitmapset.h"
#include "optimizer/cost.h"
#include "optimizer/optimizer.h"
#include "optimizer/planmain.h"
#include "optimizer/restrictinfo.h"
}

namespace mssql_upsert::fdw {

namespace {

// Rows assumed for a foreign table never analyzed.
constexpr double kDefaultRemoteRows = 1000;
// A remote query's fixed cost (a round trip) and its per-row transfer cost.
constexpr Cost kRemoteStartupCost = 100;
constexpr Cost kRemoteRowCost = 0.01;

// The baserestrictinfo split by what SQL Server may do with each clause.
struct ClauseSplit {
  List *remote = NIL; // sent to SQL Server (exact and prefilters)
  List *local = NIL;  // checked by PostgreSQL (prefilters and the rest)
  bool all_exact = true;
};

// What SQL Server may do with one clause (No when it cannot be rendered).
// Values known only at execution (parameters, outer columns) are placeholders.
sqlgen::Shippable remote_use(RestrictInfo *rinfo, Index relid, const ForeignTableDef &table) {
  PushExprBuilder builder(relid, ParamValues{});
  sqlgen::PushExpr expr = builder.build((Node *)rinfo);
  sqlgen::Shippable shippable = sqlgen::classify_pushdown(expr);
  bool renders = shippable != sqlgen::Shippable::No &&
                 sqlgen::render_pushdown(expr, table.remote_columns).has_value();
  return renders ? shippable : sqlgen::Shippable::No;
}

ClauseSplit split_clauses(List *clauses, Index relid, const ForeignTableDef &table) {
  ClauseSplit split;
  ListCell *cell;
  foreach (cell, clauses) {
    RestrictInfo *rinfo = (RestrictInfo *)lfirst(cell);
    sqlgen::Shippable shippable = remote_use(rinfo, relid, table);
    bool renders = shippable != sqlgen::Shippable::No;
    pg::pg_call([&] {
      if (renders)
        split.remote = lappend(split.remote, rinfo);
      if (!renders || shippable != sqlgen::Shippable::Exact)
        split.local = lappend(split.local, rinfo);
    });
    split.all_exact = split.all_exact && renders && shippable == sqlgen::Shippable::Exact;
  }
  return split;
}

struct RelPlanState {
  ForeignTableDef table;
  ClauseSplit split;
  double remote_rows = 0; // rows SQL Server is expected to send
};

RelPlanState *plan_state(RelOptInfo *baserel) { return (RelPlanState *)baserel->fdw_private; }

// use_remote_estimate: SQL Server counts the rows the remote conditions keep
// (one COUNT_BIG round trip while planning).
double count_remote_rows(RelOptInfo *baserel, const RelPlanState &state) {
  Oid user = OidIsValid(baserel->userid) ? baserel->userid : GetUserId();
  pg::ServerAccess access = pg::open_server_access_for(state.table.server_id, user);
  pg::RemoteConnectionLease lease(access, true);
  auto stream =
      lease.connection().query(build_count_sql(state.table, state.split.remote, baserel->relid));
  double rows = 0;
  if (stream->next_row() && !stream->is_null(0))
    rows = static_cast<double>(stream->get_int(0));
  while (stream->next_row()) {
  }
  stream.reset();
  lease.release();
  return rows;
}

// The clauses only PostgreSQL evaluates (not sent to SQL Server at all).
List *local_only(const ClauseSplit &split) {
  return pg::pg_call([&] { return list_difference_ptr(split.local, split.remote); });
}

// The attributes the scan must return: those in the target list and in the
// clauses PostgreSQL checks itself; a whole-row reference needs them all.
std::vector<int> needed_attnums(RelOptInfo *baserel, const ForeignTableDef &table, List *local) {
  Bitmapset *attrs = pg::pg_call([&] {
    Bitmapset *set = nullptr;
    pull_varattnos((Node *)baserel->reltarget->exprs, baserel->relid, &set);
    ListCell *cell;
    foreach (cell, local)
      pull_varattnos((Node *)((RestrictInfo *)lfirst(cell))->clause, baserel->relid, &set);
    return set;
  });
  const int offset = FirstLowInvalidHeapAttributeNumber;
  bool whole_row = bms_is_member(0 - offset, attrs);
  std::vector<int> attnums;
  for (std::size_t i = 0; i < table.remote_columns.size(); ++i) {
    int attnum = static_cast<int>(i) + 1;
    if (table.local_columns[i].empty())
      continue; // dropped
    if (whole_row || bms_is_member(attnum - offset, attrs))
      attnums.push_back(attnum);
  }
  return attnums;
}

// LIMIT n [OFFSET m] becomes TOP (n + m) when this scan alone produces the
// query's rows in any order: one relation, every clause exact on SQL Server,
// no ORDER BY, grouping, aggregates, window functions, DISTINCT, set-returning
// functions or row locks (PostgreSQL clears limit_tuples for most of those).
std::optional<int64_t> safe_top(PlannerInfo *root, RelOptInfo *baserel, const ClauseSplit &split) {
  Query *parse = root->parse;
  if (root->limit_tuples <= 0 || root->limit_tuples > static_cast<double>(INT64_MAX / 2) ||
      !split.all_exact || baserel->reloptkind != RELOPT_BASEREL ||
      bms_membership(root->all_baserels) != BMS_SINGLETON || parse->commandType != CMD_SELECT ||
      parse->sortClause != NIL || parse->rowMarks != NIL || parse->setOperations != nullptr ||
      parse->groupClause != NIL || parse->hasAggs || parse->hasWindowFuncs ||
      parse->distinctClause != NIL || parse->hasTargetSRFs || root->hasHavingQual)
    return std::nullopt;
  return static_cast<int64_t>(root->limit_tuples);
}

} // namespace

void get_foreign_rel_size(PlannerInfo *root, RelOptInfo *baserel, Oid foreigntableid) {
  pg::callback_entry([&] {
    RelPlanState *state = new RelPlanState{read_foreign_table_def(foreigntableid), {}, 0};
    // Planner memory is freed with the planner's context; the C++ parts are
    // small and planning is short, so a reset callback deletes them.
    pg::pg_call([&] {
      MemoryContextCallback *callback =
          (MemoryContextCallback *)palloc0(sizeof(MemoryContextCallback));
      callback->func = [](void *arg) { delete (RelPlanState *)arg; };
      callback->arg = state;
      MemoryContextRegisterResetCallback(CurrentMemoryContext, callback);
    });
    baserel->fdw_private = state;
    state->split = split_clauses(baserel->baserestrictinfo, baserel->relid, state->table);
    if (state->table.use_remote_estimate) {
      state->remote_rows = count_remote_rows(baserel, *state);
      pg::pg_call([&] {
        Selectivity local_selectivity = clauselist_selectivity(root, local_only(state->split),
                                                               baserel->relid, JOIN_INNER, nullptr);
        baserel->rows = clamp_row_est(state->remote_rows * local_selectivity);
        state->remote_rows = clamp_row_est(state->remote_rows);
      });
      return;
    }
    pg::pg_call([&] {
      if (baserel->tuples < 0) // never analyzed
        baserel->tuples = kDefaultRemoteRows;
      set_baserel_size_estimates(root, baserel);
      Selectivity remote_selectivity =
          clauselist_selectivity(root, state->split.remote, baserel->relid, JOIN_INNER, nullptr);
      state->remote_rows = clamp_row_est(baserel->tuples * remote_selectivity);
    });
  });
}

namespace {

// One remote query (a round trip, then remote_rows rows) and the local checks.
void add_scan_path(PlannerInfo *root, RelOptInfo *baserel, double rows, double remote_rows,
                   List *local_clauses, Relids required_outer) {
  pg::pg_call([&] {
    QualCost local_cost;
    cost_qual_eval(&local_cost, local_clauses, root);
    Cost startup = kRemoteStartupCost + local_cost.startup;
    Cost total = startup + remote_rows * (kRemoteRowCost + cpu_tuple_cost + local_cost.per_tuple);
    add_path(baserel, (Path *)pg::compat::create_plain_foreignscan_path(
                          root, baserel, rows, startup, total, required_outer, NIL));
  });
}

// A scan on the inner side of a nested loop, its join clauses sent with each
// outer row's values: fewer rows per query, but a round trip per outer row,
// which the startup cost (paid on every rescan) makes the planner weigh.
void add_parameterized_path(PlannerInfo *root, RelOptInfo *baserel, const RelPlanState &state,
                            ParamPathInfo *parameterization) {
  ClauseSplit join = split_clauses(parameterization->ppi_clauses, baserel->relid, state.table);
  double remote_rows = 0;
  List *local = pg::pg_call([&] {
    Selectivity remote_selectivity =
        clauselist_selectivity(root, join.remote, baserel->relid, JOIN_INNER, nullptr);
    Selectivity join_selectivity = clauselist_selectivity(root, parameterization->ppi_clauses,
                                                          baserel->relid, JOIN_INNER, nullptr);
    remote_rows = clamp_row_est(state.remote_rows * remote_selectivity);
    // baserel->rows, not the tuple count the planner's own estimate starts
    // from: it may be SQL Server's count (use_remote_estimate).
    parameterization->ppi_rows = clamp_row_est(baserel->rows * join_selectivity);
    return list_concat_copy(state.split.local, join.local);
  });
  add_scan_path(root, baserel, parameterization->ppi_rows, remote_rows, local,
                parameterization->ppi_req_outer);
}

} // namespace

void get_foreign_paths(PlannerInfo *root, RelOptInfo *baserel, Oid) {
  pg::callback_entry([&] {
    RelPlanState *state = plan_state(baserel);
    // lateral_relids: a LATERAL subquery's outer columns the scan must output.
    add_scan_path(root, baserel, baserel->rows, state->remote_rows, state->split.local,
                  baserel->lateral_relids);
    List *parameterizations = shippable_parameterizations(root, baserel, [&](RestrictInfo *rinfo) {
      return remote_use(rinfo, baserel->relid, state->table) != sqlgen::Shippable::No;
    });
    ListCell *cell;
    foreach (cell, parameterizations)
      add_parameterized_path(root, baserel, *state, (ParamPathInfo *)lfirst(cell));
  });
}

ForeignScan *get_foreign_plan(PlannerInfo *root, RelOptInfo *baserel, Oid, ForeignPath *,
                              List *tlist, List *scan_clauses, Plan *outer_plan) {
  return pg::callback_entry([&] {
    RelPlanState *state = plan_state(baserel);
    // scan_clauses: baserestrictinfo, and for a parameterized scan its join
    // clauses (whose outer columns the planner then turns into Params).
    ClauseSplit split = split_clauses(scan_clauses, baserel->relid, state->table);
    ScanPlanInfo info;
    info.attnums = needed_attnums(baserel, state->table, split.local);
    std::optional<int64_t> top = safe_top(root, baserel, split);
    info.top = top.value_or(-1);
    std::vector<sqlgen::ParamSlot> slots;
    info.remote_sql = build_scan_sql(state->table, info.attnums, split.remote, baserel->relid, top,
                                     ParamValues{}, &info.has_params, &slots);
    info.remote_parameters = sqlgen::param_declarations(slots);
    return pg::pg_call([&] {
      List *local_exprs = extract_actual_clauses(split.local, false);
      List *remote_exprs = extract_actual_clauses(split.remote, false);
      return make_foreignscan(tlist, local_exprs, baserel->relid, remote_exprs,
                              scan_plan_info_to_list(info), NIL, NIL, outer_plan);
    });
  });
}

void explain_foreign_scan(ForeignScanState *node, ExplainState *es) {
  if (!es->verbose)
    return;
  pg::callback_entry([&] {
    ScanPlanInfo info = scan_plan_info_from_list(((ForeignScan *)node->ss.ps.plan)->fdw_private);
    pg::pg_call([&] {
      ExplainPropertyText("Remote SQL", info.remote_sql.c_str(), es);
      // What sp_executesql receives as @params with the statement.
      if (!info.remote_parameters.empty())
        ExplainPropertyText("Remote Parameters", info.remote_parameters.c_str(), es);
    });
  });
}

} // namespace mssql_upsert::fdw
