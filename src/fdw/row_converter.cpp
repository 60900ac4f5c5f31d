#include "fdw/row_converter.hpp"

#include "pg/pg_guard.hpp"
#include "pg/remote_datum.hpp"

extern "C" {
#include "catalog/pg_collation.h"
#include "executor/executor.h"
#include "nodes/makefuncs.h"
#include "optimizer/optimizer.h"
#include "parser/parse_coerce.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
}

namespace mssql_upsert::fdw {

namespace {

std::string type_name(Oid type, int32 typmod) {
  return pg::pg_call([&] { return std::string(format_type_with_typemod(type, typmod)); });
}

// A cast from the staged type to the column's, or null when none is needed.
ExprState *build_cast(Oid from, Oid to, int32 typmod) {
  if (from == to && typmod < 0)
    return nullptr;
  return pg::pg_call([&]() -> ExprState * {
    CaseTestExpr *input = makeNode(CaseTestExpr);
    input->typeId = from;
    input->typeMod = -1;
    input->collation = from == TEXTOID ? DEFAULT_COLLATION_OID : InvalidOid;
    Node *cast = coerce_to_target_type(nullptr, (Node *)input, from, to, typmod,
                                       COERCION_ASSIGNMENT, COERCE_IMPLICIT_CAST, -1);
    if (cast == nullptr)
      cast = coerce_to_target_type(nullptr, (Node *)input, from, to, typmod, COERCION_EXPLICIT,
                                   COERCE_EXPLICIT_CAST, -1);
    if (cast == nullptr)
      return nullptr;
    return ExecInitExpr(expression_planner((Expr *)cast), nullptr);
  });
}

} // namespace

void RowConverter::prepare(const remote::ResultStream &stream, const ForeignTableDef &table) {
  // No columns needed (count(*)): the scan selects a constant, never read.
  static const std::vector<remote::ResultColumn> kNone;
  const std::vector<remote::ResultColumn> &columns = attnums_.empty() ? kNone : stream.columns();
  if (columns.size() != attnums_.size())
    throw Error("SQL Server returned " + std::to_string(columns.size()) + " columns for " +
                    table.display_name + ", expected " + std::to_string(attnums_.size()),
                sqlstate::kFdwError);
  casts_.clear();
  cast_contexts_.clear();
  stream_columns_.clear();
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const remote::ResultColumn &remote = columns[i];
    Form_pg_attribute attr = TupleDescAttr(desc_, attnums_[i] - 1);
    const std::string &local = table.local_columns[attnums_[i] - 1];
    if (remote.kind == remote::ValueKind::Unsupported)
      throw Error("remote column \"" + remote.name + "\" of foreign table " + table.display_name +
                      " has type " + remote.type_name + ", which mssql_upsert_fdw cannot read",
                  sqlstate::kFeatureNotSupported, "",
                  "Leave column \"" + local +
                      "\" out of the foreign table, or CAST it in a view "
                      "on the SQL Server side.");
    pg::StagingType staged = pg::staging_type_for(remote, table.display_name);
    bool needs_cast = staged.type_oid != attr->atttypid || attr->atttypmod >= 0;
    ExprState *cast = build_cast(staged.type_oid, attr->atttypid, attr->atttypmod);
    if (needs_cast && cast == nullptr)
      throw Error("column \"" + local + "\" of foreign table " + table.display_name + " has type " +
                      type_name(attr->atttypid, attr->atttypmod) + ", but remote column \"" +
                      remote.name + "\" (" + remote.type_name + ") arrives as " + staged.sql_name +
                      ", which cannot be cast to it",
                  sqlstate::kDatatypeMismatch, "",
                  "Declare the column with a type PostgreSQL can cast " +
                      std::string(staged.sql_name) + " to (IMPORT FOREIGN SCHEMA picks one).");
    casts_.push_back(cast);
    cast_contexts_.push_back("converting remote column \"" + remote.name + "\" (" +
                             remote.type_name + ") to column \"" + local + "\" of foreign table " +
                             table.display_name);
    stream_columns_.push_back(static_cast<int>(i));
  }
  econtext_ = pg::pg_call([] { return CreateStandaloneExprContext(); });
  remote_values_.assign(attnums_.size(), 0);
  remote_nulls_.assign(attnums_.size(), 0);
  prepared_ = true;
}

void RowConverter::convert(const remote::ResultStream &stream, Datum *values, bool *nulls) {
  for (int i = 0; i < desc_->natts; ++i) {
    values[i] = 0;
    nulls[i] = true;
  }
  static_assert(sizeof(bool) == sizeof(char), "bool buffer reuse");
  bool *remote_nulls = reinterpret_cast<bool *>(remote_nulls_.data());
  pg::convert_remote_row(stream, stream_columns_, remote_values_.data(), remote_nulls);
  for (std::size_t i = 0; i < attnums_.size(); ++i) {
    const int index = attnums_[i] - 1;
    nulls[index] = remote_nulls[i];
    values[index] = remote_values_[i];
    if (casts_[i] == nullptr || remote_nulls[i])
      continue;
    econtext_->caseValue_datum = remote_values_[i];
    econtext_->caseValue_isNull = false;
    bool isnull = false;
    values[index] = pg::pg_call([&] {
      // Names the column in a cast's error ("value too long for type ...").
      ErrorContextCallback context;
      context.callback = [](void *arg) { errcontext("%s", static_cast<const char *>(arg)); };
      context.arg = const_cast<char *>(cast_contexts_[i].c_str());
      context.previous = error_context_stack;
      error_context_stack = &context;
      Datum result = ExecEvalExpr(casts_[i], econtext_, &isnull);
      error_context_stack = context.previous;
      return result;
    });
    nulls[index] = isnull;
  }
}

} // namespace mssql_upsert::fdw
