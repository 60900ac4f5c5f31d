#include "pull/table_loader.hpp"

#include "pg/pg_compat.hpp"
#include "pg/pg_guard.hpp"

#include <algorithm>

extern "C" {
#include "access/table.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "catalog/pg_class.h"
#include "executor/executor.h"
#include "executor/nodeModifyTable.h"
#include "nodes/makefuncs.h"
#include "optimizer/optimizer.h"
#include "parser/parse_coerce.h"
#include "parser/parse_collate.h"
#include "rewrite/rewriteHandler.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/rls.h"
}

namespace mssql_upsert::pull {

namespace {

// Triggers the merge's INSERT ... ON CONFLICT DO UPDATE would fire into an
// empty table: every INSERT trigger and the statement-level UPDATE ones (row
// UPDATE triggers never fire there: every row is inserted).
bool has_insert_triggers(const TriggerDesc *triggers) {
  return triggers != nullptr &&
         (triggers->trig_insert_before_row || triggers->trig_insert_after_row ||
          triggers->trig_insert_instead_row || triggers->trig_insert_before_statement ||
          triggers->trig_insert_after_statement || triggers->trig_update_before_statement ||
          triggers->trig_update_after_statement);
}

ExprState *prepare_expression(Node *expression) {
  return ExecInitExpr(expression_planner(reinterpret_cast<Expr *>(expression)), nullptr);
}

} // namespace

std::optional<std::string> direct_load_obstacle(Oid relid) {
  const char *obstacle = pg::pg_call([&]() -> const char * {
    Relation rel = table_open(relid, AccessShareLock);
    const char *why = nullptr;
    if (rel->rd_rel->relkind == RELKIND_PARTITIONED_TABLE)
      why = "it is partitioned";
    else if (has_insert_triggers(rel->trigdesc))
      why = "it has INSERT triggers or statement-level UPDATE triggers (a foreign key's check is "
            "one)";
    else if (rel->rd_rel->relhasrules)
      why = "it has rules";
    else if (check_enable_rls(relid, InvalidOid, false) == RLS_ENABLED)
      why = "row-level security applies to it";
    table_close(rel, NoLock);
    return why;
  });
  if (obstacle == nullptr)
    return std::nullopt;
  return std::string(obstacle);
}

TableLoader::TableLoader(Oid relid, const std::vector<LoadColumn> &columns,
                         const std::vector<AttrNumber> &key_attnums)
    : source_columns_(static_cast<int>(columns.size())), key_attnums_(key_attnums) {
  pg::pg_call([&] {
    rel_ = table_open(relid, RowExclusiveLock);
    estate_ = CreateExecutorState();
    MemoryContext caller = MemoryContextSwitchTo(estate_->es_query_cxt);
    result_rel_ = makeNode(ResultRelInfo);
    // Range table index 0: not part of a plan. Constraint errors then show the
    // whole failing row, which the caller may read (it needs SELECT).
    InitResultRelInfo(result_rel_, rel_, 0, nullptr, 0);
    ExecOpenIndices(result_rel_, false);
    convert_context_ = CreateExprContext(estate_);

    TupleDesc source_desc = CreateTemplateTupleDesc(source_columns_);
    for (int i = 0; i < source_columns_; ++i)
      TupleDescInitEntry(source_desc, static_cast<AttrNumber>(i + 1), nullptr,
                         columns[i].source_type, -1, 0);
    source_slot_ = ExecInitExtraTupleSlot(estate_, source_desc, &TTSOpsVirtual);

    TupleDesc desc = RelationGetDescr(rel_);
    fills_.resize(desc->natts);
    for (int i = 0; i < desc->natts; ++i) {
      Form_pg_attribute attr = TupleDescAttr(desc, i);
      if (attr->attisdropped)
        continue;
      auto given = std::find_if(columns.begin(), columns.end(),
                                [&](const LoadColumn &c) { return c.attnum == attr->attnum; });
      if (given != columns.end()) {
        const int source = static_cast<int>(given - columns.begin());
        if (given->source_type == attr->atttypid && attr->atttypmod < 0) {
          fills_[i].source = source;
          continue;
        }
        // What the merge's INSERT ... SELECT does: CAST(value AS column type
        // without modifiers), then the assignment to the column applies the
        // modifiers (a varchar(n) too long is an error, not cut).
        Node *cast = reinterpret_cast<Node *>(makeVar(1, static_cast<AttrNumber>(source + 1),
                                                      given->source_type, -1,
                                                      get_typcollation(given->source_type), 0));
        if (given->source_type != attr->atttypid)
          cast = coerce_to_target_type(nullptr, cast, given->source_type, attr->atttypid, -1,
                                       COERCION_EXPLICIT, COERCE_EXPLICIT_CAST, -1);
        if (cast != nullptr && attr->atttypmod >= 0)
          cast =
              coerce_to_target_type(nullptr, cast, attr->atttypid, attr->atttypid, attr->atttypmod,
                                    COERCION_ASSIGNMENT, COERCE_IMPLICIT_CAST, -1);
        if (cast == nullptr)
          elog(ERROR, "no cast from type %u to type %u", given->source_type, attr->atttypid);
        assign_expr_collations(nullptr, cast);
        fills_[i].expression = prepare_expression(cast);
        casts_read_source_ = true;
      } else if (attr->attgenerated == '\0') {
        // As COPY fills a column it is not given: its default (or identity), else NULL.
        if (Node *fallback = build_column_default(rel_, attr->attnum))
          fills_[i].expression = prepare_expression(fallback);
      }
    }

    for (int i = 0; i < result_rel_->ri_NumIndices; ++i) {
      Relation index = result_rel_->ri_IndexRelationDescs[i];
      Form_pg_index form = index->rd_index;
      if (!form->indisunique || form->indnkeyatts != static_cast<int>(key_attnums_.size()))
        continue;
      bool on_key = true;
      for (int k = 0; k < form->indnkeyatts; ++k)
        on_key = on_key && std::find(key_attnums_.begin(), key_attnums_.end(),
                                     form->indkey.values[k]) != key_attnums_.end();
      if (on_key)
        key_index_names_.emplace_back(RelationGetRelationName(index));
    }

    bulk_state_ = GetBulkInsertState();
    command_id_ = GetCurrentCommandId(true);
    slots_.reserve(kBatchRows);
    for (int i = 0; i < kBatchRows; ++i)
      slots_.push_back(table_slot_create(rel_, &estate_->es_tupleTable));
    MemoryContextSwitchTo(caller);
  });
}

void TableLoader::begin_chunk() {
  pg::pg_call([&] { ResetExprContext(convert_context_); });
}

TableLoader::Row TableLoader::convert(const Datum *values, const bool *nulls) {
  TupleTableSlot *slot = slots_[buffered_];
  pg::pg_call([&] {
    ExecClearTuple(slot);
    if (casts_read_source_) {
      ExecClearTuple(source_slot_);
      std::copy(values, values + source_columns_, source_slot_->tts_values);
      std::copy(nulls, nulls + source_columns_, source_slot_->tts_isnull);
      ExecStoreVirtualTuple(source_slot_);
      convert_context_->ecxt_scantuple = source_slot_;
    }
    for (std::size_t i = 0; i < fills_.size(); ++i) {
      const ColumnFill &fill = fills_[i];
      if (fill.source >= 0) {
        slot->tts_values[i] = values[fill.source];
        slot->tts_isnull[i] = nulls[fill.source];
      } else if (fill.expression != nullptr) {
        // In convert_context_'s memory, which lasts the chunk (the key check keeps the values).
        slot->tts_values[i] =
            ExecEvalExprSwitchContext(fill.expression, convert_context_, &slot->tts_isnull[i]);
      } else {
        slot->tts_values[i] = static_cast<Datum>(0);
        slot->tts_isnull[i] = true;
      }
    }
    ExecStoreVirtualTuple(slot);
  });
  return {slot->tts_values, slot->tts_isnull};
}

void TableLoader::insert_converted() {
  TupleTableSlot *slot = slots_[buffered_];
  pg::pg_call([&] {
    TupleConstr *constraints = RelationGetDescr(rel_)->constr;
    if (constraints != nullptr && constraints->has_generated_stored)
      ExecComputeStoredGenerated(result_rel_, estate_, slot, CMD_INSERT);
    if (constraints != nullptr)
      ExecConstraints(result_rel_, slot, estate_);
    ResetPerTupleExprContext(estate_);
  });
  if (++buffered_ == kBatchRows)
    flush();
}

void TableLoader::write_batch() {
  pg::pg_call([&] {
    MemoryContext caller = MemoryContextSwitchTo(GetPerTupleMemoryContext(estate_));
    table_multi_insert(rel_, slots_.data(), buffered_, command_id_, 0, bulk_state_);
    for (writing_ = 0; writing_ < buffered_; ++writing_)
      if (result_rel_->ri_NumIndices > 0)
        list_free(pg::compat::insert_index_tuples(result_rel_, slots_[writing_], estate_));
    for (int i = 0; i < buffered_; ++i)
      ExecClearTuple(slots_[i]);
    MemoryContextSwitchTo(caller);
    ResetPerTupleExprContext(estate_);
  });
  buffered_ = 0;
}

void TableLoader::flush() {
  if (buffered_ == 0)
    return;
  try {
    write_batch();
  } catch (const pg::PgError &error) {
    const ErrorData *data = error.data();
    if (data == nullptr || data->sqlerrcode != ERRCODE_UNIQUE_VIOLATION ||
        data->constraint_name == nullptr ||
        std::find(key_index_names_.begin(), key_index_names_.end(), data->constraint_name) ==
            key_index_names_.end())
      throw;
    LoadedKeyConflict conflict;
    conflict.index_name = data->constraint_name;
    // The index released its buffer locks before raising, as it does to
    // describe the key itself: the output functions may run.
    conflict.key = key_text(slots_[writing_]);
    throw conflict;
  }
}

std::vector<std::optional<std::string>> TableLoader::key_text(TupleTableSlot *slot) const {
  std::vector<std::optional<std::string>> text;
  for (AttrNumber attnum : key_attnums_) {
    std::optional<std::string> value = pg::pg_call([&]() -> std::optional<std::string> {
      bool is_null = false;
      Datum datum = slot_getattr(slot, attnum, &is_null);
      if (is_null)
        return std::nullopt;
      Oid output = InvalidOid;
      bool is_varlena = false;
      getTypeOutputInfo(TupleDescAttr(slot->tts_tupleDescriptor, attnum - 1)->atttypid, &output,
                        &is_varlena);
      return std::string(OidOutputFunctionCall(output, datum));
    });
    text.push_back(std::move(value));
  }
  return text;
}

void TableLoader::close() {
  flush();
  pg::pg_call([&] {
    FreeBulkInsertState(bulk_state_);
    table_finish_bulk_insert(rel_, 0);
    ExecResetTupleTable(estate_->es_tupleTable, false);
    ExecCloseIndices(result_rel_);
    FreeExecutorState(estate_);
    table_close(rel_, NoLock);
    CommandCounterIncrement();
  });
  slots_.clear();
  rel_ = nullptr;
  estate_ = nullptr;
}

} // namespace mssql_upsert::pull
