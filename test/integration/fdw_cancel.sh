#!/usr/bin/env bash
# Cancel and statement_timeout end a foreign table scan waiting on SQL Server
# within about a second, and the next scan works.
source "$(dirname "$0")/lib.sh"
require_mssql
[[ "${MSSQL_IS_TEST_SERVER:-0}" == 1 ]] || skip_all "needs the TDS test server's fault injection"
create_mssql_server mssql >/dev/null
mssql "IF OBJECT_ID('dbo.FdwSlow') IS NOT NULL DROP TABLE dbo.FdwSlow" >/dev/null
mssql "CREATE TABLE dbo.FdwSlow (Id int NOT NULL PRIMARY KEY, V nvarchar(10))" >/dev/null
mssql "INSERT INTO dbo.FdwSlow VALUES (1, N'a'), (2, N'b')" >/dev/null
pg -c "DROP FOREIGN TABLE IF EXISTS fdw_slow; CREATE FOREIGN TABLE fdw_slow (id int, v text) SERVER mssql OPTIONS (table_name 'FdwSlow')"

mssql "EXEC tds_test_fault @kind = 'delay_per_statement_ms', @count = 30000" >/dev/null
check_statement_timeout "SELECT * FROM fdw_slow" "a scan"
check_cancel_backend "SELECT count(*) FROM fdw_slow WHERE v <> 'fdw_cancel'" "a scan"

# a cancel inside a transaction: the next transaction scans again
out=$(pg_error <<'SQL'
BEGIN;
SET LOCAL statement_timeout = '500ms';
SELECT * FROM fdw_slow;
ROLLBACK;
SQL
)
like "$out" 'canceling statement due to statement timeout' "a scan cancelled inside a transaction"
mssql "EXEC tds_test_fault @kind = 'clear'" >/dev/null
is "$(pg -c "SELECT string_agg(id || ':' || v, ' ' ORDER BY id) FROM fdw_slow")" "1:a 2:b" "the next scan works"

# a connection lost midway is an error that says so; the next scan reconnects
mssql "EXEC tds_test_fault @kind = 'drop_after_rows', @count = 1" >/dev/null
like "$(pg_error -c "SELECT * FROM fdw_slow")" 'lost the connection to SQL Server' "a connection lost mid-scan is reported"
mssql "EXEC tds_test_fault @kind = 'clear'" >/dev/null
is "$(pg -c "SELECT count(*) FROM fdw_slow")" "2" "the next scan reconnects"
done_testing
