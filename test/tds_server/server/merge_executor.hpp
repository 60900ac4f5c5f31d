// Runs a rewritten MERGE on the backend: in a transaction of its own (or a
// savepoint of the session's transaction, so a failed MERGE undoes only itself,
// as SQL Server's statement rollback does), table lock first, then the 8672
// check, then the data change, then the identity reseed under IDENTITY_INSERT.
#pragma once

#include "server/identity_insert.hpp"
#include "server/merge_rewriter.hpp"

#include <functional>
#include <optional>
#include <string>

namespace tds_server {

class Backend;

// Returns the rows inserted, updated and deleted (@@ROWCOUNT). For OUTPUT without
// INTO, send_result_set is called with the query returning the OUTPUT rows, while
// the MERGE's transaction is still open. A 1205 rolls the whole transaction back.
int64_t run_merge(const MergePlan &plan, Backend &backend, const std::optional<IdentityInsertState> &identity,
                  const std::function<void(const std::string &)> &send_result_set);

} // namespace tds_server
