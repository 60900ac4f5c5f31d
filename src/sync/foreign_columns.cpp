#include "sync/foreign_columns.hpp"

#include "common/ascii.hpp"
#include "common/error.hpp"

#include <algorithm>
#include <optional>

namespace mssql_upsert::sync {

namespace {

// The remote column a declared name addresses: exact spelling first.
std::optional<std::size_t> find_remote(const std::vector<RemoteColumnInfo> &remote,
                                       const std::string &name) {
  for (std::size_t i = 0; i < remote.size(); ++i)
    if (remote[i].name == name)
      return i;
  for (std::size_t i = 0; i < remote.size(); ++i)
    if (equals_ignoring_ascii_case(remote[i].name, name))
      return i;
  return std::nullopt;
}

} // namespace

std::vector<std::size_t> map_foreign_columns(const std::string &foreign_table_display,
                                             const std::string &remote_display,
                                             const std::vector<RemoteColumnInfo> &remote,
                                             const std::vector<ForeignColumn> &foreign,
                                             std::vector<RemoteColumnInfo> &renamed) {
  std::vector<std::pair<std::size_t, std::string>> found; // remote index, foreign name
  for (const ForeignColumn &column : foreign) {
    std::optional<std::size_t> index = find_remote(remote, column.remote_name);
    if (!index)
      throw Error("column \"" + column.name + "\" of foreign table " + foreign_table_display +
                      " names remote column \"" + column.remote_name + "\", which " +
                      remote_display + " does not have",
                  sqlstate::kUndefinedColumn, "",
                  "Fix its column_name option, or drop the column from the foreign table.");
    found.emplace_back(*index, column.name);
  }
  std::sort(found.begin(), found.end());
  std::vector<std::size_t> indexes;
  renamed.clear();
  for (const auto &[index, name] : found) {
    indexes.push_back(index);
    renamed.push_back({name, remote[index].type_name, remote[index].readable});
  }
  return indexes;
}

} // namespace mssql_upsert::sync
