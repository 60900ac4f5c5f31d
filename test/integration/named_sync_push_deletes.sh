#!/usr/bin/env bash
# Named syncs, deletes => 'compare' (push): after the upsert, remote rows whose
# key no local row has are deleted in the same remote transaction, exactly
# counted; the max_delete_fraction guard fails the run and leaves SQL Server
# as it was (the upsert too); a local_filter needs its remote_filter twin, and
# only remote rows within the remote_filter are compared.
source "$(dirname "$0")/lib.sh"
require_mssql
create_mssql_server mssql >/dev/null

run() { pg -c "SELECT rows_read, rows_inserted, rows_updated, rows_unchanged, rows_deleted FROM mssql_upsert_sync_run('$1')"; }
remote_rows() { mssql_rows "SELECT Id, Region, Label FROM dbo.PushDelItems ORDER BY Id"; }
local_rows() { pg -c "SELECT string_agg(concat_ws(':', id, region, label), ' ' ORDER BY id) FROM push_del_items"; }

pg -c "DELETE FROM mssql_upsert_sync_definitions; DELETE FROM mssql_upsert_sync_runs"
mssql "IF OBJECT_ID('dbo.PushDelItems') IS NOT NULL DROP TABLE dbo.PushDelItems" >/dev/null
mssql "CREATE TABLE dbo.PushDelItems (Id int NOT NULL PRIMARY KEY, Region nvarchar(5), Label nvarchar(20))" >/dev/null
pg -c "SET client_min_messages = warning; DROP TABLE IF EXISTS push_del_items;
       CREATE TABLE push_del_items (id int PRIMARY KEY, region text, label text);
       INSERT INTO push_del_items SELECT g, CASE WHEN g % 3 = 0 THEN 'US' ELSE 'EU' END, 'l' || g FROM generate_series(1, 10) g"
pg -c "SELECT mssql_upsert_sync_define('out', 'push', 'mssql', 'dbo.PushDelItems', 'push_del_items', deletes => 'compare', chunk_rows => 3)" >/dev/null

is "$(run out)" "10|10|0|0|0" "first run: every row, nothing to delete"
is "$(remote_rows)" "$(local_rows)" "SQL Server holds the local rows"
pg -c "DELETE FROM push_del_items WHERE id IN (2, 7); UPDATE push_del_items SET label = 'L5' WHERE id = 5"
mssql "INSERT INTO dbo.PushDelItems VALUES (42, N'EU', N'remote only')" >/dev/null
is "$(run out)" "8|0|1|7|3" "after two local deletes (and a remote-only row): 3 remote rows deleted, exactly"
is "$(mssql_rows "SELECT Id FROM dbo.PushDelItems ORDER BY Id")" "1 3 4 5 6 8 9 10" \
   "SQL Server keeps exactly the local keys"
is "$(mssql "SELECT Label FROM dbo.PushDelItems WHERE Id = 5")" "L5" "the update of the same run arrived"
is "$(run out)" "8|0|0|8|0" "the next compare deletes nothing"
is "$(pg -c "SELECT rows_deleted, status FROM mssql_upsert_sync_runs ORDER BY run_id DESC LIMIT 1")" "0|ok" "the history has the run"

# --- the guard: an emptied local table must not wipe SQL Server ----------------------
pg -c "DELETE FROM push_del_items WHERE id > 3; UPDATE push_del_items SET label = 'changed' WHERE id = 1"
ids_labels() { mssql_rows "SELECT Id, Label FROM dbo.PushDelItems ORDER BY Id"; }
before=$(ids_labels)
out=$(pg_script <<'SQL'
SELECT rows_deleted FROM mssql_upsert_sync_run('out');
SELECT count(*) FROM push_del_items;
SQL
)
like "$out" 'ERROR:  22000: sync "out": the compare would delete 6 of 8 rows of \[dbo\]\.\[PushDelItems\], more than max_delete_fraction 0\.5' \
     "deleting 6 of 8 remote rows (more than 0.5) fails the run with a clear error"
