#!/usr/bin/env bash
# Named syncs, deletes => 'compare' (pull): local rows whose key is absent
# remotely are deleted, exactly counted; the max_delete_fraction guard fails
# the run and deletes nothing; a remote_filter needs its local_filter twin.
source "$(dirname "$0")/lib.sh"
require_mssql
create_mssql_server mssql >/dev/null

run() { pg -c "SELECT rows_read, rows_inserted, rows_updated, rows_unchanged, rows_deleted FROM mssql_upsert_sync_run('$1')"; }
remote_rows() { mssql_rows "SELECT Id, Region, Label FROM dbo.DelItems ORDER BY Id"; }
local_rows() { pg -c "SELECT string_agg(concat_ws(':', id, region, label), ' ' ORDER BY id) FROM del_items"; }

pg -c "DELETE FROM mssql_upsert_sync_definitions; DELETE FROM mssql_upsert_sync_runs"
mssql "IF OBJECT_ID('dbo.DelItems') IS NOT NULL DROP TABLE dbo.DelItems" >/dev/null
mssql "CREATE TABLE dbo.DelItems (Id int NOT NULL PRIMARY KEY, Region nvarchar(5), Label nvarchar(20))" >/dev/null
mssql "INSERT INTO dbo.DelItems VALUES (1, N'EU', N'a'), (2, N'EU', N'b'), (3, N'US', N'c'), (4, N'US', N'd'), (5, N'EU', N'e'), (6, N'EU', N'f'), (7, N'US', N'g'), (8, N'EU', N'h'), (9, N'EU', N'i'), (10, N'US', N'j')" >/dev/null
pg -c "DROP TABLE IF EXISTS del_items; CREATE TABLE del_items (id int PRIMARY KEY, region text, label text)"
pg -c "SELECT mssql_upsert_sync_define('items', 'pull', 'mssql', 'dbo.DelItems', 'del_items', deletes => 'compare', chunk_rows => 3)" >/dev/null

is "$(run items)" "10|10|0|0|0" "first run: every row, nothing to delete"
mssql "DELETE FROM dbo.DelItems WHERE Id IN (2, 7); UPDATE dbo.DelItems SET Label = N'E' WHERE Id = 5" >/dev/null
pg -c "INSERT INTO del_items VALUES (42, 'EU', 'local only')"
is "$(run items)" "8|0|1|7|3" "after two remote deletes (and a local-only row): 3 rows deleted, exactly"
is "$(local_rows)" "$(remote_rows)" "the target equals the source row for row"
is "$(run items)" "8|0|0|8|0" "the next compare deletes nothing"
is "$(pg_error -c "SELECT rows_deleted FROM mssql_upsert_sync_run('items')")" "0" \
   "a compare in a new session sends no NOTICE (its key table is dropped only when it exists)"

# --- the guard: an emptied source must not wipe the target ----------------------------
mssql "DELETE FROM dbo.DelItems WHERE Id > 3" >/dev/null
before=$(local_rows)
out=$(pg_script <<'SQL'
SELECT rows_deleted FROM mssql_upsert_sync_run('items');
SELECT count(*) FROM del_items;
SQL
)
like "$out" 'ERROR:  22000: sync "items": the compare would delete 6 of 8 rows of public.del_items, more than max_delete_fraction 0.5' "deleting 6 of 8 rows (more than 0.5) fails the run with a clear error"
like "$out" 'HINT:  If the remote table really lost those rows, raise max_delete_fraction' "... with a hint"
is "${out##*$'\n'}" "8" "... and deletes nothing (same session)"
is "$(local_rows)" "$before" "the target is unchanged"
is "$(pg -c "SELECT status, error_sqlstate FROM mssql_upsert_sync_runs ORDER BY run_id DESC LIMIT 1")" "failed|22000" "the refused run is in the history"
pg -c "SELECT mssql_upsert_sync_define('items', 'pull', 'mssql', 'dbo.DelItems', 'del_items', deletes => 'compare', max_delete_fraction => 0.75)" >/dev/null
is "$(run items)" "2|0|0|2|6" "with max_delete_fraction 0.75 the same run deletes the 6 rows (exactly 0.75 is allowed)"
is "$(local_rows)" "$(remote_rows)" "the target equals the source"
mssql "DELETE FROM dbo.DelItems" >/dev/null
like "$(pg_error -c "SELECT * FROM mssql_upsert_sync_run('items')")" 'would delete 2 of 2 rows' "an emptied remote table is refused"
is "$(pg -c "SELECT count(*) FROM del_items")" "2" "... and the target keeps its rows"

