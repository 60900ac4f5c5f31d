// PostgreSQL expression nodes of a foreign table's WHERE clause into the
// neutral tree of sqlgen/tsql_pushdown.hpp. Anything this does not recognise
// (functions, other operators, columns of other relations, non-built-in
// types or operators, nondeterministic collations) becomes unshippable and is
// left to PostgreSQL.
#pragma once

#include "pg/pg_headers.hpp"
#include "sqlgen/tsql_pushdown.hpp"

#include <optional>
#include <vector>

extern "C" {
#include "nodes/execnodes.h"
#include "nodes/primnodes.h"
}

namespace mssql_upsert::fdw {

// Values known only when executing become placeholders when planning, numbered
// in tree order, and their current values when executing: Params (prepared
// statements' $n, values of subqueries), columns of other relations (the outer
// side of a parameterized nested loop, Params once the plan is made) and
// non-volatile expressions of those (l.id + 1).
// The runtime values of a scan's conditions, in placeholder order: what an
// executing scan evaluates before each remote query (sent as parameters).
struct RuntimeValues {
  std::vector<Expr *> expressions;
  std::vector<Oid> types;
};

struct ParamValues {
  PlanState *plan_state = nullptr; // null: planning (placeholders)
  ExprContext *econtext = nullptr;
  // Executing: the runtime values are collected here and left as placeholders.
  RuntimeValues *collect = nullptr;
};

// A PostgreSQL value of a type push_type_of knows as a PushValue (NULL as the
// null value); nullopt for other types.
std::optional<sqlgen::PushValue> push_value_of_datum(Oid type, Datum datum, bool isnull);

class PushExprBuilder {
public:
  PushExprBuilder(Index scan_relid, ParamValues params)
      : scan_relid_(scan_relid), params_(params) {}
  // An unshippable node (an empty OR) when the expression cannot go to SQL Server.
  sqlgen::PushExpr build(Node *clause);
  int param_count() const { return param_count_; }

private:
  sqlgen::PushExpr convert(Node *node);
  sqlgen::PushExpr convert_operator(OpExpr *expr);
  sqlgen::PushExpr convert_in_list(ScalarArrayOpExpr *expr);
  // A column of the scanned relation (through binary-compatible relabelings).
  Var *column_of(Node *node) const;
  // A Const or runtime value as a value of the given family; false when it is neither.
  bool value_of(Node *node, sqlgen::PushType column_type, sqlgen::PushValue &value);
  // PostgreSQL can evaluate it before each remote query (see ParamValues).
  bool is_runtime_value(Node *node) const;

  Index scan_relid_;
  ParamValues params_;
  int param_count_ = 0;
};

} // namespace mssql_upsert::fdw
