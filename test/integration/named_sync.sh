#!/usr/bin/env bash
# Named syncs: definitions (checked as the pull and push check), runs, history
# (failed runs too), concurrent runs, owners. See README.md, "Named syncs".
source "$(dirname "$0")/lib.sh"
require_mssql
create_mssql_server mssql >/dev/null

# A psql session that goes on after an error; SQLSTATEs shown, CONTEXT and LOCATION lines left out.
run() { pg -c "SELECT status, rows_read, rows_inserted, rows_updated, rows_unchanged, rows_deleted FROM mssql_upsert_sync_run('$1')"; }

pg -c "DELETE FROM mssql_upsert_sync_definitions; DELETE FROM mssql_upsert_sync_runs"
mssql "IF OBJECT_ID('dbo.NsOrders') IS NOT NULL DROP TABLE dbo.NsOrders" >/dev/null
mssql "CREATE TABLE dbo.NsOrders (Id int NOT NULL PRIMARY KEY, Label nvarchar(20), Qty int, ModifiedAt datetime2(7))" >/dev/null
mssql "INSERT INTO dbo.NsOrders VALUES (1, N'one', 1, '2024-01-01 10:00:00'), (2, N'two', 2, '2024-01-01 10:00:01'), (3, N'three', 3, '2024-01-01 10:00:02')" >/dev/null
pg -c "DROP TABLE IF EXISTS ns_orders, ns_nokey; CREATE TABLE ns_orders (id int PRIMARY KEY, label text, qty int CHECK (qty < 100), modifiedat timestamp);
       CREATE TABLE ns_nokey (id int, label text)"

# --- definitions: created, shown, checked as a pull checks -------------------------
pg -c "SELECT mssql_upsert_sync_define('orders', 'pull', 'mssql', 'dbo.NsOrders', 'ns_orders', chunk_rows => 1)" >/dev/null
is "$(pg -c "SELECT name, direction, server, remote_table, local_table, incremental, deletes, coalesce(watermark, 'NULL'), coalesce(last_status, 'never') FROM mssql_upsert_syncs")" \
   "orders|pull|mssql|dbo.NsOrders|public.ns_orders|none|none|NULL|never" "a defined sync is listed by mssql_upsert_syncs, never run"
