#!/usr/bin/env bash
# A pull that loses its SQL Server connection mid-stream fails loudly, leaves
# the local table as it was, and the next call reconnects; large values arrive whole.
source "$(dirname "$0")/lib.sh"
require_mssql
create_mssql_server mssql >/dev/null
mssql "IF OBJECT_ID('dbo.Flaky') IS NOT NULL DROP TABLE dbo.Flaky" >/dev/null
mssql "CREATE TABLE dbo.Flaky (Id int NOT NULL PRIMARY KEY, V nvarchar(10))" >/dev/null
mssql "INSERT INTO dbo.Flaky VALUES $(seq -s, 1 3000 | sed -E "s/([0-9]+)/(\1, N'v\1')/g")" >/dev/null
pg -c "DROP TABLE IF EXISTS flaky; CREATE TABLE flaky (id int PRIMARY KEY, v text); INSERT INTO flaky VALUES (1, 'old')"

if [[ "${MSSQL_IS_TEST_SERVER:-0}" == 1 ]]; then
  # Chunks of 500 are merged before the cut at row 2900: all must be rolled back.
  mssql "EXEC tds_test_fault @kind = 'drop_after_rows', @count = 2900" >/dev/null
  out=$(pg_error -c "SELECT mssql_upsert_pull('mssql', 'dbo.Flaky', 'flaky', chunk_rows => 500)")
  like "$out" 'lost the connection to SQL Server \(.*\) while reading rows' "connection lost mid-stream: a clear error saying what was being done"
  like "$out" 'FreeTDS error 20017' "the detail carries FreeTDS's own message"
  is "$(pg -c "SELECT string_agg(id || ':' || v, ' ' ORDER BY id) FROM flaky")" "1:old" "connection lost mid-stream: the local table is as it was"
  mssql "EXEC tds_test_fault @kind = 'clear'" >/dev/null
fi
is "$(pg -c "SELECT rows_read || '/' || rows_inserted || '/' || rows_updated FROM mssql_upsert_pull('mssql', 'dbo.Flaky', 'flaky', chunk_rows => 500)")" "3000/2999/1" "the next pull reconnects and works"

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
pg -c "ALTER USER MAPPING FOR CURRENT_USER SERVER mssql OPTIONS (SET password 'not-the-password')"
like "$(pg_error -c "SELECT mssql_upsert_pull('mssql', 'dbo.Flaky', 'flaky')")" "Login failed for user" "changed user mapping options take effect at the next call"
pg -c "ALTER USER MAPPING FOR CURRENT_USER SERVER mssql OPTIONS (SET password '$MSSQL_PASSWORD')"
is "$(pg -c "SELECT rows_unchanged FROM mssql_upsert_pull('mssql', 'dbo.Flaky', 'flaky')")" "3000" "and the corrected mapping works again"
done_testing
