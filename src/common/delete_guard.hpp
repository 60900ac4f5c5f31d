// The guard of deletes => 'compare': a run that would delete more than
// max_delete_fraction of the target's rows is refused, so that an emptied or
// unreadable source never wipes the target. Pure; shared by the pull's local
// and the push's remote compare.
#pragma once

#include <cstdint>
#include <string>

namespace mssql_upsert {

// Throws Error (22000, naming the sync, the counts and the target) when
// `doomed` of `total` rows is more than the fraction; deleting exactly that
// fraction is allowed. source_side names where the rows went missing in the
// hint ("remote table", "local table").
void check_delete_fraction(const std::string &sync_name, int64_t doomed, int64_t total,
                           const std::string &target_display, double max_delete_fraction,
                           const std::string &source_side);

} // namespace mssql_upsert
