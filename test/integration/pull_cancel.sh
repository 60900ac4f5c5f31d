#!/usr/bin/env bash
# Cancel and statement_timeout end a pull blocked on SQL Server within about a
# second, leave the local table as it was, and the next call works.
source "$(dirname "$0")/lib.sh"
require_mssql
[[ "${MSSQL_IS_TEST_SERVER:-0}" == 1 ]] || skip_all "needs the TDS test server's fault injection"
create_mssql_server mssql >/dev/null
mssql "IF OBJECT_ID('dbo.Slow') IS NOT NULL DROP TABLE dbo.Slow" >/dev/null
mssql "CREATE TABLE dbo.Slow (Id int NOT NULL PRIMARY KEY, V nvarchar(10))" >/dev/null
mssql "INSERT INTO dbo.Slow VALUES (1, N'a'), (2, N'b')" >/dev/null
pg -c "DROP TABLE IF EXISTS pull_slow; CREATE TABLE pull_slow (id int PRIMARY KEY, v text); INSERT INTO pull_slow VALUES (9, 'local')"

mssql "EXEC tds_test_fault @kind = 'delay_per_statement_ms', @count = 30000" >/dev/null
check_statement_timeout "SELECT mssql_upsert_pull('mssql', 'dbo.Slow', 'pull_slow')" "a pull"
check_cancel_backend "SELECT mssql_upsert_pull('mssql', 'dbo.Slow', 'pull_slow')" "a pull"
is "$(pg -c "SELECT string_agg(id || ':' || v, ' ' ORDER BY id) FROM pull_slow")" "9:local" "the local table is as it was"

# query_timeout (server option) limits each remote wait
pg -c "ALTER SERVER mssql OPTIONS (ADD query_timeout '1')"
started=$(date +%s%N)
out=$(pg_error -c "SELECT mssql_upsert_pull('mssql', 'dbo.Slow', 'pull_slow')")
elapsed_ms=$(( ($(date +%s%N) - started) / 1000000 ))
like "$out" 'SQL Server did not answer within query_timeout \(1 s\)' "query_timeout ends a remote wait with a message naming it"
(( elapsed_ms < 5000 )); ok $? "query_timeout 1 s: the call ends early (took ${elapsed_ms} ms)"
pg -c "ALTER SERVER mssql OPTIONS (DROP query_timeout)"

mssql "EXEC tds_test_fault @kind = 'clear'" >/dev/null
is "$(pg -c "SELECT rows_inserted FROM mssql_upsert_pull('mssql', 'dbo.Slow', 'pull_slow')")" "2" "the next pull works"
is "$(pg -c "SET statement_timeout = '5s'; SELECT 1 FROM pg_sleep(0.1)")" "1" "PostgreSQL's own timeouts still work afterwards"
like "$(pg_error -c "SET statement_timeout = '200ms'; SELECT pg_sleep(2)")" 'canceling statement due to statement timeout' "statement_timeout still cancels local queries"
done_testing
