// A pull or push through a foreign table: the remote columns it declares,
// under the foreign table's own column names, so the pull or push matches
// local columns against those names (column_name options map them to the
// remote ones).
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace mssql_upsert::sync {

struct ForeignColumn {
  std::string name;        // the foreign table's column name
  std::string remote_name; // its column_name option, or the same name
};

// The remote column each declared column addresses, as (index into
// remote_names, foreign name) pairs in remote order. Remote names match
// case-insensitively (an exact match wins), as SQL Server resolves them.
// Throws Error naming a declared column the remote table lacks.
std::vector<std::pair<std::size_t, std::string>>
match_foreign_columns(const std::string &foreign_table_display, const std::string &remote_display,
                      const std::vector<std::string> &remote_names,
                      const std::vector<ForeignColumn> &foreign);

// Indexes into remote (any column type with a .name) of the columns the
// foreign table declares, in remote order; renamed holds copies of them under
// the foreign table's names.
template <typename Column>
std::vector<std::size_t> map_foreign_columns(const std::string &foreign_table_display,
                                             const std::string &remote_display,
                                             const std::vector<Column> &remote,
                                             const std::vector<ForeignColumn> &foreign,
                                             std::vector<Column> &renamed) {
  std::vector<std::string> remote_names;
  for (const Column &column : remote)
    remote_names.push_back(column.name);
  std::vector<std::size_t> indexes;
  renamed.clear();
  for (const auto &[index, name] :
       match_foreign_columns(foreign_table_display, remote_display, remote_names, foreign)) {
    indexes.push_back(index);
    renamed.push_back(remote[index]);
    renamed.back().name = name;
  }
  return indexes;
}

} // namespace mssql_upsert::sync
