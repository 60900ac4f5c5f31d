#!/usr/bin/env bash
# pg_cancel_backend and statement_timeout at random points of a 200,000-row
# pull (chunk_rows 1000) and of a foreign scan, all in ONE backend: each
# cancelled call ends with the cancel error within 5 s, afterwards the backend
# holds no locks and no remote session of it is left (sys.dm_exec_sessions),
# and the next call in the same session works. Then the same with a server
# that never answers the attention: a call still ends within 5 s.
# The latencies are printed as TAP comments (a distribution, not asserted
# tightly). CANCEL_ROUNDS (default 10) sets the rounds per kind.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/session.bash"
require_mssql
[[ "${MSSQL_IS_TEST_SERVER:-0}" == 1 ]] || skip_all "needs the TDS test server's fault injection and backend"
ROUNDS=${CANCEL_ROUNDS:-10}
BOUND_MS=5000
APP=cancel_random

create_mssql_server mssql >/dev/null
pg -c "ALTER SERVER mssql OPTIONS (ADD appname '$APP')"
mssql "IF OBJECT_ID('dbo.CancelBig') IS NOT NULL DROP TABLE dbo.CancelBig" >/dev/null
mssql "CREATE TABLE dbo.CancelBig (Id int NOT NULL PRIMARY KEY, V nvarchar(100))" >/dev/null
psql -X -q -d tds_backend -c "INSERT INTO dbo.cancelbig SELECT g, 'value ' || g FROM generate_series(1, 200000) g"
pg <<'SQL'
DROP TABLE IF EXISTS cancel_pull;
CREATE TABLE cancel_pull (id int PRIMARY KEY, v text);
DROP FOREIGN TABLE IF EXISTS cancel_ft;
CREATE FOREIGN TABLE cancel_ft (id int, v text) SERVER mssql OPTIONS (table_name 'CancelBig');
SQL
# Each pull starts from an empty table, so every row is inserted (as a first sync).
PULL="TRUNCATE cancel_pull; SELECT rows_read FROM mssql_upsert_pull('mssql', 'dbo.CancelBig', 'cancel_pull', chunk_rows => 1000)"
# A local filter on every row makes the scan last long enough to be hit at many points.
SCAN="SELECT count(*) FROM cancel_ft WHERE length(md5(v || id)) = 32"

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

session_start || { ok 1 "a psql session starts"; done_testing; exit 1; }

# How long the whole calls take (the second of each, with the connection and
# the catalogs warm), to pick the cancel points inside them.
session_run "$PULL" 120
session_run "$SCAN" 120
started=$(now_ms)
session_run "$PULL" 120
pull_ms=$(( $(now_ms) - started ))
is "$SESSION_OUTPUT" "200000" "a whole pull reads 200,000 rows (${pull_ms} ms)"
started=$(now_ms)
session_run "$SCAN" 120
scan_ms=$(( $(now_ms) - started ))
is "$SESSION_OUTPUT" "200000" "a whole scan counts 200,000 rows (${scan_ms} ms)"

latencies=()
rescue() { # the session did not answer in time: cancel again, then terminate
  pg -c "SELECT pg_cancel_backend($SESSION_PID)" >/dev/null
  session_wait 10 && return 0
  pg -c "SELECT pg_terminate_backend($SESSION_PID)" >/dev/null
  echo "Bail out! the backend under test hung and was terminated"
  exit 1
}

# After a call that ended with an error: nothing left behind.
check_clean() { # what
  is "$(pg -c "SELECT count(*) FROM pg_locks WHERE pid = $SESSION_PID")" "0" "$1: the backend holds no locks"
  is "$(remote_session_count "$APP" 0)" "0" "$1: no remote session is left"
}

# The canceller is another session: it waits delay_ms itself and notes when it
# sent the cancel, so the latency is measured from the signal, not from a
# psql start-up.
cancel_round() { # kind sql duration_ms round [delay_ms]
  local delay_ms started elapsed canceller out=/tmp/cancel_random.$$
  delay_ms=${5:-$(( 10 + RANDOM % ($3 * 6 / 10 + 1) ))}
  psql -X -q -At -c "SELECT pg_sleep($delay_ms / 1000.0)" \
       -c "SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint, pg_cancel_backend($SESSION_PID)" >"$out" 2>&1 &
  canceller=$!
  session_send "$2"
  if ! session_wait $(( (delay_ms + BOUND_MS) / 1000 + 1 )); then
    wait $canceller
    ok 1 "$1 cancelled after ${delay_ms} ms: ends within ${BOUND_MS} ms"
    rescue
    return
  fi
  elapsed=$(now_ms)
  wait $canceller
  started=$(cut -d'|' -f1 "$out")
  rm -f "$out"
  elapsed=$(( elapsed - started ))
  if [[ "$SESSION_OUTPUT" == 200000 ]]; then
    echo "# $1 round $4: finished before the cancel at ${delay_ms} ms"
    return
  fi
  like "$SESSION_OUTPUT" 'canceling statement due to user request' "$1 cancelled after ${delay_ms} ms: the cancel error"
  (( elapsed < BOUND_MS )); ok $? "$1 cancelled after ${delay_ms} ms: within ${BOUND_MS} ms (${elapsed} ms)"
  latencies+=("$elapsed")
  check_clean "$1 round $4"
}

