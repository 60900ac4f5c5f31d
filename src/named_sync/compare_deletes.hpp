// deletes => 'compare' for a pull: after the upsert, the remote table's keys
// (and nothing else) are pulled into a TEMP key table by the pull runner
// itself, and local rows whose key is absent there are deleted, unless that
// would delete more than max_delete_fraction of the (local_filter'd) target.
#pragma once

#include "named_sync/sync_definition.hpp"
#include "pg/pg_headers.hpp"

#include <cstdint>

namespace mssql_upsert::named_sync {

// Define-time checks: DELETE privilege, local_filter as one valid predicate.
void check_compare_deletes(const SyncDefinition &definition, Oid relid);
// Returns the rows deleted; throws Error (and deletes nothing) past the guard.
int64_t run_compare_deletes(const SyncDefinition &definition, Oid relid);

} // namespace mssql_upsert::named_sync
