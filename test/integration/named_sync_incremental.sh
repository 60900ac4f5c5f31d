#!/usr/bin/env bash
# Named syncs, incremental => 'column': pulls by a remote datetime2, datetime
# or bigint column (watermark_lag too), pushes by a local timestamptz or bigint
# column; with deletes => 'compare' the target ends equal to the source.
source "$(dirname "$0")/lib.sh"
require_mssql
create_mssql_server mssql >/dev/null

run() { pg -c "SELECT rows_read, rows_inserted, rows_updated, rows_unchanged, rows_deleted FROM mssql_upsert_sync_run('$1')"; }
watermark() { pg -c "SELECT coalesce(watermark, 'NULL') FROM mssql_upsert_sync_definitions WHERE name = '$1'"; }
local_rows() { pg -c "SELECT string_agg(concat_ws(':', $2), ' ' ORDER BY ${2%%,*}) FROM $1"; }

pg -c "DELETE FROM mssql_upsert_sync_definitions; DELETE FROM mssql_upsert_sync_runs"

# --- pull by a datetime2 column, with compare deletes --------------------------------
mssql "IF OBJECT_ID('dbo.IncOrders') IS NOT NULL DROP TABLE dbo.IncOrders" >/dev/null
mssql "CREATE TABLE dbo.IncOrders (Id int NOT NULL PRIMARY KEY, Label nvarchar(20), Qty int, ModifiedAt datetime2(7))" >/dev/null
mssql "INSERT INTO dbo.IncOrders VALUES (1, N'one', 1, '2024-01-01 10:00:00'), (2, N'two', 2, '2024-01-01 10:00:01.5'), (3, N'three', 3, NULL)" >/dev/null
pg -c "DROP TABLE IF EXISTS inc_orders; CREATE TABLE inc_orders (id int PRIMARY KEY, label text, qty int CHECK (qty < 100), modifiedat timestamp)"
pg -c "SELECT mssql_upsert_sync_define('inc', 'pull', 'mssql', 'dbo.IncOrders', 'inc_orders', incremental => 'column', watermark_column => 'ModifiedAt', deletes => 'compare', max_delete_fraction => 0.5)" >/dev/null
remote_orders() { mssql_rows "SELECT Id, Label, Qty FROM dbo.IncOrders ORDER BY Id"; }
is "$(run inc)" "3|3|0|0|0" "first run is a full one: every row, the NULL watermark row too"
is "$(watermark inc)" "2024-01-01 10:00:01.5000000" "the watermark is the remote maximum read before the SELECT"
is "$(run inc)" "0|0|0|0|0" "an unchanged incremental run reads 0 rows"
mssql "UPDATE dbo.IncOrders SET Label = N'TWO', ModifiedAt = '2024-01-01 11:00:00' WHERE Id = 2; INSERT INTO dbo.IncOrders VALUES (4, N'four', 4, '2024-01-01 11:00:01')" >/dev/null
is "$(pg -c "SELECT watermark_from, watermark_to FROM mssql_upsert_sync_run('inc')")" "2024-01-01 10:00:01.5000000|2024-01-01 11:00:01.0000000" "a run reports the watermark it started from and the one it leaves"
mssql "UPDATE dbo.IncOrders SET Qty = 30, ModifiedAt = '2024-01-01 12:00:00' WHERE Id = 3; DELETE FROM dbo.IncOrders WHERE Id = 1; INSERT INTO dbo.IncOrders VALUES (5, N'five', 5, '2024-01-01 12:00:00')" >/dev/null
is "$(run inc)" "2|1|1|0|1" "a run after an update, an insert and a delete: 2 read (only the changed rows), 1 inserted, 1 updated, 1 deleted"
is "$(local_rows inc_orders "id, label, qty")" "$(remote_orders)" "the target equals the source row for row"
is "$(run inc)" "0|0|0|0|0" "and the next run has nothing to do"