timeout_round() { # kind sql duration_ms round
  local timeout_ms started elapsed
  timeout_ms=$(( 20 + RANDOM % ($3 * 6 / 10 + 1) ))
  session_run "SET statement_timeout = $timeout_ms" 10
  started=$(now_ms)
  session_send "$2"
  if ! session_wait $(( (timeout_ms + BOUND_MS) / 1000 + 1 )); then
    ok 1 "$1 with statement_timeout ${timeout_ms} ms: ends within ${BOUND_MS} ms of it"
    rescue
  else
    elapsed=$(( $(now_ms) - started - timeout_ms ))
    if [[ "$SESSION_OUTPUT" == 200000 ]]; then
      echo "# $1 round $4: finished within statement_timeout ${timeout_ms} ms"
    else
      like "$SESSION_OUTPUT" 'canceling statement due to statement timeout' \
           "$1 with statement_timeout ${timeout_ms} ms: the timeout error (${elapsed} ms after it)"
      (( elapsed < BOUND_MS )); ok $? "$1 with statement_timeout ${timeout_ms} ms: within ${BOUND_MS} ms of it"
      latencies+=("$elapsed")
      check_clean "$1 timeout round $4"
    fi
  fi
  session_run "RESET statement_timeout" 10
}

report() { # what
  local sorted
  sorted=$(printf '%s\n' "${latencies[@]}" | sort -n | paste -sd' ')
  echo "# $1: ${#latencies[@]} cancelled calls, ms from cancel to error (sorted): $sorted"
  latencies=()
}

for round in $(seq 1 "$ROUNDS"); do cancel_round "pull" "$PULL" "$pull_ms" "$round"; done
report "pull, pg_cancel_backend"
for round in $(seq 1 "$ROUNDS"); do cancel_round "scan" "$SCAN" "$scan_ms" "$round"; done
report "scan, pg_cancel_backend"
for round in $(seq 1 $(( (ROUNDS + 1) / 2 ))); do
  timeout_round "pull" "$PULL" "$pull_ms" "$round"
  timeout_round "scan" "$SCAN" "$scan_ms" "$round"
done
report "pull and scan, statement_timeout"

session_run "$PULL" 120
is "$SESSION_OUTPUT" "200000" "after all the cancels, a pull in the same session reads every row"
session_run "$SCAN" 120
is "$SESSION_OUTPUT" "200000" "after all the cancels, a scan in the same session counts every row"
is "$(remote_session_count "$APP")" "1" "one remote session (the cached connection) serves the session"

# --- a server that never answers the attention ------------------------------
mssql "EXEC tds_test_fault @kind = 'ignore_attentions', @count = 100" >/dev/null
# a pull cancelled while its rows stream
cancel_round "pull, attention unanswered" "$PULL" "$pull_ms" 1 $(( pull_ms / 2 ))
# a scan cancelled while its rows stream
cancel_round "scan, attention unanswered" "$SCAN" "$scan_ms" 1 $(( scan_ms / 2 ))
# a statement blocked on SQL Server (no rows yet): statement_timeout
mssql "EXEC tds_test_fault @kind = 'delay_per_statement_ms', @count = 30000" >/dev/null
timeout_round "blocked scan, attention unanswered" "$SCAN" 1000 1
mssql "EXEC tds_test_fault @kind = 'delay_per_statement_ms', @count = 0" >/dev/null
# a cursor closed before its end: the cancel of the rest goes unanswered
started=$(now_ms)
session_run "BEGIN; DECLARE c CURSOR FOR SELECT id FROM cancel_ft; FETCH 2 FROM c; CLOSE c; COMMIT;" $(( BOUND_MS / 1000 ))
status=$?
elapsed=$(( $(now_ms) - started ))
ok $status "a cursor closed early, attention unanswered: CLOSE returns within ${BOUND_MS} ms (${elapsed} ms)"
(( status == 0 )) || rescue
is "$SESSION_OUTPUT" $'1\n2' "a cursor closed early, attention unanswered: its rows arrived"
is "$(remote_session_count "$APP" 0)" "0" "a cursor closed early, attention unanswered: the connection was dropped"
report "attention unanswered"
mssql "EXEC tds_test_fault @kind = 'clear'" >/dev/null
session_run "$PULL" 120
is "$SESSION_OUTPUT" "200000" "then a pull in the same session reconnects and reads every row"
session_stop
done_testing
