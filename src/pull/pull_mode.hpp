// How a pull writes into the local table (the mode argument):
// - auto (the default): loads directly, as COPY does, into a table that is
//   empty when the pull begins; merges otherwise;
// - load: loads directly, and refuses a table that has rows;
// - merge: always stages each chunk and merges it (INSERT ... ON CONFLICT).
// A table the direct load cannot serve as the merge does (partitioned, with
// INSERT triggers, rules or row-level security) is merged in auto and refused
// in load mode.
#pragma once

#include <optional>
#include <string>

namespace mssql_upsert::pull {

enum class PullMode { Auto, Load, Merge };

// Parses the mode argument; throws Error naming it otherwise.
PullMode parse_pull_mode(const std::string &value);

struct PullPath {
  bool direct_load = false;
  std::string reason; // why this path, for the DEBUG1 message
};

// obstacle: why the table cannot be loaded directly (pg::direct_load_obstacle).
// Throws Error for mode load into a table with rows or an obstacle.
PullPath choose_pull_path(PullMode mode, bool target_was_empty,
                          const std::optional<std::string> &obstacle,
                          const std::string &table_display);

// The DEBUG1 line that says which path a pull took (documented in README.md).
std::string describe_pull_path(const PullPath &path, const std::string &table_display);

} // namespace mssql_upsert::pull
