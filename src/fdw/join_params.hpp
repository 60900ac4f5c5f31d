// Parameterized foreign scans: the join clauses a foreign table scan can send
// to SQL Server with the outer relation's current values (the inner side of a
// nested loop, one remote query per outer row), and the sets of outer
// relations such scans depend on.
#pragma once

#include "pg/pg_headers.hpp"

extern "C" {
#include "nodes/pathnodes.h"
}

#include <functional>

namespace mssql_upsert::fdw {

// Tells whether SQL Server can evaluate a clause (outer columns as parameters).
using ClauseShippable = std::function<bool(RestrictInfo *)>;

// One ParamPathInfo per distinct set of outer relations that some shippable
// join clause of baserel needs: clauses of baserel->joininfo and equalities
// implied by equivalence classes (a.id = ft.id = b.id gives one per outer rel).
// Each ParamPathInfo lists every join clause movable to the scan for that
// outer set, shippable or not. May throw PgError.
List *shippable_parameterizations(PlannerInfo *root, RelOptInfo *baserel,
                                  const ClauseShippable &shippable);

} // namespace mssql_upsert::fdw
