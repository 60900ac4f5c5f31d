#!/usr/bin/env bash
# Deadlock retry: a MERGE chosen as deadlock victim (error 1205) is retried
# after 200 ms x attempt with a WARNING each time and counted in retries; when
# the retries run out the error is raised; an atomic push is never retried.
# Deadlocks are injected by the TDS test server.
source "$(dirname "$0")/lib.sh"
require_mssql
[[ "${MSSQL_IS_TEST_SERVER:-0}" == 1 ]] || skip_all "needs the TDS test server's deadlock injection"
create_mssql_server mssql >/dev/null
mssql "IF OBJECT_ID('dbo.PushLock') IS NOT NULL DROP TABLE dbo.PushLock" >/dev/null
mssql "CREATE TABLE dbo.PushLock (Id int NOT NULL PRIMARY KEY, V nvarchar(10))" >/dev/null
pg -c "DROP TABLE IF EXISTS push_lock; CREATE TABLE push_lock (id int PRIMARY KEY, v text); INSERT INTO push_lock SELECT g, 'v' || g FROM generate_series(1, 5) AS g"
stats="rows_read, rows_inserted, rows_updated, rows_unchanged, chunks, retries"

mssql "EXEC tds_test_fault @kind = 'deadlock', @count = 2" >/dev/null
started=$(date +%s%N)
out=$(psql -X -q -At -v ON_ERROR_STOP=1 -c "SELECT $stats FROM mssql_upsert_push('push_lock', 'mssql', 'dbo.PushLock')" 2>&1)
elapsed_ms=$(( ($(date +%s%N) - started) / 1000000 ))
like "$out" 'WARNING:  deadlock on \[dbo\]\.\[PushLock\], retry 1/5' "first deadlock: WARNING retry 1/5"
like "$out" 'WARNING:  deadlock on \[dbo\]\.\[PushLock\], retry 2/5' "second deadlock: WARNING retry 2/5"
like "$out" '5\|5\|0\|0\|1\|2$' "the push succeeds and counts 2 retries"
(( elapsed_ms >= 600 )); ok $? "it waited 200 ms + 400 ms before the retries (took ${elapsed_ms} ms)"
is "$(mssql_rows "SELECT COUNT(*), MIN(V), MAX(V) FROM dbo.PushLock")" "5:v1:v5" "every row landed once"

pg -c "UPDATE push_lock SET v = 'changed' WHERE id = 3"
mssql "EXEC tds_test_fault @kind = 'deadlock', @count = 3" >/dev/null
out=$(pg_error -c "SELECT $stats FROM mssql_upsert_push('push_lock', 'mssql', 'dbo.PushLock', max_retries => 2)")
like "$out" 'ERROR:  deadlock on \[dbo\]\.\[PushLock\], still after 2 retries' "retries exhausted: the error is raised"
like "$out" 'SQL Server error 1205' "its detail carries SQL Server's message"
is "$(mssql_rows "SELECT V FROM dbo.PushLock WHERE Id = 3")" "v3" "the remote table is as it was"
mssql "EXEC tds_test_fault @kind = 'clear'" >/dev/null

mssql "EXEC tds_test_fault @kind = 'deadlock', @count = 1" >/dev/null
out=$(pg_error -c "SELECT $stats FROM mssql_upsert_push('push_lock', 'mssql', 'dbo.PushLock', atomic => true)")
like "$out" 'ERROR:  deadlock on \[dbo\]\.\[PushLock\]; the remote transaction was rolled back' "atomic: a deadlock is raised, not retried"
is "$(mssql_rows "SELECT V FROM dbo.PushLock WHERE Id = 3")" "v3" "atomic: the remote table is as it was"
mssql "EXEC tds_test_fault @kind = 'clear'" >/dev/null

mssql "EXEC tds_test_fault @kind = 'deadlock', @count = 1" >/dev/null
out=$(pg_error -c "SELECT $stats FROM mssql_upsert_push('push_lock', 'mssql', 'dbo.PushLock', max_retries => 0)")
like "$out" 'deadlock on \[dbo\]\.\[PushLock\], still after 0 retries' "max_retries => 0: no retry at all"
[[ "$out" != *WARNING* ]]; ok $? "max_retries => 0: no WARNING"
mssql "EXEC tds_test_fault @kind = 'clear'" >/dev/null
is "$(pg -c "SELECT $stats FROM mssql_upsert_push('push_lock', 'mssql', 'dbo.PushLock')")" "5|0|1|4|1|0" "without faults the next push works"
done_testing
