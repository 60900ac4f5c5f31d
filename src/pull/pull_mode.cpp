#include "pull/pull_mode.hpp"

#include "common/error.hpp"

namespace mssql_upsert::pull {

PullMode parse_pull_mode(const std::string &value) {
  if (value == "auto")
    return PullMode::Auto;
  if (value == "load")
    return PullMode::Load;
  if (value == "merge")
    return PullMode::Merge;
  throw Error("argument \"mode\" must be 'auto', 'load' or 'merge', not '" + value + "'",
              sqlstate::kInvalidParameterValue);
}

PullPath choose_pull_path(PullMode mode, bool target_was_empty,
                          const std::optional<std::string> &obstacle,
                          const std::string &table_display) {
  if (mode == PullMode::Merge)
    return {false, "mode => 'merge'"};
  if (mode == PullMode::Load) {
    if (obstacle)
      throw Error("mode => 'load' cannot load " + table_display + " directly: " + *obstacle,
                  sqlstate::kFeatureNotSupported, "",
                  "Pull with mode => 'auto' (the default) or 'merge': the merge fires triggers, "
                  "applies rules and policies, and routes rows to partitions.");
    if (!target_was_empty)
      throw Error("mode => 'load' needs an empty table, and " + table_display + " has rows",
                  sqlstate::kObjectNotInPrerequisiteState, "",
                  "Pull with mode => 'auto' (the default) or 'merge' to upsert into it, or "
                  "TRUNCATE it first.");
    return {true, "mode => 'load'"};
  }
  if (obstacle)
    return {false, *obstacle};
  if (!target_was_empty)
    return {false, "it had rows when the pull began"};
  return {true, "it was empty when the pull began"};
}

std::string describe_pull_path(const PullPath &path, const std::string &table_display) {
  if (path.direct_load)
    return "mssql_upsert_pull: loading " + table_display + " directly, as COPY does (" +
           path.reason + ")";
  return "mssql_upsert_pull: merging into " + table_display + " (" + path.reason + ")";
}

} // namespace mssql_upsert::pull
