#include "pull/chunk_relation.hpp"

#include "pg/pg_guard.hpp"

extern "C" {
#include "access/tupdesc.h"
#include "executor/spi.h"
}

namespace mssql_upsert::pull {

namespace {
Tuplestorestate *new_store(MemoryContext memory) {
  MemoryContext caller = MemoryContextSwitchTo(memory);
  Tuplestorestate *store = tuplestore_begin_heap(false, false, work_mem);
  MemoryContextSwitchTo(caller);
  return store;
}
} // namespace

ChunkRelation::ChunkRelation(const std::string &name, const std::vector<ChunkColumn> &columns,
                             int64_t expected_rows)
    : store_memory_(CurrentMemoryContext) {
  pg::pg_call([&] {
    TupleDesc desc = CreateTemplateTupleDesc(static_cast<int>(columns.size()));
    for (std::size_t i = 0; i < columns.size(); ++i)
      TupleDescInitEntry(desc, static_cast<AttrNumber>(i + 1), columns[i].name.c_str(),
                         columns[i].type_oid, -1, 0);
    auto *relation =
        static_cast<EphemeralNamedRelation>(palloc0(sizeof(EphemeralNamedRelationData)));
    relation->md.name = pstrdup(name.c_str());
    relation->md.reliddesc = InvalidOid;
    relation->md.tupdesc = desc;
    relation->md.enrtype = ENR_NAMED_TUPLESTORE;
    relation->md.enrtuples = static_cast<double>(expected_rows); // the planner's row estimate
    relation->reldata = new_store(store_memory_);
    int rc = SPI_register_relation(relation);
    if (rc != SPI_OK_REL_REGISTER)
      elog(ERROR, "SPI_register_relation failed (%s)", SPI_result_code_string(rc));
    relation_ = relation;
  });
}

void ChunkRelation::add_row(const Datum *values, const bool *nulls) {
  pg::pg_call([&] {
    tuplestore_putvalues(static_cast<Tuplestorestate *>(relation_->reldata), relation_->md.tupdesc,
                         const_cast<Datum *>(values), const_cast<bool *>(nulls));
  });
}

void ChunkRelation::clear() {
  // A new store rather than tuplestore_clear: each run of a plan adds a read
  // pointer to the store it scans, and those would pile up over many chunks.
  pg::pg_call([&] {
    tuplestore_end(static_cast<Tuplestorestate *>(relation_->reldata));
    relation_->reldata = new_store(store_memory_);
  });
}

} // namespace mssql_upsert::pull