like "$out" 'HINT:  If the local table really lost those rows, raise max_delete_fraction' "... with a hint"
is "${out##*$'\n'}" "2" "... and the same session goes on"
is "$(ids_labels)" "$before" \
   "SQL Server is unchanged: no row deleted, and the upsert of the refused run (label 'changed') rolled back too"
is "$(pg -c "SELECT status, error_sqlstate FROM mssql_upsert_sync_runs ORDER BY run_id DESC LIMIT 1")" "failed|22000" "the refused run is in the history"
pg -c "SELECT mssql_upsert_sync_define('out', 'push', 'mssql', 'dbo.PushDelItems', 'push_del_items', deletes => 'compare', max_delete_fraction => 0.8)" >/dev/null
is "$(run out)" "2|0|1|1|6" "with max_delete_fraction 0.8 the same run updates one row and deletes the 6"
is "$(ids_labels)" "1:changed 3:l3" \
   "SQL Server now mirrors the local table"

# --- filters: a region at a time -------------------------------------------------------
pg -c "TRUNCATE push_del_items; INSERT INTO push_del_items SELECT g, CASE WHEN g % 2 = 0 THEN 'US' ELSE 'EU' END, 'r' || g FROM generate_series(1, 8) g"
mssql "DELETE FROM dbo.PushDelItems" >/dev/null
pg -c "SELECT mssql_upsert_sync_define('out', 'push', 'mssql', 'dbo.PushDelItems', 'push_del_items')" >/dev/null
is "$(run out)" "8|8|0|0|0" "a full push without compare"
out=$(pg_script <<'SQL'
SELECT mssql_upsert_sync_define('eu', 'push', 'mssql', 'dbo.PushDelItems', 'push_del_items', deletes => 'compare', local_filter => 'region = ''EU''');
SELECT mssql_upsert_sync_define('eu', 'push', 'mssql', 'dbo.PushDelItems', 'push_del_items', remote_filter => 'Region = N''EU''');
SELECT mssql_upsert_sync_define('eu', 'push', 'mssql', 'dbo.PushDelItems', 'push_del_items', deletes => 'compare', remote_filter => 'Region = N''EU''', local_filter => 'regio = ''EU''');
SELECT count(*) FROM mssql_upsert_sync_definitions WHERE name = 'eu';
SELECT mssql_upsert_sync_define('eu', 'push', 'mssql', 'dbo.PushDelItems', 'push_del_items', deletes => 'compare', remote_filter => 'Region = N''EU''', local_filter => 'region = ''EU''');
SQL
)
like "$out" "ERROR:  22023: sync \"eu\": deletes => 'compare' with a local_filter would delete every remote row the filter leaves out" \
     "a push compare with a local_filter alone is refused"
like "$out" "HINT:  Also pass remote_filter => '...', the same predicate over the remote table's columns" "... and the hint says how"
like "$out" "ERROR:  22023: sync \"eu\": a push reads no remote rows: remote_filter is only used by deletes => 'compare'" \
     "a push remote_filter without compare is refused, not ignored"
like "$out" 'ERROR:  42703: column "regio" does not exist' "a local_filter naming no column is refused at definition time"
like "$out" $'\n0$' "... and nothing was defined"
is "$(pg -c "SELECT name, local_filter, remote_filter FROM mssql_upsert_sync_definitions WHERE name = 'eu'")" "eu|region = 'EU'|Region = N'EU'" \
   "with both filters the definition is stored"
pg -c "DELETE FROM push_del_items WHERE id IN (3, 4)"
mssql "INSERT INTO dbo.PushDelItems VALUES (21, N'EU', N'remote EU'), (22, N'US', N'remote US')" >/dev/null
is "$(run eu)" "6|0|0|6|2" "an EU run pushes the 6 local rows and deletes the 2 remote EU rows without a local EU twin"
is "$(mssql_rows "SELECT Id FROM dbo.PushDelItems ORDER BY Id")" "1 2 4 5 6 7 8 22" \
   "remote rows outside the remote_filter (US, even remote-only or deleted locally) are left alone"

pg -c "DELETE FROM mssql_upsert_sync_definitions WHERE name IN ('out', 'eu'); DROP TABLE push_del_items"
mssql "DROP TABLE dbo.PushDelItems" >/dev/null
done_testing
