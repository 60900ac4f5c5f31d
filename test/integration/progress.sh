#!/usr/bin/env bash
# The progress view: another session sees a running pull, push and named sync
# (kind, name, phase, rows read and written, chunks, rate), the row goes when
# the call ends, fails or is cancelled, and another role sees only pid, kind
# and start. The calls are slowed by the test server's link simulation, so
# this runs against the TDS test server only.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/session.bash"
require_mssql
[[ "${MSSQL_IS_TEST_SERVER:-0}" == 1 ]] || skip_all "needs the TDS test server's link simulation to slow the calls down"
[[ "$(pg -c "SHOW shared_preload_libraries")" == *mssql_upsert_fdw* ]] || skip_all "mssql_upsert_fdw is not preloaded"
trap 'mssql "EXEC tds_test_fault @kind = '"'"'clear'"'"'" >/dev/null 2>&1' EXIT
create_mssql_server mssql >/dev/null

mssql "IF OBJECT_ID('dbo.ProgressRows') IS NOT NULL DROP TABLE dbo.ProgressRows" >/dev/null
mssql "CREATE TABLE dbo.ProgressRows (Id int NOT NULL PRIMARY KEY, Pad nvarchar(100))" >/dev/null
pg -c "SET client_min_messages = warning; DROP TABLE IF EXISTS progress_src, progress_rows;
       CREATE TABLE progress_src (id int PRIMARY KEY, pad text); CREATE TABLE progress_rows (id int PRIMARY KEY, pad text);
       INSERT INTO progress_src SELECT g, repeat('p', 100) FROM generate_series(1, 20000) g"
is "$(pg -c "SELECT rows_inserted FROM mssql_upsert_push('progress_src', 'mssql', 'dbo.ProgressRows')")" "20000" "20,000 remote rows"
is "$(pg -c "SELECT count(*) FROM mssql_upsert_progress")" "0" "no call runs: the view is empty"

session_start || { ok 1 "a psql session starts"; done_testing; exit 1; }
# Seen from here while the session's call runs: its row, polled until it has counted a chunk.
watch() { # condition on the row -> the row, or "none" after 30 s
  local row
  for _ in $(seq 1 300); do
    row=$(pg -c "SELECT concat_ws('|', kind, name, phase, rows_read, rows_written, chunks_done,
                   started_at <= now(), rows_per_second > 0) FROM mssql_upsert_progress WHERE pid = $SESSION_PID AND ($1)")
    [[ -n $row ]] && { echo "$row"; return; }
    sleep 0.1
  done
  echo none
}
# 2 MB of rows at 4 Mbit/s: about 5 s for the pull to read them.
mssql "EXEC tds_test_fault @kind = 'link', @bandwidth_mbit = 4" >/dev/null
session_send "SELECT rows_read FROM mssql_upsert_pull('mssql', 'dbo.ProgressRows', 'progress_rows', chunk_rows => 1000)"
row=$(watch "chunks_done > 0")
like "$row" '^pull\|\[dbo\]\.\[ProgressRows\] -> public\.progress_rows\|(reading|writing)\|[0-9]+000\|[0-9]+000\|[0-9]+\|t\|t$' \
     "a running pull: kind, what it moves, its phase, rows read and written by whole chunks, a rate"
IFS='|' read -r _ _ _ read_so_far _ _ <<<"$row"
[[ $read_so_far -gt 0 && $read_so_far -lt 20000 ]] && mid=yes || mid="no ($read_so_far)"
is "$mid" "yes" "... seen while it runs (rows_read between 0 and 20,000)"
is "$(pg -c "SET ROLE pg_monitor; SELECT count(*) FROM mssql_upsert_progress WHERE pid = $SESSION_PID AND name IS NOT NULL")" "1" \
   "pg_read_all_stats (through pg_monitor) sees the details"
pg -c "SET client_min_messages = warning; DROP ROLE IF EXISTS progress_other; CREATE ROLE progress_other"
is "$(pg -c "SET ROLE progress_other; SELECT concat_ws('|', kind, name IS NULL, rows_read IS NULL, started_at IS NOT NULL)
             FROM mssql_upsert_progress WHERE pid = $SESSION_PID")" "pull|t|t|t" "another role sees pid, kind and start only"