out=$(pg_script <<'SQL'
SELECT mssql_upsert_sync_define('bad', 'pull', 'nosrv', 'dbo.NsOrders', 'ns_orders');
SELECT mssql_upsert_sync_define('bad', 'pull', 'mssql', 'dbo.NsMissing', 'ns_orders');
SELECT mssql_upsert_sync_define('bad', 'pull', 'mssql', 'dbo.NsOrders', 'ns_missing');
SELECT mssql_upsert_sync_define('bad', 'pull', 'mssql', 'dbo.NsOrders', 'ns_nokey');
SELECT mssql_upsert_sync_define('bad', 'pull', 'mssql', 'dbo.NsOrders', 'ns_orders', incremental => 'column', watermark_column => 'Nope');
SELECT mssql_upsert_sync_define('bad', 'pull', 'mssql', 'dbo.NsOrders', 'ns_orders', incremental => 'column', watermark_column => 'Label');
SELECT mssql_upsert_sync_define('bad', 'pull', 'mssql', 'dbo.NsOrders', 'ns_orders', incremental => 'column');
SELECT mssql_upsert_sync_define('bad', 'sideways', 'mssql', 'dbo.NsOrders', 'ns_orders');
SELECT mssql_upsert_sync_define('bad', 'push', 'mssql', 'dbo.NsOrders', 'ns_orders', incremental => 'rowversion', watermark_column => 'x');
SELECT mssql_upsert_sync_define('bad', 'pull', 'mssql', 'dbo.NsOrders', 'ns_orders', columns => ARRAY['nope']);
SELECT mssql_upsert_sync_define('bad', 'push', 'mssql', 'dbo.NsOrders', 'ns_orders', incremental => 'column', watermark_column => 'label');
SELECT mssql_upsert_sync_define('bad', 'pull', 'mssql', 'dbo.NsOrders', 'ns_orders', remote_filter => 'Qty > 1)');
SELECT mssql_upsert_sync_define(NULL, 'pull', 'mssql', 'dbo.NsOrders', 'ns_orders');
SELECT count(*) FROM mssql_upsert_sync_definitions;
SQL
)
like "$out" 'ERROR:  42704: server "nosrv" does not exist' "unknown server: the pull's error"
like "$out" "ERROR:  HV000: SQL Server error 208: Invalid object name 'dbo.nsmissing'" "missing remote table: SQL Server's error"
like "$out" 'ERROR:  42P01: relation "ns_missing" does not exist' "missing local table"
like "$out" 'ERROR:  42P10: local table public.ns_nokey has no primary key' "no key: the pull's error"
like "$out" 'ERROR:  42703: watermark column "Nope" does not exist in remote table \[dbo\]\.\[NsOrders\]' "no such watermark column"
like "$out" "ERROR:  42804: watermark column \"Label\" of remote table \[dbo\]\.\[NsOrders\] is [a-z]+\([0-9]+\); incremental => 'column' needs datetime, datetime2, int or bigint" "wrong watermark type"
like "$out" "ERROR:  22023: sync \"bad\": incremental => 'column' needs watermark_column" "incremental without a watermark column"
like "$out" "ERROR:  22023: argument \"direction\" must be 'pull' or 'push', not 'sideways'" "unknown direction"
like "$out" "ERROR:  0A000: sync \"bad\": incremental => 'rowversion' reads a SQL Server rowversion column and is for pulls only" "rowversion push refused"
like "$out" 'ERROR:  42703: column "nope"' "unknown column in columns: the pull's error"
like "$out" "ERROR:  42804: watermark column \"label\" of local table public.ns_orders is text; a push's incremental => 'column' needs timestamp" "push: wrong local watermark type"
like "$out" 'ERROR:  42601: ' "a remote_filter that leaves its parentheses is refused at definition time"
like "$out" 'ERROR:  22023: argument "name" must not be NULL or empty' "NULL name"
is "${out##*$'\n'}" "1" "... and the same session goes on: no refused definition was stored"

# --- replace keeps the watermark unless what it measures changed; drop; reset ---------
pg -c "UPDATE mssql_upsert_sync_definitions SET watermark = '7'"
pg -c "SELECT mssql_upsert_sync_define('orders', 'pull', 'mssql', 'dbo.NsOrders', 'ns_orders', chunk_rows => 2)" >/dev/null
is "$(pg -c "SELECT chunk_rows, watermark FROM mssql_upsert_sync_definitions WHERE name = 'orders'")" "2|7" "replace with a new chunk_rows keeps the watermark"
pg -c "SELECT mssql_upsert_sync_define('orders', 'pull', 'mssql', 'dbo.NsOrders', 'ns_orders', chunk_rows => 1, incremental => 'column', watermark_column => 'ModifiedAt')" >/dev/null
is "$(pg -c "SELECT chunk_rows, coalesce(watermark, 'NULL') FROM mssql_upsert_sync_definitions WHERE name = 'orders'")" "1|NULL" "replace with a new incremental mode forgets it"
pg -c "UPDATE mssql_upsert_sync_definitions SET watermark = '2024-01-01 00:00:00'"
pg -c "SELECT mssql_upsert_sync_reset('orders')" >/dev/null
is "$(pg -c "SELECT coalesce(watermark, 'NULL') FROM mssql_upsert_sync_definitions")" "NULL" "reset forgets the watermark"
like "$(pg_error -v VERBOSITY=verbose -c "SELECT mssql_upsert_sync_drop('nope')")" 'ERROR:  42704: sync "nope" does not exist' "drop of an unknown sync"
like "$(pg_error -v VERBOSITY=verbose -c "SELECT mssql_upsert_sync_reset('nope')")" 'ERROR:  42704: sync "nope" does not exist' "reset of an unknown sync"
like "$(pg_error -v VERBOSITY=verbose -c "SELECT * FROM mssql_upsert_sync_run('nope')")" 'ERROR:  42704: sync "nope" does not exist' "run of an unknown sync"
"$("${PG_CONFIG:-pg_config}" --bindir)/pg_dump" -a | grep -A1 '^COPY public.mssql_upsert_sync_definitions ' | grep -q '^orders	'
ok $? "pg_dump keeps the definition rows (pg_extension_config_dump)"

