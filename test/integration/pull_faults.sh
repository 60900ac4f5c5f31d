#!/usr/bin/env bash
# A pull that loses its SQL Server connection mid-stream fails loudly, leaves
# the local table as it was, and the next call reconnects; large values arrive whole.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/session.bash"
require_mssql
create_mssql_server mssql >/dev/null
mssql "IF OBJECT_ID('dbo.Flaky') IS NOT NULL DROP TABLE dbo.Flaky" >/dev/null
mssql "CREATE TABLE dbo.Flaky (Id int NOT NULL PRIMARY KEY, V nvarchar(10))" >/dev/null
mssql "INSERT INTO dbo.Flaky VALUES $(seq -s, 1 3000 | sed -E "s/([0-9]+)/(\1, N'v\1')/g")" >/dev/null
pg -c "DROP TABLE IF EXISTS flaky; CREATE TABLE flaky (id int PRIMARY KEY, v text); INSERT INTO flaky VALUES (1, 'old')"

# The failing calls and the calls after them run in one session, so what a
# failure leaves in the session's connection cache is seen by the next call.
session_start || { ok 1 "a psql session starts"; done_testing; exit 1; }
if [[ "${MSSQL_IS_TEST_SERVER:-0}" == 1 ]]; then
  # Chunks of 500 are merged before the cut at row 2900: all must be rolled back.
  session_run "SELECT 1 FROM mssql_upsert_pull('mssql', 'dbo.Flaky', 'flaky', chunk_rows => 500)" # a cached connection
  mssql "EXEC tds_test_fault @kind = 'drop_after_rows', @count = 2900" >/dev/null
  session_run "TRUNCATE flaky; INSERT INTO flaky VALUES (1, 'old')"
  session_run "SELECT mssql_upsert_pull('mssql', 'dbo.Flaky', 'flaky', chunk_rows => 500)"
  out=$SESSION_OUTPUT
  like "$out" 'lost the connection to SQL Server \(.*\) while reading rows' "connection lost mid-stream: a clear error saying what was being done"
  like "$out" 'FreeTDS error 20017' "the detail carries FreeTDS's own message"
  session_run "SELECT string_agg(id || ':' || v, ' ' ORDER BY id) FROM flaky"
  is "$SESSION_OUTPUT" "1:old" "connection lost mid-stream: the local table is as it was"
  mssql "EXEC tds_test_fault @kind = 'clear'" >/dev/null
fi
session_run "SELECT rows_read || '/' || rows_inserted || '/' || rows_updated FROM mssql_upsert_pull('mssql', 'dbo.Flaky', 'flaky', chunk_rows => 500)"
is "$SESSION_OUTPUT" "3000/2999/1" "the next pull in the same session reconnects and works"

# 10 MB nvarchar(max) value, with characters outside the BMP
mssql "IF OBJECT_ID('dbo.Big') IS NOT NULL DROP TABLE dbo.Big" >/dev/null
mssql "CREATE TABLE dbo.Big (Id int NOT NULL PRIMARY KEY, Doc nvarchar(max))" >/dev/null
mssql "INSERT INTO dbo.Big VALUES (1, REPLICATE(N'ab😀', 2000000))" >/dev/null
pg -c "DROP TABLE IF EXISTS big; CREATE TABLE big (id int PRIMARY KEY, doc text)"
is "$(pg -c "SELECT rows_inserted FROM mssql_upsert_pull('mssql', 'dbo.Big', 'big')")" "1" "a 10 MB nvarchar(max) value is pulled"
is "$(pg -c "SELECT length(doc) || ' ' || octet_length(doc) || ' ' || (doc = repeat('ab😀', 2000000)) FROM big")" "6000000 12000000 true" "it arrives whole and exact"
is "$(pg -c "SELECT rows_unchanged FROM mssql_upsert_pull('mssql', 'dbo.Big', 'big')")" "1" "and an identical re-pull leaves it unchanged"
# 10 MB varbinary(max) value
mssql "IF OBJECT_ID('dbo.BigBin') IS NOT NULL DROP TABLE dbo.BigBin" >/dev/null
mssql "CREATE TABLE dbo.BigBin (Id int NOT NULL PRIMARY KEY, Data varbinary(max))" >/dev/null
mssql "INSERT INTO dbo.BigBin VALUES (1, CAST(REPLICATE(CAST('0123456789' AS varchar(max)), 1048576) AS varbinary(max)))" >/dev/null
pg -c "DROP TABLE IF EXISTS bigbin; CREATE TABLE bigbin (id int PRIMARY KEY, data bytea)"
is "$(pg -c "SELECT rows_inserted FROM mssql_upsert_pull('mssql', 'dbo.BigBin', 'bigbin')")" "1" "a 10 MB varbinary(max) value is pulled"
is "$(pg -c "SELECT octet_length(data) || ' ' || (data = convert_to(repeat('0123456789', 1048576), 'UTF8')) FROM bigbin")" "10485760 true" "it arrives whole and exact"
# A cached connection is dropped when the mapping's options change.
# (changed by another session while this one holds a cached connection)
pg -c "ALTER USER MAPPING FOR CURRENT_USER SERVER mssql OPTIONS (SET password 'not-the-password')"
session_run "SELECT mssql_upsert_pull('mssql', 'dbo.Flaky', 'flaky')"
like "$SESSION_OUTPUT" "Login failed for user" "changed user mapping options take effect at the session's next call"
pg -c "ALTER USER MAPPING FOR CURRENT_USER SERVER mssql OPTIONS (SET password '$MSSQL_PASSWORD')"
session_run "SELECT rows_unchanged FROM mssql_upsert_pull('mssql', 'dbo.Flaky', 'flaky')"
is "$SESSION_OUTPUT" "3000" "and the corrected mapping works again in that session"
session_stop
done_testing
