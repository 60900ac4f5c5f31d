#include "fdw/table_analyze.hpp"

#include "fdw/foreign_table_def.hpp"
#include "fdw/row_converter.hpp"
#include "fdw/scan_sql.hpp"
#include "pg/connection_cache.hpp"
#include "pg/memory_context_scope.hpp"
#include "pg/pg_guard.hpp"
#include "pg/server_access.hpp"

extern "C" {
#include "access/htup_details.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/sampling.h"
}

namespace mssql_upsert::fdw {

namespace {

constexpr int kInterruptCheckRows = 1000;

struct Sample {
  HeapTuple *rows = nullptr;
  int target = 0;
  int count = 0;
  double seen = 0;
  double skip = -1; // rows to pass over before the next replacement
  ReservoirStateData reservoir{};
};

// Keeps the first target rows, then replaces random ones with decreasing
// probability so every row has the same chance to be in the sample.
void offer(Sample &sample, TupleDesc desc, Datum *values, bool *nulls, MemoryContext keep) {
  sample.seen += 1;
  int slot = -1;
  if (sample.count < sample.target) {
    slot = sample.count++;
  } else {
    if (sample.skip < 0)
      sample.skip = reservoir_get_next_S(&sample.reservoir, sample.seen - 1, sample.target);
    if (sample.skip <= 0) {
      slot = static_cast<int>(sample.target * sampler_random_fract(&sample.reservoir.randstate));
      heap_freetuple(sample.rows[slot]);
    }
    sample.skip -= 1;
  }
  if (slot >= 0) {
    MemoryContext caller = MemoryContextSwitchTo(keep);
    sample.rows[slot] = heap_form_tuple(desc, values, nulls);
    MemoryContextSwitchTo(caller);
  }
}

int acquire_sample_rows(Relation relation, int, HeapTuple *rows, int targrows, double *totalrows,
                        double *totaldeadrows) {
  *totalrows = 0;
  *totaldeadrows = 0;
  return pg::callback_entry([&] {
    ForeignTableDef table = read_foreign_table_def(RelationGetRelid(relation));
    TupleDesc desc = RelationGetDescr(relation);
    std::vector<int> attnums;
    for (std::size_t i = 0; i < table.local_columns.size(); ++i)
      if (!table.local_columns[i].empty())
        attnums.push_back(static_cast<int>(i) + 1);
    std::string sql = build_scan_sql(table, attnums, NIL, 0, std::nullopt, ParamValues{});

    pg::ServerAccess access = pg::open_server_access_for(table.server_id, GetUserId());
    pg::RemoteConnectionLease lease(access, true);
    auto stream = lease.connection().query(sql);
    RowConverter converter(desc, attnums);
    converter.prepare(*stream, table);

    Sample sample;
    sample.rows = rows;
    sample.target = targrows;
    MemoryContext keep = CurrentMemoryContext;
    MemoryContext row_memory = pg::pg_call([] {
      return AllocSetContextCreate(CurrentMemoryContext, "mssql_upsert_fdw analyze row",
                                   ALLOCSET_DEFAULT_SIZES);
    });
    pg::pg_call([&] { reservoir_init_selection_state(&sample.reservoir, targrows); });
    std::vector<Datum> values(desc->natts);
    std::unique_ptr<bool[]> nulls(new bool[desc->natts]);
    while (stream->next_row()) {
      {
        pg::MemoryContextScope row_scope(row_memory);
        converter.convert(*stream, values.data(), nulls.get());
      }
      pg::pg_call([&] {
        offer(sample, desc, values.data(), nulls.get(), keep);
        MemoryContextReset(row_memory);
      });
      if (static_cast<int64_t>(sample.seen) % kInterruptCheckRows == 0)
        pg::check_for_interrupts();
    }
    stream.reset();
    lease.release();
    *totalrows = sample.seen;
    return sample.count;
  });
}

} // namespace

bool analyze_foreign_table(Relation, AcquireSampleRowsFunc *func, BlockNumber *totalpages) {
  *func = acquire_sample_rows;
  *totalpages = 1;
  return true;
}

} // namespace mssql_upsert::fdw
