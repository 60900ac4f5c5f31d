// ANALYZE of a foreign table: one streaming SELECT of every column, a
// reservoir sample of targrows rows (Vitter's algorithm, as PostgreSQL's own
// sampling does), and the exact row count for reltuples.
#pragma once

#include "pg/pg_headers.hpp"

extern "C" {
#include "foreign/fdwapi.h"
}

namespace mssql_upsert::fdw {

bool analyze_foreign_table(Relation relation, AcquireSampleRowsFunc *func, BlockNumber *totalpages);

} // namespace mssql_upsert::fdw
