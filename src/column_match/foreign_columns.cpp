#include "column_match/foreign_columns.hpp"

#include "common/ascii.hpp"
#include "common/error.hpp"

#include <algorithm>
#include <optional>

namespace mssql_upsert::sync {

namespace {

// The remote column a declared name addresses: exact spelling first.
std::optional<std::size_t> find_remote(const std::vector<std::string> &remote_names,
                                       const std::string &name) {
  for (std::size_t i = 0; i < remote_names.size(); ++i)
    if (remote_names[i] == name)
      return i;
  for (std::size_t i = 0; i < remote_names.size(); ++i)
    if (equals_ignoring_ascii_case(remote_names[i], name))
      return i;
  return std::nullopt;
}

} // namespace

std::vector<std::pair<std::size_t, std::string>>
match_foreign_columns(const std::string &foreign_table_display, const std::string &remote_display,
                      const std::vector<std::string> &remote_names,
                      const std::vector<ForeignColumn> &foreign) {
  std::vector<std::pair<std::size_t, std::string>> found;
  for (const ForeignColumn &column : foreign) {
    std::optional<std::size_t> index = find_remote(remote_names, column.remote_name);
    if (!index)
      throw Error("column \"" + column.name + "\" of foreign table " + foreign_table_display +
                      " names remote column \"" + column.remote_name + "\", which " +
                      remote_display + " does not have",
                  sqlstate::kUndefinedColumn, "",
                  "Fix its column_name option, or drop the column from the foreign table.");
    found.emplace_back(*index, column.name);
  }
  std::sort(found.begin(), found.end());
  return found;
}

} // namespace mssql_upsert::sync
