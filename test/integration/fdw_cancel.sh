#!/usr/bin/env bash
# Cancel and statement_timeout end a foreign table scan waiting on SQL Server
# within about a second, and the next scan in the same session works.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/session.bash"
require_mssql
[[ "${MSSQL_IS_TEST_SERVER:-0}" == 1 ]] || skip_all "needs the TDS test server's fault injection"
create_mssql_server mssql >/dev/null
pg -c "ALTER SERVER mssql OPTIONS (ADD appname 'fdw_cancel')"
mssql "IF OBJECT_ID('dbo.FdwSlow') IS NOT NULL DROP TABLE dbo.FdwSlow" >/dev/null
mssql "CREATE TABLE dbo.FdwSlow (Id int NOT NULL PRIMARY KEY, V nvarchar(10))" >/dev/null
mssql "INSERT INTO dbo.FdwSlow VALUES (1, N'a'), (2, N'b')" >/dev/null
pg -c "DROP FOREIGN TABLE IF EXISTS fdw_slow; CREATE FOREIGN TABLE fdw_slow (id int, v text) SERVER mssql OPTIONS (table_name 'FdwSlow')"

session_start || { ok 1 "a psql session starts"; done_testing; exit 1; }
mssql "EXEC tds_test_fault @kind = 'delay_per_statement_ms', @count = 30000" >/dev/null
session_check_statement_timeout "SELECT * FROM fdw_slow" "a scan"
session_check_cancel_backend "SELECT count(*) FROM fdw_slow WHERE v <> 'fdw_cancel'" "a scan"

# a cancel inside a transaction: the next transaction of the same session scans again
session_run "BEGIN; SET LOCAL statement_timeout = '500ms'; SELECT * FROM fdw_slow" 30
like "$SESSION_OUTPUT" 'canceling statement due to statement timeout' "a scan cancelled inside a transaction"
session_run "ROLLBACK"
mssql "EXEC tds_test_fault @kind = 'clear'" >/dev/null
session_run "SELECT string_agg(id || ':' || v, ' ' ORDER BY id) FROM fdw_slow"
is "$SESSION_OUTPUT" "1:a 2:b" "the next scan in the same session works"

# a connection lost midway is an error that says so; the next scan reconnects
mssql "EXEC tds_test_fault @kind = 'drop_after_rows', @count = 1" >/dev/null
session_run "SELECT * FROM fdw_slow"
like "$SESSION_OUTPUT" 'lost the connection to SQL Server' "a connection lost mid-scan is reported"
mssql "EXEC tds_test_fault @kind = 'clear'" >/dev/null
session_run "SELECT count(*) FROM fdw_slow"
is "$SESSION_OUTPUT" "2" "the next scan in the same session reconnects"
is "$(remote_session_count fdw_cancel 1)" "1" "the failed scans left no remote session: one serves the session"
session_stop
done_testing
