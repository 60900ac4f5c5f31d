#!/usr/bin/env bash
# Cancel and statement_timeout end a push within about a second, whether it
# waits on SQL Server or between deadlock retries; an atomic push leaves the
# remote table as it was, and the next call works.
source "$(dirname "$0")/lib.sh"
require_mssql
[[ "${MSSQL_IS_TEST_SERVER:-0}" == 1 ]] || skip_all "needs the TDS test server's fault injection"
create_mssql_server mssql >/dev/null
mssql "IF OBJECT_ID('dbo.PushSlow') IS NOT NULL DROP TABLE dbo.PushSlow" >/dev/null
mssql "CREATE TABLE dbo.PushSlow (Id int NOT NULL PRIMARY KEY, V nvarchar(10))" >/dev/null
mssql "INSERT INTO dbo.PushSlow VALUES (1, N'remote')" >/dev/null
pg -c "DROP TABLE IF EXISTS push_slow; CREATE TABLE push_slow (id int PRIMARY KEY, v text); INSERT INTO push_slow SELECT g, 'local' FROM generate_series(1, 10) AS g"
call="SELECT mssql_upsert_push('push_slow', 'mssql', 'dbo.PushSlow', chunk_rows => 5, atomic => true)"

mssql "EXEC tds_test_fault @kind = 'delay_per_statement_ms', @count = 30000" >/dev/null
started=$(date +%s%N)
out=$(pg_error -c "SET statement_timeout = '1s'; $call")
elapsed_ms=$(( ($(date +%s%N) - started) / 1000000 ))
like "$out" 'canceling statement due to statement timeout' "statement_timeout ends a push blocked on SQL Server"
(( elapsed_ms < 4000 )); ok $? "within about a second of the timeout (took ${elapsed_ms} ms)"

psql -X -q -At -c "$call" >/tmp/push_cancel.$$ 2>&1 &
client=$!
sleep 1
pg -c "SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE query LIKE 'SELECT mssql_upsert_push(%push_slow%' AND pid <> pg_backend_pid()" >/dev/null
started=$(date +%s%N)
wait $client
elapsed_ms=$(( ($(date +%s%N) - started) / 1000000 ))
like "$(cat /tmp/push_cancel.$$)" 'canceling statement due to user request' "pg_cancel_backend ends a push blocked on SQL Server"
(( elapsed_ms < 3000 )); ok $? "within about a second of the cancel (took ${elapsed_ms} ms)"
rm -f /tmp/push_cancel.$$
mssql "EXEC tds_test_fault @kind = 'clear'" >/dev/null

# Between deadlock retries (200+400+600+800+1000 ms of waiting) the wait is interruptible.
mssql "EXEC tds_test_fault @kind = 'deadlock', @count = 5" >/dev/null
started=$(date +%s%N)
out=$(pg_error -c "SET statement_timeout = '500ms'; SELECT mssql_upsert_push('push_slow', 'mssql', 'dbo.PushSlow')")
elapsed_ms=$(( ($(date +%s%N) - started) / 1000000 ))
like "$out" 'canceling statement due to statement timeout' "statement_timeout ends a push waiting to retry a deadlock"
(( elapsed_ms < 2500 )); ok $? "without sitting out the backoff (took ${elapsed_ms} ms)"
mssql "EXEC tds_test_fault @kind = 'clear'" >/dev/null
is "$(mssql_rows "SELECT COUNT(*), MIN(V) FROM dbo.PushSlow")" "1:remote" "the remote table is as it was"

is "$(pg -c "SELECT rows_inserted || '/' || rows_updated FROM mssql_upsert_push('push_slow', 'mssql', 'dbo.PushSlow', chunk_rows => 5, atomic => true)")" \
   "9/1" "the next push works"
done_testing
