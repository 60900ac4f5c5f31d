#include "fdw/scan_executor.hpp"

#include "fdw/foreign_table_def.hpp"
#include "fdw/pushdown_expr.hpp"
#include "fdw/row_converter.hpp"
#include "fdw/scan_sql.hpp"
#include "pg/connection_cache.hpp"
#include "pg/memory_context_scope.hpp"
#include "pg/pg_compat.hpp"
#include "pg/pg_guard.hpp"
#include "pg/server_access.hpp"
#include "sqlgen/tsql_scan_params.hpp"

extern "C" {
#include "executor/executor.h"
#include "utils/memutils.h"
#include "utils/rel.h"
}

#include <memory>

namespace mssql_upsert::fdw {

namespace {

// The C++ state of one scan. PostgreSQL decides when it ends (EndForeignScan,
// or the executor's memory going away on an error), so it is owned through a
// reset callback on the query's memory context rather than a C++ scope.
struct ScanState {
  ForeignTableDef table;
  ScanPlanInfo plan;
  std::unique_ptr<pg::RemoteConnectionLease> lease;
  std::shared_ptr<remote::Connection> connection; // outlives the cache entry an abort drops
  std::unique_ptr<remote::ResultStream> stream;   // destroyed first (cancels an unread rest)
  std::unique_ptr<RowConverter> converter;
  MemoryContext row_memory = nullptr;
  MemoryContext query_memory = nullptr; // evaluating the runtime values
  // A parameterized scan: its statement and parameter slots, made once; the
  // runtime values' expressions, prepared once and evaluated before each query.
  std::string statement;
  std::string declarations;
  std::vector<sqlgen::ParamSlot> slots;
  std::vector<ExprState *> value_states;
  std::vector<Oid> value_types;
  std::vector<std::optional<std::string>> bound; // the current values, one per slot
  std::string inline_sql;     // non-empty: a value no parameter holds, written into this text
  bool params_changed = true; // the runtime values must be evaluated again first
  bool finished = false;
  int64_t rows_returned = 0;

