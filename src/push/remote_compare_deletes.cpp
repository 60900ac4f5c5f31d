#include "push/remote_compare_deletes.hpp"

#include "common/delete_guard.hpp"
#include "sqlgen/identifier_quoting.hpp"
#include "sqlgen/tsql_compare_deletes_sql.hpp"
#include "sqlgen/tsql_merge_sql.hpp"

namespace mssql_upsert::push {

int64_t delete_absent_remote_rows(remote::Connection &connection, const PushPlan &plan,
                                  const SourceRowReader &reader, const CompareDeletes &compare,
                                  const std::string &remote_display, int chunk_rows,
                                  MemoryContext row_memory, StreamBuffers &buffers) {
  PushPlan keys;
  keys.spec.target = plan.spec.target;
  keys.spec.staging_table = sqlgen::tsql_compare_keys_table_name(plan.spec.staging_table);
  keys.staging_reference = sqlgen::quote_tsql_identifier(keys.spec.staging_table, "key table name");
  sqlgen::TsqlCompareDeletesSpec deletes{
      plan.spec.target, keys.spec.staging_table, {}, compare.remote_filter};
  std::string select;
  for (std::size_t c = 0; c < plan.spec.columns.size(); ++c) {
    if (!plan.spec.columns[c].is_key)
      continue;
    keys.spec.columns.push_back(plan.spec.columns[c]);
    keys.bulk_columns.push_back(plan.bulk_columns[c]);
    keys.source_columns.push_back(keys.source_columns.size());
    deletes.key_columns.push_back(plan.spec.columns[c].name);
    select +=
        (select.empty() ? "" : ", ") +
        sqlgen::quote_pg_identifier(reader.columns()[plan.source_columns[c]].name, "key column");
  }
  const bool filtered = compare.local_filter && !compare.local_filter->empty();
  SourceCursor key_cursor("SELECT " + select + " FROM " + compare.local_table + " AS t" +
                          (filtered ? " WHERE (" + *compare.local_filter + ")" : ""));
  SourceRowReader key_reader(key_cursor.tuple_desc());
  connection.execute(sqlgen::build_tsql_staging_drop_sql(keys.spec));
  connection.execute(sqlgen::build_tsql_staging_create_sql(keys.spec));
  buffers.values.clear();
  buffers.row.clear();
  while (stream_chunk(connection, key_cursor, key_reader, keys, remote_display, chunk_rows,
                      row_memory, buffers, true) == chunk_rows) {
  }
  key_cursor.close();

  int64_t total = 0, absent = 0;
  {
    auto counts = connection.query(sqlgen::build_tsql_absent_keys_count_sql(deletes));
    if (counts->next_row()) {
      total = counts->get_int(0);
      absent = counts->get_int(1);
    }
    while (counts->next_row()) {
    }
  }
  check_delete_fraction(compare.sync_name, absent, total, remote_display,
                        compare.max_delete_fraction, "local table");
  const int64_t deleted =
      absent > 0 ? connection.execute(sqlgen::build_tsql_delete_absent_keys_sql(deletes)) : 0;
  connection.execute(sqlgen::build_tsql_staging_drop_sql(keys.spec));
  return deleted;
}

} // namespace mssql_upsert::push
