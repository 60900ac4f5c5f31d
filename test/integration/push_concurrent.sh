#!/usr/bin/env bash
# Four pushes at once into one remote table (different writer ids, disjoint
# partitions of the source) end with exactly the right remote contents, also
# while the TDS test server injects deadlocks.
source "$(dirname "$0")/lib.sh"
require_mssql
create_mssql_server mssql >/dev/null
mssql "IF OBJECT_ID('dbo.PushMany') IS NOT NULL DROP TABLE dbo.PushMany" >/dev/null
mssql "CREATE TABLE dbo.PushMany (Id int NOT NULL PRIMARY KEY, Part int, V nvarchar(20))" >/dev/null
pg -c "DROP TABLE IF EXISTS push_many; CREATE TABLE push_many (id int PRIMARY KEY, part int, v text)"
pg -c "INSERT INTO push_many SELECT g, g % 4, 'v' || g FROM generate_series(1, 20000) AS g"

# Runs the four writers at once; prints each one's statistics line in writer order.
run_writers() {
  local pids=() k
  for k in 0 1 2 3; do
    psql -X -q -At -c "SELECT rows_read, rows_inserted, rows_updated, rows_unchanged FROM mssql_upsert_push(
        'SELECT id, part, v FROM push_many WHERE part = $k', 'mssql', 'dbo.PushMany',
        chunk_rows => 1000, writer_id => $k, partition_id => $k)" >/tmp/push_writer_$$_$k 2>&1 &
    pids+=($!)
  done
  for k in 0 1 2 3; do wait "${pids[$k]}"; done
  for k in 0 1 2 3; do grep -v WARNING /tmp/push_writer_$$_$k; rm -f /tmp/push_writer_$$_$k; done
}

is "$(run_writers | paste -sd' ' -)" "5000|5000|0|0 5000|5000|0|0 5000|5000|0|0 5000|5000|0|0" "four writers insert their 5000 rows each"
is "$(mssql_rows "SELECT COUNT(*), SUM(CAST(Id AS bigint)), COUNT(DISTINCT Part) FROM dbo.PushMany")" "20000:200010000:4" \
   "the remote table holds exactly the 20000 rows"

pg -c "UPDATE push_many SET v = 'w' || id WHERE id % 10 = 0"
if [[ "${MSSQL_IS_TEST_SERVER:-0}" == 1 ]]; then
  mssql "EXEC tds_test_fault @kind = 'deadlock', @count = 3" >/dev/null
fi
is "$(run_writers | paste -sd' ' -)" "5000|0|1000|4000 5000|0|0|5000 5000|0|1000|4000 5000|0|0|5000" \
   "again after local changes (with 3 injected deadlocks on the test server): exact counts per writer"
mssql "EXEC tds_test_fault @kind = 'clear'" >/dev/null 2>&1 || true
is "$(mssql_rows "SELECT COUNT(*), SUM(CASE WHEN V LIKE 'w%' THEN 1 ELSE 0 END) FROM dbo.PushMany")" "20000:2000" \
   "the remote table holds every change, each row once"
done_testing
