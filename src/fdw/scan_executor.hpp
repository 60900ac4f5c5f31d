// Executing a foreign table scan: one streaming remote SELECT per scan (and
// per rescan, with its parameters' current values), rows converted as the
// pull converts them into the table's declared types, in a per-row memory
// context.
#pragma once

#include "pg/pg_headers.hpp"

extern "C" {
#include "foreign/fdwapi.h"
}

namespace mssql_upsert::fdw {

void begin_foreign_scan(ForeignScanState *node, int eflags);
TupleTableSlot *iterate_foreign_scan(ForeignScanState *node);
void rescan_foreign_scan(ForeignScanState *node);
void end_foreign_scan(ForeignScanState *node);

} // namespace mssql_upsert::fdw