# --- compare with a remote_filter: only with its local twin ---------------------------
mssql "INSERT INTO dbo.DelItems VALUES (1, N'EU', N'a'), (2, N'EU', N'b'), (3, N'US', N'c'), (4, N'US', N'd')" >/dev/null
pg -c "TRUNCATE del_items; INSERT INTO del_items VALUES (3, 'US', 'c'), (4, 'US', 'd'), (20, 'US', 'local US')"
out=$(pg_script <<'SQL'
SELECT mssql_upsert_sync_define('eu', 'pull', 'mssql', 'dbo.DelItems', 'del_items', remote_filter => 'Region = N''EU''', deletes => 'compare');
SELECT mssql_upsert_sync_define('eu', 'pull', 'mssql', 'dbo.DelItems', 'del_items', remote_filter => 'Region = N''EU''', deletes => 'compare', local_filter => 'region = ''EU''; DELETE FROM del_items');
SELECT mssql_upsert_sync_define('eu', 'pull', 'mssql', 'dbo.DelItems', 'del_items', remote_filter => 'Region = N''EU''', deletes => 'compare', local_filter => 'true); DELETE FROM del_items; SELECT (1');
SELECT count(*) FROM del_items;
SELECT mssql_upsert_sync_define('eu', 'pull', 'mssql', 'dbo.DelItems', 'del_items', remote_filter => 'Region = N''EU''', deletes => 'compare', local_filter => 'regio = ''EU''');
SELECT mssql_upsert_sync_define('eu', 'push', 'mssql', 'dbo.DelItems', 'del_items', remote_filter => 'Region = N''EU''');
SELECT mssql_upsert_sync_define('eu', 'pull', 'mssql', 'dbo.DelItems', 'del_items', remote_filter => 'Region = N''EU''', deletes => 'compare', local_filter => 'region = ''EU''');
SQL
)
like "$out" "ERROR:  22023: sync \"eu\": deletes => 'compare' with a remote_filter would delete every local row the filter leaves out" "compare with a remote_filter alone is refused"
like "$out" "HINT:  Also pass local_filter => '...', the same predicate over the local table's columns" "... and the hint says how"
like "$out" 'ERROR:  42601: syntax error at or near ";"' "a local_filter with a second statement inside is refused"
like "$out" 'ERROR:  42601: local_filter must be one predicate, not several statements' "a local_filter that closes its parenthesis and starts a statement is refused"
like "$out" $'\n3\n' "... before anything ran: the target still has its 3 rows"
like "$out" 'ERROR:  42703: column "regio" does not exist' "a local_filter naming no column is refused at definition time"
like "$out" "ERROR:  22023: sync \"eu\": a push reads no remote rows: remote_filter is only used by deletes => 'compare'" \
     "a push's remote_filter without compare is refused (push compares: named_sync_push_deletes.sh)"
is "$(pg -c "SELECT name, local_filter FROM mssql_upsert_sync_definitions WHERE name = 'eu'")" "eu|region = 'EU'" "with local_filter the definition is stored"
pg -c "INSERT INTO del_items VALUES (30, 'EU', 'local EU')"
is "$(run eu)" "2|2|0|0|1" "an EU run inserts the 2 EU rows and deletes only the local EU row absent remotely"
is "$(pg -c "SELECT string_agg(id::text, ',' ORDER BY id) FROM del_items")" "1,2,3,4,20" "rows outside the filter (US, even local-only) are left alone"

# A definition row is the owner's to UPDATE directly, past the define-time
# checks: a run still sends each statement alone.
out=$(pg_script <<'SQL'
UPDATE mssql_upsert_sync_definitions SET local_filter = 'true); DELETE FROM del_items; SELECT (1' WHERE name = 'eu';
SELECT * FROM mssql_upsert_sync_run('eu');
SELECT count(*) FROM del_items;
SQL
)
like "$out" 'ERROR:  42601: expected one SQL statement, not several' "a local_filter written into the definition table cannot add a statement to a run"
like "$out" $'\n5$' "... and the table keeps its 5 rows (same session)"

pg -c "DELETE FROM mssql_upsert_sync_definitions; DELETE FROM mssql_upsert_sync_runs"
done_testing
