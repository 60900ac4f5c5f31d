#include "fdw/pushdown_expr.hpp"

#include "pg/pg_guard.hpp"

extern "C" {
#include "access/transam.h"
#include "catalog/pg_collation.h"
#include "catalog/pg_type.h"
#include "executor/executor.h"
#include "nodes/nodeFuncs.h"
#include "nodes/pathnodes.h"
#include "optimizer/optimizer.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/lsyscache.h"
#include "utils/timestamp.h"
#include "utils/uuid.h"
}

#include <optional>

namespace mssql_upsert::fdw {

using sqlgen::CompareOp;
using sqlgen::PushExpr;
using sqlgen::PushType;
using sqlgen::PushValue;

namespace {

PushExpr unshippable() { return PushExpr::boolean(PushExpr::Kind::Or, {}); }

std::optional<PushType> push_type_of(Oid type) {
  switch (type) {
  case BOOLOID:
    return PushType::Bool;
  case INT2OID:
  case INT4OID:
  case INT8OID:
    return PushType::Integer;
  case NUMERICOID:
    return PushType::Decimal;
  case FLOAT8OID:
    return PushType::Float;
  case TEXTOID:
  case VARCHAROID:
  case BPCHAROID:
    return PushType::Text;
  case DATEOID:
    return PushType::Date;
  case TIMESTAMPOID:
    return PushType::Timestamp;
  case TIMESTAMPTZOID:
    return PushType::TimestampTz;
  case UUIDOID:
    return PushType::Uuid;
  default:
    return std::nullopt;
  }
}

bool is_number(PushType type) {
  return type == PushType::Integer || type == PushType::Decimal || type == PushType::Float;
}

bool comparable(PushType column, PushType value) {
  return column == value || (is_number(column) && is_number(value));
}

// Deterministic collations compare equal strings byte for byte, which any SQL
// Server collation also finds equal.
bool collation_ok(Oid collation) {
  if (!OidIsValid(collation) || collation == DEFAULT_COLLATION_OID || collation == C_COLLATION_OID)
    return true;
  return pg::pg_call([&] { return get_collation_isdeterministic(collation); });
}

bool built_in(Oid oid) { return oid < FirstGenbkiObjectId; }

std::optional<CompareOp> compare_op_named(const std::string &name) {
  if (name == "=")
    return CompareOp::Eq;
  if (name == "<>")
    return CompareOp::Ne;
  if (name == "<")
    return CompareOp::Lt;
  if (name == "<=")
    return CompareOp::Le;
  if (name == ">")
    return CompareOp::Gt;
  if (name == ">=")
    return CompareOp::Ge;
  return std::nullopt;
}

CompareOp commuted(CompareOp op) {
  switch (op) {
  case CompareOp::Lt:
    return CompareOp::Gt;
  case CompareOp::Le:
    return CompareOp::Ge;
  case CompareOp::Gt:
    return CompareOp::Lt;
  case CompareOp::Ge:
    return CompareOp::Le;
  default:
    return op;
  }
}

std::string operator_name(Oid opno) {
  return pg::pg_call([&] {
    char *name = get_opname(opno);
    return std::string(name ? name : "");
  });
}

std::string datum_text(Oid type, Datum datum) {
  return pg::pg_call([&] {
    Oid output;
    bool varlena;
    getTypeOutputInfo(type, &output, &varlena);
    return std::string(OidOutputFunctionCall(output, datum));
  });
}

std::optional<PushValue> datum_value(Oid type, Datum datum, bool isnull) {
  if (isnull)
    return PushValue::null();
  std::optional<PushType> family = push_type_of(type);
  if (!family)
    return std::nullopt;
  switch (*family) {
  case PushType::Bool:
    return PushValue::of_bool(DatumGetBool(datum));
  case PushType::Integer:
    return PushValue::of_integer(type == INT2OID   ? DatumGetInt16(datum)
                                 : type == INT4OID ? DatumGetInt32(datum)
                                                   : DatumGetInt64(datum));
  case PushType::Decimal:
    return PushValue::of_decimal(datum_text(type, datum));
  case PushType::Float:
    return PushValue::of_float(DatumGetFloat8(datum));
  case PushType::Text:
  case PushType::Uuid:
    return PushValue::of_text(datum_text(type, datum));
  case PushType::Date:
    return PushValue::of_date(DatumGetDateADT(datum));
  case PushType::Timestamp:
  case PushType::TimestampTz:
    return PushValue::of_timestamp(DatumGetTimestamp(datum));
  }
  return std::nullopt;
}

Node *strip_relabel(Node *node) {
  while (node != nullptr && IsA(node, RelabelType))
    node = (Node *)((RelabelType *)node)->arg;
  return node;
}

struct RuntimeValueWalk {
  Index scan_relid;
  bool executing;         // outer columns have become Params by now
  bool has_input = false; // a Param or an outer column (else a constant expression)
};

// True (stop) at anything PostgreSQL cannot evaluate once before the remote
// query: columns of the scanned relation, upper-level columns, aggregates,
// subqueries, placeholders.
bool rejects_runtime_value(Node *node, RuntimeValueWalk *walk) {
  if (node == nullptr)
    return false;
  if (IsA(node, Var)) {
    Var *var = (Var *)node;
    if (walk->executing || var->varno == static_cast<int>(walk->scan_relid) ||
        var->varlevelsup != 0)
      return true;
    walk->has_input = true;
    return false;
  }
  if (IsA(node, Param)) {
    ParamKind kind = ((Param *)node)->paramkind;
    walk->has_input = true;
    return kind != PARAM_EXTERN && kind != PARAM_EXEC;
  }
  if (IsA(node, PlaceHolderVar) || IsA(node, Aggref) || IsA(node, WindowFunc) ||
      IsA(node, GroupingFunc) || IsA(node, SubLink) || IsA(node, SubPlan) ||
      IsA(node, AlternativeSubPlan) || IsA(node, CurrentOfExpr))
    return true;
  // PostgreSQL 15 declares the walker as an unprototyped C function pointer;
  // void (*)() is the one pointer type a function casts to without a warning.
  return expression_tree_walker(
      node, reinterpret_cast<bool (*)()>(reinterpret_cast<void (*)()>(rejects_runtime_value)), walk);
}

} // namespace

std::optional<PushValue> push_value_of_datum(Oid type, Datum datum, bool isnull) {
  return datum_value(type, datum, isnull);
}

PushExpr PushExprBuilder::build(Node *clause) {
  if (clause != nullptr && IsA(clause, RestrictInfo))
    clause = (Node *)((RestrictInfo *)clause)->clause;
  return convert(clause);
}

Var *PushExprBuilder::column_of(Node *node) const {
  node = strip_relabel(node);
  if (node == nullptr || !IsA(node, Var))
    return nullptr;
  Var *var = (Var *)node;
  if (var->varno != static_cast<int>(scan_relid_) || var->varlevelsup != 0 || var->varattno <= 0)
    return nullptr;
  return var;
}

bool PushExprBuilder::value_of(Node *node, PushType column_type, PushValue &value) {
  node = strip_relabel(node);
  if (node == nullptr)
    return false;
  Oid type = exprType(node);
  std::optional<PushType> family = push_type_of(type);
  if (!family || !comparable(column_type, *family))
    return false;
  if (IsA(node, Const)) {
    Const *constant = (Const *)node;
    std::optional<PushValue> converted =
        datum_value(type, constant->constvalue, constant->constisnull);
    if (!converted)
      return false;
    value = *converted;
    return true;
  }
  if (!is_runtime_value(node))
    return false;
  ++param_count_;
  if (params_.collect != nullptr) {
    params_.collect->expressions.push_back((Expr *)node);
    params_.collect->types.push_back(type);
  }
  if (params_.plan_state == nullptr || params_.collect != nullptr) {
    value = PushValue::param(param_count_, *family);
    return true;
  }
  bool isnull = false;
  Datum datum = pg::pg_call([&] {
    ExprState *state = ExecInitExpr((Expr *)node, params_.plan_state);
    return ExecEvalExpr(state, params_.econtext, &isnull);
  });
  std::optional<PushValue> converted = datum_value(type, datum, isnull);
  value = converted ? *converted : PushValue::null();
  return true;
}

bool PushExprBuilder::is_runtime_value(Node *node) const {
  RuntimeValueWalk walk{scan_relid_, params_.plan_state != nullptr};
  return pg::pg_call([&] {
    return !rejects_runtime_value(node, &walk) && walk.has_input &&
           !contain_volatile_functions(node);
  });
}

PushExpr PushExprBuilder::convert_operator(OpExpr *expr) {
  if (list_length(expr->args) != 2 || !built_in(expr->opno) || !collation_ok(expr->inputcollid))
    return unshippable();
  Node *left = (Node *)linitial(expr->args), *right = (Node *)lsecond(expr->args);
  bool swapped = false;
  Var *column = column_of(left);
  if (column == nullptr) {
    column = column_of(right);
    std::swap(left, right);
    swapped = true;
  }
  if (column == nullptr)
    return unshippable();
  std::optional<PushType> type = push_type_of(column->vartype);
  if (!type)
    return unshippable();
  const std::string name = operator_name(expr->opno);
  PushValue value;
  if (name == "~~" && !swapped && *type == PushType::Text) {
    if (!value_of(right, PushType::Text, value))
      return unshippable();
    return PushExpr::like(column->varattno - 1, value);
  }
  std::optional<CompareOp> op = compare_op_named(name);
  if (!op || !value_of(right, *type, value))
    return unshippable();
  return PushExpr::compare(column->varattno - 1, *type, swapped ? commuted(*op) : *op, value);
}

PushExpr PushExprBuilder::convert_in_list(ScalarArrayOpExpr *expr) {
  if (!expr->useOr || list_length(expr->args) != 2 || !built_in(expr->opno) ||
      !collation_ok(expr->inputcollid) || operator_name(expr->opno) != "=")
    return unshippable();
  Var *column = column_of((Node *)linitial(expr->args));
  Node *array = strip_relabel((Node *)lsecond(expr->args));
  if (column == nullptr || array == nullptr || !IsA(array, Const) || ((Const *)array)->constisnull)
    return unshippable();
  std::optional<PushType> type = push_type_of(column->vartype);
  Oid element_type = pg::pg_call([&] { return get_element_type(((Const *)array)->consttype); });
  std::optional<PushType> element_family = push_type_of(element_type);
  if (!type || !element_family || !comparable(*type, *element_family))
    return unshippable();
  int count = 0;
  Datum *elements = nullptr;
  bool *nulls = nullptr;
  pg::pg_call([&] {
    int16 length;
    bool by_value;
    char align;
    get_typlenbyvalalign(element_type, &length, &by_value, &align);
    deconstruct_array(DatumGetArrayTypeP(((Const *)array)->constvalue), element_type, length,
                      by_value, align, &elements, &nulls, &count);
  });
  std::vector<PushValue> values;
  for (int i = 0; i < count; ++i) {
    std::optional<PushValue> value = datum_value(element_type, elements[i], nulls[i]);
    if (!value || value->kind == PushValue::Kind::Null)
      return unshippable(); // x IN (1, NULL) is never false: keep it local
    values.push_back(*value);
  }
  return PushExpr::in(column->varattno - 1, *type, std::move(values));
}

PushExpr PushExprBuilder::convert(Node *node) {
  if (node == nullptr)
    return unshippable();
  switch (nodeTag(node)) {
  case T_OpExpr:
    return convert_operator((OpExpr *)node);
  case T_ScalarArrayOpExpr:
    return convert_in_list((ScalarArrayOpExpr *)node);
  case T_NullTest: {
    NullTest *test = (NullTest *)node;
    Var *column = column_of((Node *)test->arg);
    if (column == nullptr || test->argisrow)
      return unshippable();
    return PushExpr::is_null(column->varattno - 1, PushType::Integer,
                             test->nulltesttype == IS_NOT_NULL);
  }
  case T_BoolExpr: {
    BoolExpr *expr = (BoolExpr *)node;
    std::vector<PushExpr> args;
    ListCell *cell;
    foreach (cell, expr->args)
      args.push_back(convert((Node *)lfirst(cell)));
    PushExpr::Kind kind = expr->boolop == AND_EXPR  ? PushExpr::Kind::And
                          : expr->boolop == OR_EXPR ? PushExpr::Kind::Or
                                                    : PushExpr::Kind::Not;
    return PushExpr::boolean(kind, std::move(args));
  }
  case T_Var: {
    Var *column = column_of(node);
    if (column == nullptr || column->vartype != BOOLOID)
      return unshippable();
    return PushExpr::bool_column(column->varattno - 1);
  }
  default:
    return unshippable();
  }
}

} // namespace mssql_upsert::fdw