# a row changed with a ModifiedAt below the watermark (commit-order skew) is missed without a lag ...
mssql "UPDATE dbo.IncOrders SET Label = N'late' WHERE Id = 4; UPDATE dbo.IncOrders SET ModifiedAt = '2024-01-01 11:59:55' WHERE Id = 4" >/dev/null
is "$(run inc)" "0|0|0|0|0" "a change stamped below the watermark is not read without watermark_lag"
# ... and read with one (the definition is replaced: the watermark stays)
pg -c "SELECT mssql_upsert_sync_define('inc', 'pull', 'mssql', 'dbo.IncOrders', 'inc_orders', incremental => 'column', watermark_column => 'ModifiedAt', watermark_lag => '10 seconds', deletes => 'compare')" >/dev/null
is "$(run inc)" "3|0|1|2|0" "with watermark_lag '10 seconds' the run re-reads the last 10 seconds and finds it"
is "$(local_rows inc_orders "id, label, qty")" "$(remote_orders)" "the target equals the source again"

# a failed run: the data and the watermark stay where they were
mssql "UPDATE dbo.IncOrders SET Qty = 500, ModifiedAt = '2024-01-01 13:00:00' WHERE Id = 2; INSERT INTO dbo.IncOrders VALUES (6, N'six', 6, '2024-01-01 12:30:00')" >/dev/null
wm=$(watermark inc); before=$(local_rows inc_orders "id, label, qty")
out=$(pg_script <<'SQL'
SELECT rows_read FROM mssql_upsert_sync_run('inc');
SELECT coalesce(watermark, 'NULL') FROM mssql_upsert_sync_definitions;
SQL
)
like "$out" 'ERROR:  23514: new row for relation "inc_orders" violates check constraint' "a failing incremental run raises its error"
is "${out##*$'\n'}" "$wm" "... the watermark is unchanged (read in the same session)"
is "$(local_rows inc_orders "id, label, qty")" "$before" "... the data is unchanged (row 6 of the same run is not there)"
is "$(pg -c "SELECT status, watermark_from, watermark_to IS NULL, error_sqlstate FROM mssql_upsert_sync_runs ORDER BY run_id DESC LIMIT 1")" "failed|$wm|t|23514" "... and the history has the failure with the watermark it started from"
mssql "UPDATE dbo.IncOrders SET Qty = 2, ModifiedAt = '2024-01-01 13:00:01' WHERE Id = 2" >/dev/null
is "$(run inc)" "5|1|1|3|0" "once the source is fixed the next run catches up: row 6 inserted, row 2 updated, rows 3, 4 and 5 re-read by the lag"
is "$(local_rows inc_orders "id, label, qty")" "$(remote_orders)" "the target equals the source"