# --- runs: counts, history, the view ---------------------------------------------------
pg -c "SELECT mssql_upsert_sync_define('orders', 'pull', 'mssql', 'dbo.NsOrders', 'ns_orders', chunk_rows => 1)" >/dev/null
is "$(run orders)" "ok|3|3|0|0|0" "first run inserts the three remote rows"
mssql "UPDATE dbo.NsOrders SET Label = N'uno' WHERE Id = 1; INSERT INTO dbo.NsOrders VALUES (4, N'four', 4, '2024-01-01 10:00:03')" >/dev/null
is "$(run orders)" "ok|4|1|1|2|0" "second run after an insert and an update: exact counts"
is "$(pg -c "SELECT string_agg(id || ':' || label, ' ' ORDER BY id) FROM ns_orders")" "1:uno 2:two 3:three 4:four" "the target equals the source"
is "$(pg -c "SELECT string_agg(status || ':' || rows_read || ':' || rows_inserted || ':' || rows_updated, ' ' ORDER BY run_id) FROM mssql_upsert_sync_runs WHERE sync_name = 'orders'")" \
   "ok:3:3:0 ok:4:1:1" "both runs are in mssql_upsert_sync_runs with their counts"
is "$(pg -c "SELECT last_status, last_rows_read, last_rows_inserted, last_rows_updated, last_rows_unchanged, last_run_at IS NOT NULL FROM mssql_upsert_syncs")" "ok|4|1|1|2|t" "the view shows the last run"
is "$(pg -c "BEGIN; SELECT status FROM mssql_upsert_sync_run('orders'); ROLLBACK; SELECT count(*) FROM mssql_upsert_sync_runs")" "ok
2" "an ok run rolled back by its caller leaves no history row (it never happened)"

# --- a failed run: recorded with its error, data unchanged, error raised ------------
mssql "UPDATE dbo.NsOrders SET Label = N'changed' WHERE Id = 2; UPDATE dbo.NsOrders SET Qty = 500 WHERE Id = 3" >/dev/null
before=$(pg -c "SELECT string_agg(id || ':' || label || ':' || qty, ' ' ORDER BY id) FROM ns_orders")
out=$(pg_script <<'SQL'
SELECT status FROM mssql_upsert_sync_run('orders');
SELECT status, rows_read FROM mssql_upsert_sync_run('orders');
SQL
)
like "$out" 'ERROR:  23514: new row for relation "ns_orders" violates check constraint "ns_orders_qty_check"' "a run that fails in its third chunk raises the error (pg_cron marks the job failed)"
is "$(pg -c "SELECT string_agg(id || ':' || label || ':' || qty, ' ' ORDER BY id) FROM ns_orders")" "$before" "... and its earlier chunks rolled back: the data is unchanged"
is "$(pg -c "SELECT status, error_sqlstate, error_message, rows_read IS NULL FROM mssql_upsert_sync_runs ORDER BY run_id DESC LIMIT 1")" \
   'failed|23514|new row for relation "ns_orders" violates check constraint "ns_orders_qty_check"|t' \
   "the failed run is in the history with its error and SQLSTATE although its transaction rolled back"
is "$(pg -c "SELECT count(*) FROM mssql_upsert_sync_runs WHERE status = 'failed'")" "2" "the second call in the same session failed the same way and was recorded too"
is "$(pg -c "SELECT last_status, last_error FROM mssql_upsert_syncs")" 'failed|new row for relation "ns_orders" violates check constraint "ns_orders_qty_check"' "the view shows the failure"
mssql "UPDATE dbo.NsOrders SET Qty = 3 WHERE Id = 3" >/dev/null
out=$(pg_script <<'SQL'
SELECT status FROM mssql_upsert_sync_run('orders');
SELECT status, rows_read, rows_updated FROM mssql_upsert_sync_run('orders');
SQL
)
is "$out" "ok
ok|4|0" "with the source fixed, the next call in the same session succeeds, and the one after it finds nothing to change"
is "$(pg -c "SELECT string_agg(status, ' ' ORDER BY run_id) FROM mssql_upsert_sync_runs")" "ok ok failed failed ok ok" "the next runs succeed and are recorded"
is "$(pg -c "SELECT label FROM ns_orders WHERE id = 2")" "changed" "... and bring the change the failed run could not"

