#!/usr/bin/env bash
# Named syncs, incremental => 'rowversion' (pull): each run is bounded by
# MIN_ACTIVE_ROWVERSION() read before its SELECT, so a remote transaction open
# across a run's start is caught by a later run, never missed.
source "$(dirname "$0")/lib.sh"
require_mssql
create_mssql_server mssql >/dev/null

run() { pg -c "SELECT rows_read, rows_inserted, rows_updated, rows_unchanged, rows_deleted FROM mssql_upsert_sync_run('$1')"; }
remote_rows() { mssql_rows "SELECT Id, Label FROM dbo.RvOrders ORDER BY Id"; }
local_rows() { pg -c "SELECT string_agg(id || ':' || label, ' ' ORDER BY id) FROM rv_orders"; }

pg -c "DELETE FROM mssql_upsert_sync_definitions; DELETE FROM mssql_upsert_sync_runs"
mssql "IF OBJECT_ID('dbo.RvOrders') IS NOT NULL DROP TABLE dbo.RvOrders" >/dev/null
mssql "CREATE TABLE dbo.RvOrders (Id int NOT NULL PRIMARY KEY, Label nvarchar(20), Version rowversion)" >/dev/null
mssql "INSERT INTO dbo.RvOrders (Id, Label) VALUES (1, N'one'), (2, N'two'), (3, N'three')" >/dev/null
pg -c "DROP TABLE IF EXISTS rv_orders; CREATE TABLE rv_orders (id int PRIMARY KEY, label text, version bytea)"

out=$(pg_error -v VERBOSITY=verbose -c "SELECT mssql_upsert_sync_define('rv', 'pull', 'mssql', 'dbo.RvOrders', 'rv_orders', incremental => 'rowversion', watermark_column => 'Label')")
like "$out" "ERROR:  42804: watermark column \"Label\" of remote table \[dbo\]\.\[RvOrders\] is [a-z]+\([0-9]+\); incremental => 'rowversion' needs rowversion \(timestamp\)" "rowversion mode refuses a column that is not a rowversion"
like "$(pg_error -v VERBOSITY=verbose -c "SELECT mssql_upsert_sync_define('rv', 'pull', 'mssql', 'dbo.RvOrders', 'rv_orders', incremental => 'column', watermark_column => 'Version')")" \
   "ERROR:  42804: watermark column \"Version\" of remote table \[dbo\]\.\[RvOrders\] is timestamp; incremental => 'column' needs" "column mode refuses a rowversion column (use incremental => 'rowversion')"
pg -c "SELECT mssql_upsert_sync_define('rv', 'pull', 'mssql', 'dbo.RvOrders', 'rv_orders', incremental => 'rowversion', watermark_column => 'Version', deletes => 'compare')" >/dev/null

is "$(run rv)" "3|3|0|0|0" "first run: every row"
dbts=$(mssql "SELECT CONVERT(bigint, MIN_ACTIVE_ROWVERSION())")
is "$(pg -c "SELECT ('x' || substr(watermark, 3))::bit(64)::bigint FROM mssql_upsert_sync_definitions")" "$dbts" "the watermark is MIN_ACTIVE_ROWVERSION() as read before the SELECT"
is "$(pg -c "SELECT count(*) FROM rv_orders WHERE length(version) = 8")" "3" "the rowversion values arrive as 8-byte bytea"
is "$(run rv)" "0|0|0|0|0" "an unchanged incremental run reads 0 rows"
mssql "UPDATE dbo.RvOrders SET Label = N'TWO' WHERE Id = 2; INSERT INTO dbo.RvOrders (Id, Label) VALUES (4, N'four'); DELETE FROM dbo.RvOrders WHERE Id = 3" >/dev/null
is "$(run rv)" "2|1|1|0|1" "after an update, an insert and a delete: 2 rows read, 1 inserted, 1 updated, 1 deleted"
is "$(local_rows)" "$(remote_rows)" "the target equals the source row for row"
mssql "UPDATE dbo.RvOrders SET Label = N'one' WHERE Id = 1" >/dev/null
is "$(run rv)" "1|0|1|0|0" "an update to the same value gives a new rowversion: read once, and the local copy of the version updated"

# --- a remote transaction open across a run's start -------------------------------------
mssql_open_transaction "UPDATE dbo.RvOrders SET Label = N'slow' WHERE Id = 1" 5
writer=$!
sleep 1.5
mssql "UPDATE dbo.RvOrders SET Label = N'FOUR' WHERE Id = 4" >/dev/null
is "$(run rv)" "0|0|0|0|0" "while an older transaction is open, a later committed change waits (it is above MIN_ACTIVE_ROWVERSION())"
wait $writer
is "$(run rv)" "2|0|2|0|0" "after the open transaction commits, the next run reads both changes: nothing was missed"
is "$(local_rows)" "$(remote_rows)" "the target equals the source"
is "$(run rv)" "0|0|0|0|0" "and then nothing"

pg -c "SELECT mssql_upsert_sync_reset('rv')" >/dev/null
is "$(run rv)" "3|0|0|3|0" "after reset the next run is a full one"

pg -c "DELETE FROM mssql_upsert_sync_definitions; DELETE FROM mssql_upsert_sync_runs"
done_testing
