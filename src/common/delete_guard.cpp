#include "common/delete_guard.hpp"

#include "common/error.hpp"

#include <cstdio>

namespace mssql_upsert {

void check_delete_fraction(const std::string &sync_name, int64_t doomed, int64_t total,
                           const std::string &target_display, double max_delete_fraction,
                           const std::string &source_side) {
  if (doomed <= 0 || static_cast<double>(doomed) <= max_delete_fraction * static_cast<double>(total))
    return;
  char fraction[32];
  std::snprintf(fraction, sizeof fraction, "%g", max_delete_fraction);
  throw Error("sync \"" + sync_name + "\": the compare would delete " + std::to_string(doomed) + " of " +
                  std::to_string(total) + " rows of " + target_display + ", more than max_delete_fraction " +
                  fraction,
              sqlstate::kDataException, "Nothing was deleted or merged: the run rolls back.",
              "If the " + source_side +
                  " really lost those rows, raise max_delete_fraction with mssql_upsert_sync_define for one run.");
}

} // namespace mssql_upsert
