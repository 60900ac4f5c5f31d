// A pull from a foreign table: the remote columns it declares, under the
// foreign table's own column names, so the pull matches local columns against
// those names (column_name options map them to the remote ones).
#pragma once

#include "sync/pull_columns.hpp"

#include <string>
#include <vector>

namespace mssql_upsert::sync {

struct ForeignColumn {
  std::string name;        // the foreign table's column name
  std::string remote_name; // its column_name option, or the same name
};

// Indexes into remote (the remote table's columns, in order) of the columns the
// foreign table declares, in remote order; renamed holds their infos under the
// foreign table's names. Remote names match case-insensitively (an exact match
// wins), as SQL Server resolves them. Throws Error naming a declared column the
// remote table lacks.
std::vector<std::size_t> map_foreign_columns(const std::string &foreign_table_display,
                                             const std::string &remote_display,
                                             const std::vector<RemoteColumnInfo> &remote,
                                             const std::vector<ForeignColumn> &foreign,
                                             std::vector<RemoteColumnInfo> &renamed);

} // namespace mssql_upsert::sync
