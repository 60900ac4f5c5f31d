// A row of mssql_upsert_sync_definitions, passed to the C functions as a
// composite value, read into a SyncDefinition.
#pragma once

#include "named_sync/sync_definition.hpp"
#include "pg/pg_headers.hpp"

extern "C" {
#include "access/htup.h"
}

namespace mssql_upsert::named_sync {

// Throws Error for a NULL row or required field, and for an unknown mode.
SyncDefinition read_definition_row(HeapTupleHeader row);

} // namespace mssql_upsert::named_sync