# a run that loses its SQL Server connection mid-stream, and one whose backend is terminated
if [[ "${MSSQL_IS_TEST_SERVER:-0}" == 1 ]]; then
  mssql "INSERT INTO dbo.IncOrders VALUES (7, N'seven', 7, '2024-01-01 14:00:00'), (8, N'eight', 8, '2024-01-01 14:00:01')" >/dev/null
  wm=$(watermark inc); before=$(local_rows inc_orders "id, label, qty")
  mssql "EXEC tds_test_fault @kind = 'drop_after_rows', @count = 2" >/dev/null
  out=$(pg_error -v VERBOSITY=verbose -c "SELECT * FROM mssql_upsert_sync_run('inc')")
  like "$out" 'lost the connection to SQL Server' "a run that loses the connection mid-stream fails"
  is "$(watermark inc)|$(local_rows inc_orders "id, label, qty")" "$wm|$before" "... and leaves watermark and data as they were"
  like "$(pg -c "SELECT status, error_sqlstate FROM mssql_upsert_sync_runs ORDER BY run_id DESC LIMIT 1")" '^failed\|(08|HV)' "... recorded as failed with its SQLSTATE"
  mssql "EXEC tds_test_fault @kind = 'clear'" >/dev/null
  mssql "EXEC tds_test_fault @kind = 'delay_per_statement_ms', @count = 3000" >/dev/null
  out=$(pg_error -v VERBOSITY=verbose -c "SET statement_timeout = '1s'; SELECT * FROM mssql_upsert_sync_run('inc')")
  like "$out" 'ERROR:  57014: canceling statement due to statement timeout' "a run ended by statement_timeout raises it"
  is "$(pg -c "SELECT status, error_sqlstate, error_message FROM mssql_upsert_sync_runs ORDER BY run_id DESC LIMIT 1")" \
     "failed|57014|canceling statement due to statement timeout" "... and is recorded as failed (a cancel is a failure too)"
  psql -X -q -At -c "SELECT * FROM mssql_upsert_sync_run('inc') /* terminated */" >/dev/null 2>&1 &
  client=$!
  sleep 1.5
  pg -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%/* terminated */%' AND pid <> pg_backend_pid()" >/dev/null
  wait $client
  mssql "EXEC tds_test_fault @kind = 'clear'" >/dev/null
  is "$(watermark inc)|$(local_rows inc_orders "id, label, qty")" "$wm|$before" "a run whose backend is terminated leaves watermark and data as they were"
  is "$(run inc)" "3|2|0|1|0" "the next run catches up: rows 7 and 8 inserted, row 2 re-read by the lag"
  is "$(local_rows inc_orders "id, label, qty")" "$(remote_orders)" "the target equals the source"
fi
pg -c "SELECT mssql_upsert_sync_reset('inc')" >/dev/null
is "$(run inc)" "$(mssql "SELECT count(*) FROM dbo.IncOrders")|0|0|$(mssql "SELECT count(*) FROM dbo.IncOrders")|0" "after reset the next run is a full one"

# --- pull by a bigint version column and by a datetime column ---------------------------
mssql "IF OBJECT_ID('dbo.IncVer') IS NOT NULL DROP TABLE dbo.IncVer" >/dev/null
mssql "CREATE TABLE dbo.IncVer (Id int NOT NULL PRIMARY KEY, Label nvarchar(20), Ver bigint NOT NULL, Stamp datetime)" >/dev/null
mssql "INSERT INTO dbo.IncVer VALUES (1, N'a', 10, '2024-01-01 10:00:00.003'), (2, N'b', 11, '2024-01-01 10:00:00.007')" >/dev/null
pg -c "DROP TABLE IF EXISTS inc_ver, inc_stamp; CREATE TABLE inc_ver (id int PRIMARY KEY, label text); CREATE TABLE inc_stamp (id int PRIMARY KEY, label text)"
pg -c "SELECT mssql_upsert_sync_define('ver', 'pull', 'mssql', 'dbo.IncVer', 'inc_ver', incremental => 'column', watermark_column => 'ver')" >/dev/null
pg -c "SELECT mssql_upsert_sync_define('stamp', 'pull', 'mssql', 'dbo.IncVer', 'inc_stamp', incremental => 'column', watermark_column => 'Stamp')" >/dev/null
like "$(pg_error -v VERBOSITY=verbose -c "SELECT mssql_upsert_sync_define('ver2', 'pull', 'mssql', 'dbo.IncVer', 'inc_ver', incremental => 'column', watermark_column => 'Ver', watermark_lag => '1 second')")" \
   'ERROR:  22023: watermark_lag applies to date and time watermark columns; "Ver" is bigint' "watermark_lag is refused for an integer column"
