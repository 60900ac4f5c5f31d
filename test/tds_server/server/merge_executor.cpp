#include "server/merge_executor.hpp"

#include "server/backend.hpp"
#include "server/sql_server_errors.hpp"

namespace tds_server {

namespace {

// The target's columns in order, with their declared names ("tds:<type>|<name>" comments).
std::vector<MergeTargetColumn> target_columns(Backend &backend, const ObjectName &target) {
  auto listed = backend.query_text(
      "SELECT string_agg(attname || chr(1) || coalesce(col_description(attrelid, attnum), ''), chr(2) "
      "ORDER BY attnum) FROM pg_attribute WHERE attrelid = " + pg_string(target.pg()) +
      "::regclass AND attnum > 0 AND NOT attisdropped");
  std::vector<MergeTargetColumn> columns;
  std::string all = listed.value_or("");
  for (std::size_t start = 0; start < all.size();) {
    std::size_t end = all.find('\x02', start);
    if (end == std::string::npos)
      end = all.size();
    std::string entry = all.substr(start, end - start);
    std::size_t split = entry.find('\x01');
    MergeTargetColumn column{entry.substr(0, split), entry.substr(0, split)};
    std::string comment = split == std::string::npos ? "" : entry.substr(split + 1);
    std::size_t bar = comment.find('|');
    if (comment.rfind("tds:", 0) == 0 && bar != std::string::npos)
      column.name = comment.substr(bar + 1);
    columns.push_back(column);
    start = end + 1;
  }
  return columns;
}

} // namespace

int64_t run_merge(const MergePlan &plan, Backend &backend, const std::optional<IdentityInsertState> &identity,
                  const std::function<void(const std::string &)> &send_result_set) {
  const bool own_transaction = !backend.in_transaction();
  backend.execute(own_transaction ? "BEGIN" : "SAVEPOINT tds_merge");
  try {
    backend.execute(plan.lock_sql);
    if (!plan.check_sql.empty() && backend.query_bool(plan.check_sql))
      throw merge_multiple_match_error();
    int64_t rows = 0;
    switch (plan.output) {
    case MergePlan::Output::None:
      rows = std::stoll(backend.query_text(merge_count_sql(plan)).value_or("0"));
      break;
    case MergePlan::Output::Into:
      rows = backend.execute(merge_into_sql(plan));
      break;
    case MergePlan::Output::ResultSet: {
      auto columns = target_columns(backend, plan.target);
      backend.execute(std::string("DROP TABLE IF EXISTS ") + kMergeOutputRelation);
      rows = backend.execute(merge_output_table_sql(plan, columns));
      send_result_set(merge_output_select_sql(plan, columns));
      backend.execute(std::string("DROP TABLE ") + kMergeOutputRelation);
      break;
    }
    }
    if (plan.identity_insert && identity)
      backend.execute(identity_reseed_sql(*identity));
    backend.execute(own_transaction ? "COMMIT" : "RELEASE SAVEPOINT tds_merge");
    return rows;
  } catch (const SqlServerError &e) {
    if (own_transaction || e.number == 1205)
      backend.execute_ignoring_errors("ROLLBACK");
    else
      backend.execute_ignoring_errors("ROLLBACK TO SAVEPOINT tds_merge; RELEASE SAVEPOINT tds_merge");
    throw;
  } catch (...) {
    backend.execute_ignoring_errors(own_transaction ? "ROLLBACK"
                                                    : "ROLLBACK TO SAVEPOINT tds_merge; RELEASE SAVEPOINT tds_merge");
    throw;
  }
}

} // namespace tds_server