  ~ScanState() {
    stream.reset();
    lease.reset();
  }
};

struct ScanStateHolder {
  ScanState *state;
  MemoryContextCallback callback;
};

ScanState *state_of(ForeignScanState *node) {
  auto *holder = (ScanStateHolder *)node->fdw_state;
  return holder != nullptr ? holder->state : nullptr;
}

std::optional<int64_t> top_of(const ScanState &state) {
  return state.plan.top >= 0 ? std::optional<int64_t>(state.plan.top) : std::nullopt;
}

// Walks the pushed-down clauses once (their outer columns are Params by now):
// the statement with its placeholders, their slots and the runtime values'
// expressions, prepared for evaluation.
void prepare_parameters(ForeignScanState *node, ScanState &state) {
  ForeignScan *plan = (ForeignScan *)node->ss.ps.plan;
  RuntimeValues values;
  state.statement = build_scan_sql(
      state.table, state.plan.attnums, plan->fdw_exprs, plan->scan.scanrelid, top_of(state),
      ParamValues{&node->ss.ps, node->ss.ps.ps_ExprContext, &values}, nullptr, &state.slots);
  state.declarations = sqlgen::param_declarations(state.slots);
  state.value_types = values.types;
  pg::pg_call([&] {
    for (Expr *expression : values.expressions)
      state.value_states.push_back(ExecInitExpr(expression, &node->ss.ps));
  });
}

// Evaluates the runtime values and encodes each slot; a NULL, or a value no
// declared type holds exactly, makes this query's text carry the values instead.
void bind_parameters(ForeignScanState *node, ScanState &state) {
  pg::pg_call([&] { MemoryContextReset(state.query_memory); });
  pg::MemoryContextScope query_scope(state.query_memory);
  std::vector<sqlgen::PushValue> values;
  for (std::size_t i = 0; i < state.value_states.size(); ++i) {
    bool isnull = false;
    Datum datum = pg::pg_call(
        [&] { return ExecEvalExpr(state.value_states[i], node->ss.ps.ps_ExprContext, &isnull); });
    values.push_back(push_value_of_datum(state.value_types[i], datum, isnull)
                         .value_or(sqlgen::PushValue::null()));
  }
  state.bound.clear();
  state.inline_sql.clear();
  for (const sqlgen::ParamSlot &slot : state.slots) {
    std::optional<std::string> text =
        sqlgen::param_value_text(slot, values.at(slot.value_number - 1));
    if (!text) {
      ForeignScan *plan = (ForeignScan *)node->ss.ps.plan;
      state.inline_sql =
          build_scan_sql(state.table, state.plan.attnums, plan->fdw_exprs, plan->scan.scanrelid,
                         top_of(state), ParamValues{&node->ss.ps, node->ss.ps.ps_ExprContext});
      return;
    }
    state.bound.push_back(std::move(*text));
  }
}

void start_remote_query(ForeignScanState *node, ScanState &state) {
  if (!state.plan.has_params) {
    state.stream = state.connection->query(state.plan.remote_sql);
  } else {
    if (state.params_changed) {
      bind_parameters(node, state);
      state.params_changed = false;
    }
    if (!state.inline_sql.empty())
      state.stream = state.connection->query(state.inline_sql);
    else if (state.slots.empty()) // every runtime value was in a condition left out
      state.stream = state.connection->query(state.statement);
    else
      state.stream =
          state.connection->query_with_parameters(state.statement, state.declarations, state.bound);
  }
  state.finished = false;
  state.rows_returned = 0;
  if (!state.converter->prepared()) {
    pg::MemoryContextScope query_scope(node->ss.ps.state->es_query_cxt);
    state.converter->prepare(*state.stream, state.table);
  }
}

} // namespace

void begin_foreign_scan(ForeignScanState *node, int eflags) {
  if (eflags & EXEC_FLAG_EXPLAIN_ONLY)
    return;
  pg::callback_entry([&] {
    EState *estate = node->ss.ps.state;
    ForeignScan *plan = (ForeignScan *)node->ss.ps.plan;
    auto *holder = (ScanStateHolder *)pg::pg_call(
        [&] { return MemoryContextAllocZero(estate->es_query_cxt, sizeof(ScanStateHolder)); });
    // Reached with a live state only when the scan did not end normally (an
    // error): its connection is closed first, so the stream's destruction
    // sends no cancel for a connection that is dropped anyway.
    holder->callback.func = [](void *arg) {
      auto *h = (ScanStateHolder *)arg;
      if (h->state != nullptr && h->state->connection)
        h->state->connection->close();
      delete h->state;
      h->state = nullptr;
    };
    holder->callback.arg = holder;
    holder->state = new ScanState();
    pg::pg_call(
        [&] { MemoryContextRegisterResetCallback(estate->es_query_cxt, &holder->callback); });
    node->fdw_state = holder;

    ScanState &state = *holder->state;
    Oid relid = RelationGetRelid(node->ss.ss_currentRelation);
    state.table = read_foreign_table_def(relid);
    state.plan = scan_plan_info_from_list(plan->fdw_private);
    Oid check_as_user =
        pg::pg_call([&] { return pg::compat::foreign_scan_check_as_user(plan, estate); });
    Oid user = OidIsValid(check_as_user) ? check_as_user : GetUserId();
    pg::ServerAccess access = pg::open_server_access_for(state.table.server_id, user);
    state.lease = std::make_unique<pg::RemoteConnectionLease>(access, true);
    state.connection = state.lease->shared_connection();
    state.converter = std::make_unique<RowConverter>(RelationGetDescr(node->ss.ss_currentRelation),
                                                     state.plan.attnums);
    pg::pg_call([&] {
      state.row_memory = AllocSetContextCreate(estate->es_query_cxt, "mssql_upsert_fdw scan row",
                                               ALLOCSET_DEFAULT_SIZES);
      state.query_memory = AllocSetContextCreate(
          estate->es_query_cxt, "mssql_upsert_fdw remote query", ALLOCSET_SMALL_SIZES);
    });
    if (state.plan.has_params) {
      pg::MemoryContextScope query_scope(estate->es_query_cxt);
      prepare_parameters(node, state);
    }
  });
}

TupleTableSlot *iterate_foreign_scan(ForeignScanState *node) {
  TupleTableSlot *slot = node->ss.ss_ScanTupleSlot;
  pg::callback_entry([&] {
    ScanState &state = *state_of(node);
    pg::pg_call([&] {
      ExecClearTuple(slot);
      MemoryContextReset(state.row_memory);
    });
    if (state.finished)
      return;
    if (!state.stream)
      start_remote_query(node, state);
    if (!state.stream->next_row()) {
      state.stream.reset();
      state.finished = true;
      return;
    }
    ++state.rows_returned;
    {
      pg::MemoryContextScope row_scope(state.row_memory);
      state.converter->convert(*state.stream, slot->tts_values, slot->tts_isnull);
    }
    pg::pg_call([&] { ExecStoreVirtualTuple(slot); });
    // After TOP (n) rows the result is over: read its end now, so a LIMIT
    // that stops asking needs no cancel (an attention round trip).
    if (state.plan.top >= 0 && state.rows_returned >= state.plan.top && !state.stream->next_row()) {
      state.stream.reset();
      state.finished = true;
    }
  });
  return slot;
}

void rescan_foreign_scan(ForeignScanState *node) {
  pg::callback_entry([&] {
    ScanState *state = state_of(node);
    if (state != nullptr) {
      state->stream.reset(); // cancels what was not read
      state->finished = false;
      // A parameterized scan's outer values (or a subquery's) changed: the
      // remote query is rebuilt with the new values; otherwise it runs again.
      if (node->ss.ps.chgParam != nullptr)
        state->params_changed = true;
    }
  });
}

void end_foreign_scan(ForeignScanState *node) {
  pg::callback_entry([&] {
    auto *holder = (ScanStateHolder *)node->fdw_state;
    if (holder == nullptr || holder->state == nullptr)
      return;
    ScanState *state = holder->state;
    state->stream.reset();
    state->lease->release(); // an unusable connection is reopened by the next lease
    delete state;
    holder->state = nullptr;
  });
}

} // namespace mssql_upsert::fdw