# --- runs of one sync never overlap: the second fails at once ----------------------------
psql -X -q -At -c "BEGIN; SELECT status FROM mssql_upsert_sync_run('orders'); SELECT pg_sleep(4); COMMIT;" >/tmp/named_sync_first.$$ 2>&1 &
first=$!
sleep 1.5
started=$(date +%s%N)
out=$(pg_error -v VERBOSITY=verbose -c "SELECT * FROM mssql_upsert_sync_run('orders')")
elapsed_ms=$(( ($(date +%s%N) - started) / 1000000 ))
like "$out" 'ERROR:  55P03: sync "orders" is already running in another session' "a concurrent run of the same sync is refused with a clear error"
like "$out" "HINT:  Runs of one sync never overlap: this call did not wait" "... and a hint saying it did not wait"
(( elapsed_ms < 1500 )); ok $? "it fails fast instead of waiting (${elapsed_ms} ms)"
wait $first
is "$(cat /tmp/named_sync_first.$$ | head -1)" "ok" "the first run went on and committed"
rm -f /tmp/named_sync_first.$$
pg -c "SELECT mssql_upsert_sync_define('orders2', 'pull', 'mssql', 'dbo.NsOrders', 'ns_orders')" >/dev/null
psql -X -q -At -c "BEGIN; SELECT status FROM mssql_upsert_sync_run('orders'); SELECT pg_sleep(3); COMMIT;" >/dev/null 2>&1 &
first=$!
sleep 1.5
is "$(run orders2)" "ok|4|0|0|4|0" "another sync runs meanwhile"
wait $first

# --- run_all: one row per sync; a failing one does not stop the others -----------------
mssql "UPDATE dbo.NsOrders SET Qty = 700 WHERE Id = 4" >/dev/null
pg -c "DROP TABLE IF EXISTS ns_copy; CREATE TABLE ns_copy (id int PRIMARY KEY, label text, qty int)"
pg -c "SELECT mssql_upsert_sync_define('copy', 'pull', 'mssql', 'dbo.NsOrders', 'ns_copy')" >/dev/null
pg -c "DROP TABLE IF EXISTS ns_after; CREATE TABLE ns_after (id int PRIMARY KEY, label text)"
pg -c "SELECT mssql_upsert_sync_define('zz_after', 'pull', 'mssql', 'dbo.NsOrders', 'ns_after')" >/dev/null
out=$(pg_error -c "SELECT name, status, rows_read, rows_inserted FROM mssql_upsert_sync_run_all()")
like "$out" 'WARNING:  sync "orders" failed \(SQLSTATE 23514\)' "run_all warns about the failing sync"
like "$out" "copy\|ok\|4\|4" "run_all: 'copy' ran"
like "$out" "orders\|failed\|\|" "run_all: 'orders' failed"
like "$out" "orders2\|failed\|\|" "run_all: 'orders2' (same target) failed too"
like "$out" "zz_after\|ok\|4\|4" "run_all: a sync after the failed ones, on the same server, still runs (the failed run's connection was dropped with its subtransaction)"
is "$(pg -c "SELECT count(*) FROM ns_copy")" "4" "the successful sync of run_all committed"
mssql "UPDATE dbo.NsOrders SET Qty = 4 WHERE Id = 4" >/dev/null

