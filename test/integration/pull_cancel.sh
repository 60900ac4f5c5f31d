#!/usr/bin/env bash
# Cancel and statement_timeout end a pull blocked on SQL Server within about a
# second, leave the local table as it was, and the next call in the same
# session works.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/session.bash"
require_mssql
[[ "${MSSQL_IS_TEST_SERVER:-0}" == 1 ]] || skip_all "needs the TDS test server's fault injection"
create_mssql_server mssql >/dev/null
mssql "IF OBJECT_ID('dbo.Slow') IS NOT NULL DROP TABLE dbo.Slow" >/dev/null
mssql "CREATE TABLE dbo.Slow (Id int NOT NULL PRIMARY KEY, V nvarchar(10))" >/dev/null
mssql "INSERT INTO dbo.Slow VALUES (1, N'a'), (2, N'b')" >/dev/null
pg -c "DROP TABLE IF EXISTS pull_slow; CREATE TABLE pull_slow (id int PRIMARY KEY, v text); INSERT INTO pull_slow VALUES (9, 'local')"

session_start || { ok 1 "a psql session starts"; done_testing; exit 1; }
PULL="SELECT rows_inserted FROM mssql_upsert_pull('mssql', 'dbo.Slow', 'pull_slow')"
mssql "EXEC tds_test_fault @kind = 'delay_per_statement_ms', @count = 30000" >/dev/null
session_check_statement_timeout "$PULL" "a pull"
session_check_cancel_backend "$PULL" "a pull"
session_run "SELECT string_agg(id || ':' || v, ' ' ORDER BY id) FROM pull_slow"
is "$SESSION_OUTPUT" "9:local" "the local table is as it was"

# query_timeout (server option) limits each remote wait
pg -c "ALTER SERVER mssql OPTIONS (ADD query_timeout '1')"
started=$(date +%s%N)
session_run "$PULL" 30
elapsed_ms=$(( ($(date +%s%N) - started) / 1000000 ))
like "$SESSION_OUTPUT" 'SQL Server did not answer within query_timeout \(1 s\)' "query_timeout ends a remote wait with a message naming it"
(( elapsed_ms < 5000 )); ok $? "query_timeout 1 s: the call ends early (took ${elapsed_ms} ms)"
pg -c "ALTER SERVER mssql OPTIONS (DROP query_timeout)"

# the same session (the extension loaded, its cached connection given up) goes on
mssql "EXEC tds_test_fault @kind = 'clear'" >/dev/null
session_run "$PULL"
is "$SESSION_OUTPUT" "2" "the next pull in the same session works"
session_run "SET statement_timeout = '5s'; SELECT 1 FROM pg_sleep(0.1); RESET statement_timeout"
is "$SESSION_OUTPUT" "1" "PostgreSQL's own timeouts still work afterwards, in the same session"
session_run "SET statement_timeout = '200ms'; SELECT pg_sleep(2)"
out=$SESSION_OUTPUT
session_run "RESET statement_timeout"
like "$out" 'canceling statement due to statement timeout' "statement_timeout still cancels local queries in the same session"
session_stop
done_testing