session_wait 60
is "$SESSION_OUTPUT" "20000" "the pull ends with its 20,000 rows"
is "$(pg -c "SELECT count(*) FROM mssql_upsert_progress WHERE pid = $SESSION_PID")" "0" "its row is gone when it ends"

# A cancelled push leaves no row, and the same session's next call gets a fresh one.
session_send "SELECT rows_read FROM mssql_upsert_push('progress_src', 'mssql', 'dbo.ProgressRows', chunk_rows => 1000)"
row=$(watch "chunks_done > 0")
like "$row" '^push\|public\.progress_src -> \[dbo\]\.\[ProgressRows\]\|(sending|merging)\|' "a running push: its row"
pg -c "SELECT pg_cancel_backend($SESSION_PID)" >/dev/null
session_wait 60
like "$SESSION_OUTPUT" "canceling statement due to user request" "the push is cancelled"
is "$(pg -c "SELECT count(*) FROM mssql_upsert_progress WHERE pid = $SESSION_PID")" "0" "a cancelled call leaves no row"
session_run "SELECT rows_read FROM mssql_upsert_pull('mssql', 'dbo.NoSuchTable', 'progress_rows')"
like "$SESSION_OUTPUT" "Invalid object name 'dbo.nosuchtable'" "a failing pull fails"
is "$(pg -c "SELECT count(*) FROM mssql_upsert_progress WHERE pid = $SESSION_PID")" "0" "a failed call leaves no row"

# A named sync: one row under the sync's name, its pull's counts in it.
pg -c "DELETE FROM mssql_upsert_sync_definitions WHERE name = 'progress';
       SELECT mssql_upsert_sync_define('progress', 'pull', 'mssql', 'dbo.ProgressRows', 'progress_rows', chunk_rows => 1000)" >/dev/null
pg -c "TRUNCATE progress_rows"
session_send "SELECT rows_read FROM mssql_upsert_sync_run('progress')"
row=$(watch "chunks_done > 0")
like "$row" '^sync\|progress\|(reading|writing)\|[0-9]+000\|' "a running sync: one row with the sync's name and its pull's counts"
session_wait 60
is "$SESSION_OUTPUT" "20000" "the sync ends"
is "$(pg -c "SELECT count(*) FROM mssql_upsert_progress")" "0" "and nothing is left in the view"
mssql "EXEC tds_test_fault @kind = 'clear'" >/dev/null
session_run "SELECT count(*) FROM progress_rows"
is "$SESSION_OUTPUT" "20000" "the session goes on"

# A compare shows its own phase while its keys pull runs (every SELECT waits 2 s).
pg -c "SELECT mssql_upsert_sync_define('progress', 'pull', 'mssql', 'dbo.ProgressRows', 'progress_rows', deletes => 'compare')" >/dev/null
mssql "EXEC tds_test_fault @kind = 'delay_per_statement_ms', @count = 2000" >/dev/null
session_send "SELECT rows_read FROM mssql_upsert_sync_run('progress')"
like "$(watch "phase = 'comparing'")" '^sync\|progress\|comparing\|' "a sync's compare: phase comparing"
# Its keys then stream slowly: while they count in rows_read, the phase stays comparing.
mssql "EXEC tds_test_fault @kind = 'link', @bandwidth_mbit = 1" >/dev/null
like "$(watch "rows_read > 20000")" '^sync\|progress\|comparing\|' "... also while its keys pull reads, not that pull's reading/writing"
session_wait 60
mssql "EXEC tds_test_fault @kind = 'clear'" >/dev/null
is "$SESSION_OUTPUT" "20000" "the compare run ends"
session_stop

pg -c "SET client_min_messages = warning; DELETE FROM mssql_upsert_sync_definitions WHERE name = 'progress';
       DROP TABLE progress_src, progress_rows; DROP ROLE progress_other"
mssql "DROP TABLE dbo.ProgressRows" >/dev/null
done_testing