# --- owners: a role without USAGE is refused at definition; roles see their own syncs ------
pg -c "DROP OWNED BY ns_user; DROP ROLE IF EXISTS ns_user" 2>/dev/null
pg -c "DROP ROLE IF EXISTS ns_user; CREATE ROLE ns_user LOGIN; GRANT SELECT, INSERT, UPDATE ON ns_copy TO ns_user"
like "$(pg_error -v VERBOSITY=verbose -U ns_user -c "SELECT mssql_upsert_sync_define('mine', 'pull', 'mssql', 'dbo.NsOrders', 'ns_copy')")" \
   'ERROR:  42501: permission denied for foreign server mssql' "a non-superuser without USAGE on the server is refused at definition time"
is "$(pg -c "SELECT count(*) FROM mssql_upsert_sync_definitions WHERE name = 'mine'")" "0" "... and nothing was stored"
pg -c "GRANT USAGE ON FOREIGN SERVER mssql TO ns_user; CREATE USER MAPPING FOR ns_user SERVER mssql OPTIONS (username '$MSSQL_USER', password '$MSSQL_PASSWORD')"
pg -U ns_user -c "SELECT mssql_upsert_sync_define('mine', 'pull', 'mssql', 'dbo.NsOrders', 'ns_copy')" >/dev/null
is "$(pg -U ns_user -c "SELECT string_agg(name, ',') FROM mssql_upsert_syncs")" "mine" "with USAGE it may; it sees only its own syncs"
is "$(pg -U ns_user -c "SELECT status, rows_read FROM mssql_upsert_sync_run('mine')")" "ok|4" "and runs it"
like "$(pg_error -v VERBOSITY=verbose -U ns_user -c "SELECT * FROM mssql_upsert_sync_run('orders')")" 'ERROR:  42704: sync "orders" does not exist' "another role's sync is not visible to it"
like "$(pg_error -v VERBOSITY=verbose -U ns_user -c "SELECT mssql_upsert_sync_define('orders', 'pull', 'mssql', 'dbo.NsOrders', 'ns_copy')")" 'ERROR:  42501: new row violates row-level security policy' "nor can it replace it"
pg -c "REVOKE SELECT, INSERT, UPDATE ON ns_copy FROM ns_user"
out=$(pg_error -v VERBOSITY=verbose -U ns_user -c "SELECT * FROM mssql_upsert_sync_run('mine')")
like "$out" 'ERROR:  42501: permission denied for table ns_copy' "a run checks the caller's privileges again"
is "$(pg -c "SELECT owner, status, error_sqlstate FROM mssql_upsert_sync_runs WHERE sync_name = 'mine' ORDER BY run_id DESC LIMIT 1")" "ns_user|failed|42501" "... and its failure was recorded as the role"
pg -c "SELECT mssql_upsert_sync_drop('mine')" >/dev/null
pg -c "DROP USER MAPPING FOR ns_user SERVER mssql; REVOKE USAGE ON FOREIGN SERVER mssql FROM ns_user; DROP ROLE ns_user"

# --- retention ----------------------------------------------------------------------------
pg -c "UPDATE mssql_upsert_sync_runs SET finished_at = finished_at - interval '40 days' WHERE sync_name = 'orders'"
latest=$(pg -c "SELECT max(run_id) FROM mssql_upsert_sync_runs WHERE sync_name = 'orders'")
total=$(pg -c "SELECT count(*) FROM mssql_upsert_sync_runs WHERE sync_name = 'orders'")
is "$(pg -c "SELECT mssql_upsert_sync_prune_runs()")" "$((total - 1))" "prune_runs deletes runs older than 30 days"
is "$(pg -c "SELECT string_agg(run_id::text, ',') FROM mssql_upsert_sync_runs WHERE sync_name = 'orders'")" "$latest" "... but keeps each sync's latest run"
pg -c "SELECT mssql_upsert_sync_prune_runs('0')" >/dev/null
is "$(pg -c "SELECT count(*) = count(DISTINCT sync_name) FROM mssql_upsert_sync_runs")" "t" "prune_runs('0') leaves exactly one run per sync"

pg -c "DELETE FROM mssql_upsert_sync_definitions; DELETE FROM mssql_upsert_sync_runs"
pg -c "DROP TABLE IF EXISTS ns_after, ns_copy, ns_orders, ns_nokey"
done_testing
