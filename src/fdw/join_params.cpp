#include "fdw/join_params.hpp"

#include "pg/pg_guard.hpp"

extern "C" {
#include "nodes/nodeFuncs.h"
#include "optimizer/pathnode.h"
#include "optimizer/paths.h"
#include "optimizer/restrictinfo.h"
}

namespace mssql_upsert::fdw {

namespace {

// Picks the equivalence members that are one column of the scanned relation,
// a new column on each round: generate_implied_equalities_for_column then
// gives the equalities between that column and the members of other relations.
struct ColumnRound {
  Index relid;
  List *done = NIL;      // columns of earlier rounds
  Var *column = nullptr; // this round's column
};

Var *plain_column(Node *node, Index relid) {
  while (node != nullptr && IsA(node, RelabelType))
    node = (Node *)((RelabelType *)node)->arg;
  if (node == nullptr || !IsA(node, Var))
    return nullptr;
  Var *var = (Var *)node;
  bool ours = var->varno == static_cast<int>(relid) && var->varlevelsup == 0 && var->varattno > 0;
  return ours ? var : nullptr;
}

bool is_round_column(PlannerInfo *, RelOptInfo *, EquivalenceClass *, EquivalenceMember *member,
                     void *arg) {
  auto *round = (ColumnRound *)arg;
  Var *var = plain_column((Node *)member->em_expr, round->relid);
  if (var == nullptr)
    return false;
  if (round->column != nullptr)
    return equal(var, round->column);
  if (list_member(round->done, var))
    return false;
  round->column = var;
  return true;
}

// Join clauses that could move into the scan: its own join clauses first, then
// those equivalence classes imply, column by column.
List *movable_join_clauses(PlannerInfo *root, RelOptInfo *baserel) {
  return pg::pg_call([&] {
    List *clauses = NIL;
    ListCell *cell;
    foreach (cell, baserel->joininfo) {
      RestrictInfo *rinfo = (RestrictInfo *)lfirst(cell);
      if (join_clause_is_movable_to(rinfo, baserel))
        clauses = lappend(clauses, rinfo);
    }
    if (!baserel->has_eclass_joins)
      return clauses;
    ColumnRound round{baserel->relid};
    for (;;) {
      round.column = nullptr;
      List *implied = generate_implied_equalities_for_column(root, baserel, is_round_column, &round,
                                                             baserel->lateral_referencers);
      if (round.column == nullptr)
        break;
      foreach (cell, implied) {
        RestrictInfo *rinfo = (RestrictInfo *)lfirst(cell);
        if (join_clause_is_movable_to(rinfo, baserel))
          clauses = lappend(clauses, rinfo);
      }
      round.done = lappend(round.done, round.column);
    }
    return clauses;
  });
}

} // namespace

List *shippable_parameterizations(PlannerInfo *root, RelOptInfo *baserel,
                                  const ClauseShippable &shippable) {
  List *clauses = movable_join_clauses(root, baserel);
  List *parameterizations = NIL;
  ListCell *cell;
  foreach (cell, clauses) {
    RestrictInfo *rinfo = (RestrictInfo *)lfirst(cell);
    if (!shippable(rinfo))
      continue;
    pg::pg_call([&] {
      Relids outer = bms_union(rinfo->clause_relids, baserel->lateral_relids);
      outer = bms_del_members(outer, baserel->relids);
      if (bms_is_empty(outer))
        return;
      // The planner keeps one ParamPathInfo per outer set: the same pointer again.
      parameterizations = list_append_unique_ptr(parameterizations,
                                                 get_baserel_parampathinfo(root, baserel, outer));
    });
  }
  return parameterizations;
}

} // namespace mssql_upsert::fdw
