#include "column_match/insert_columns.hpp"

#include "column_match/column_lookup.hpp"
#include "common/error.hpp"

#include <algorithm>

namespace mssql_upsert::sync {

std::string generated_column_reason(const PushRemoteColumn &column) {
  if (column.is_computed)
    return "a computed column";
  if (column.is_rowversion)
    return "a rowversion column";
  return "an IDENTITY column (set the foreign table option identity_insert to give its values)";
}

InsertColumns match_insert_columns(const std::string &foreign_table_display,
                                   const std::string &remote_display,
                                   const std::vector<PushRemoteColumn> &remote,
                                   const std::vector<InsertSourceColumn> &source,
                                   bool identity_insert) {
  InsertColumns result;
  std::vector<std::size_t> used;
  for (std::size_t s = 0; s < source.size(); ++s) {
    const InsertSourceColumn &column = source[s];
    if (!column.sent)
      continue;
    auto index = find_column(remote, column.remote_name, remote_display);
    if (!index)
      throw Error("column \"" + column.name + "\" of foreign table " + foreign_table_display +
                      " names remote column \"" + column.remote_name + "\", which remote table " +
                      remote_display + " does not have",
                  sqlstate::kUndefinedColumn, "",
                  "Fix the column's column_name option or the foreign table's definition.");
    const PushRemoteColumn &target = remote[*index];
    if (std::find(used.begin(), used.end(), *index) != used.end())
      throw Error("two columns of foreign table " + foreign_table_display + " name remote column \"" +
                      target.name + "\" of " + remote_display,
                  sqlstate::kInvalidColumnReference, "", "An INSERT fills each remote column once.");
    used.push_back(*index);
    const InsertPair pair{s, *index};
    if (target.is_computed || target.is_rowversion || (target.is_identity && !identity_insert)) {
      result.generated.push_back(pair);
      continue;
    }
    if (!target.bulk)
      throw Error("remote column \"" + target.name + "\" of " + remote_display + " has type " +
                      target.type_name + ", which an INSERT through a foreign table cannot write",
                  sqlstate::kFeatureNotSupported);
    if (!remote::source_kind_fits(column.kind, target.bulk->shape))
      throw Error("column \"" + column.name + "\" of foreign table " + foreign_table_display + " (" +
                      column.type_name + ") cannot be stored in remote column \"" + target.name +
                      "\" (" + target.bulk->type_name + ")",
                  sqlstate::kDatatypeMismatch, "",
                  "Declare the foreign table's column with a type that matches the remote one.");
    result.sent.push_back(pair);
  }
  return result;
}

} // namespace mssql_upsert::sync