is "$(run ver)|$(watermark ver)" "2|2|0|0|0|11" "bigint column: first run, watermark 11 (the remote column matched case-insensitively)"
is "$(run stamp)|$(watermark stamp)" "2|2|0|0|0|2024-01-01 10:00:00.0070000" "datetime column: first run"
is "$(run ver)|$(run stamp)" "0|0|0|0|0|0|0|0|0|0" "unchanged: both read 0 rows (the datetime maximum equals itself)"
mssql "UPDATE dbo.IncVer SET Label = N'B', Ver = 12, Stamp = '2024-01-01 10:00:00.010' WHERE Id = 2; INSERT INTO dbo.IncVer VALUES (3, N'c', 13, '2024-01-01 10:00:00.013')" >/dev/null
is "$(run ver)|$(run stamp)" "2|1|1|0|0|2|1|1|0|0" "after an update and an insert: both read exactly those two rows"
is "$(local_rows inc_ver "id, label")" "$(mssql_rows "SELECT Id, Label FROM dbo.IncVer ORDER BY Id")" "bigint column: the target equals the source"
is "$(local_rows inc_stamp "id, label")" "$(mssql_rows "SELECT Id, Label FROM dbo.IncVer ORDER BY Id")" "datetime column: the target equals the source"

# --- push by a local timestamptz and by a bigint column -----------------------------------
mssql "IF OBJECT_ID('dbo.IncPushed') IS NOT NULL DROP TABLE dbo.IncPushed" >/dev/null
mssql "CREATE TABLE dbo.IncPushed (id int NOT NULL PRIMARY KEY, label nvarchar(20), changed_at datetimeoffset(6), version bigint)" >/dev/null
pg -c "DROP TABLE IF EXISTS inc_push; CREATE TABLE inc_push (id int PRIMARY KEY, label text, changed_at timestamptz, version bigint)"
pg -c "INSERT INTO inc_push VALUES (1, 'one', '2024-01-01 10:00:00+02', 1), (2, 'two', '2024-01-01 10:00:01+02', 2), (3, 'three', NULL, 3)"
pg -c "SELECT mssql_upsert_sync_define('push_ts', 'push', 'mssql', 'dbo.IncPushed', 'inc_push', incremental => 'column', watermark_column => 'changed_at', watermark_lag => '0')" >/dev/null
is "$(run push_ts)|$(watermark push_ts)" "3|3|0|0|0|2024-01-01 08:00:01.000000" "push: the first run sends every row; the watermark is kept in UTC"
is "$(pg -c "SET TimeZone = 'America/New_York'; SELECT rows_read FROM mssql_upsert_sync_run('push_ts')")" "0" "an unchanged push reads 0 rows (in another TimeZone too)"
pg -c "UPDATE inc_push SET label = 'TWO', changed_at = '2024-01-01 12:00:00+02' WHERE id = 2; INSERT INTO inc_push VALUES (4, 'four', '2024-01-01 12:00:01+02', 4)"
is "$(run push_ts)" "2|1|1|0|0" "push after a local update and insert: those two rows, 1 inserted, 1 updated"
is "$(mssql_rows "SELECT id, label FROM dbo.IncPushed ORDER BY id")" "$(local_rows inc_push "id, label")" "the remote table equals the local one"
pg -c "SELECT mssql_upsert_sync_define('push_ver', 'push', 'mssql', 'dbo.IncPushed', 'inc_push', columns => ARRAY['id', 'label', 'version'], incremental => 'column', watermark_column => 'version')" >/dev/null
is "$(run push_ver)|$(watermark push_ver)" "4|0|0|4|0|4" "bigint push column: first run (all unchanged remotely), watermark 4"
pg -c "UPDATE inc_push SET label = 'THREE', version = 5 WHERE id = 3"
is "$(run push_ver)|$(run push_ver)" "1|0|1|0|0|0|0|0|0|0" "one local change is one row pushed, then nothing"
is "$(mssql_rows "SELECT id, label FROM dbo.IncPushed ORDER BY id")" "$(local_rows inc_push "id, label")" "the remote table equals the local one"

pg -c "DELETE FROM mssql_upsert_sync_definitions; DELETE FROM mssql_upsert_sync_runs"
done_testing
