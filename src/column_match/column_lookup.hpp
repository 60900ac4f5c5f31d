// Finding a column by name as SQL Server compares names, shared by the pull's
// and the push's column matching.
#pragma once

#include "common/ascii.hpp"
#include "common/error.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace mssql_upsert::sync {

// Finds name among columns (anything with a .name): an exact match first, else
// the one case-insensitive match; two case-insensitive matches and no exact
// one is ambiguous (an Error naming table_for_errors).
template <typename Column>
std::optional<std::size_t> find_column(const std::vector<Column> &columns, const std::string &name,
                                       const std::string &table_for_errors) {
  std::optional<std::size_t> folded;
  int folded_count = 0;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].name == name)
      return i;
    if (equals_ignoring_ascii_case(columns[i].name, name)) {
      folded = i;
      ++folded_count;
    }
  }
  if (folded_count > 1)
    throw Error("column name \"" + name + "\" is ambiguous in " + table_for_errors,
                sqlstate::kInvalidColumnReference, "",
                "Several columns differ from it only in letter case; spell it exactly.");
  return folded;
}

} // namespace mssql_upsert::sync
