#include "pg/stats_tuple.hpp"

#include "pg/pg_guard.hpp"

extern "C" {
#include "access/htup_details.h"
#include "funcapi.h"
#include "utils/numeric.h"
}

#include <cmath>
#include <cstring>
#include <vector>

namespace mssql_upsert::pg {

namespace {

// The value of the OUT column called name; false for a name it does not know.
bool stats_value(const sync::SyncStats &stats, const char *name, Datum &value) {
  struct Counter {
    const char *name;
    int64_t value;
  };
  const Counter counters[] = {{"rows_read", stats.rows_read},       {"rows_inserted", stats.rows_inserted},
                              {"rows_updated", stats.rows_updated}, {"rows_unchanged", stats.rows_unchanged},
                              {"chunks", stats.chunks},             {"retries", stats.retries}};
  for (const Counter &counter : counters)
    if (strcmp(name, counter.name) == 0) {
      value = Int64GetDatum(counter.value);
      return true;
    }
  // Read at a glance: seconds as numeric to the millisecond, a whole rate.
  if (strcmp(name, "seconds") == 0) {
    const int64_t milliseconds = std::llround(stats.seconds * 1000);
    value = pg_call([&] { return NumericGetDatum(int64_div_fast_to_numeric(milliseconds, 3)); });
    return true;
  }
  if (strcmp(name, "rows_per_second") == 0) {
    value = Int64GetDatum(std::llround(stats.rows_per_second()));
    return true;
  }
  return false;
}

} // namespace

Datum sync_stats_tuple(FunctionCallInfo fcinfo, const sync::SyncStats &stats) {
  TupleDesc desc = pg_call([&] {
    TupleDesc result;
    if (get_call_result_type(fcinfo, nullptr, &result) != TYPEFUNC_COMPOSITE)
      elog(ERROR, "a sync function must return a record");
    return BlessTupleDesc(result);
  });
  std::vector<Datum> values(desc->natts);
  std::vector<char> nulls(desc->natts, 0);
  for (int i = 0; i < desc->natts; ++i)
    if (!stats_value(stats, NameStr(TupleDescAttr(desc, i)->attname), values[i]))
      throw Error(std::string("unexpected result column \"") + NameStr(TupleDescAttr(desc, i)->attname) + "\"",
                  sqlstate::kInternalError);
  return pg_call([&] {
    return HeapTupleGetDatum(heap_form_tuple(desc, values.data(), reinterpret_cast<bool *>(nulls.data())));
  });
}

} // namespace mssql_upsert::pg
