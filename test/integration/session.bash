# One psql session kept open for a whole test (a coprocess), so that what a
# failed call leaves behind (a busy or half-read cached connection) is seen by
# the next call of the SAME backend. Source it after lib.sh.
#
#   session_start                 starts it (ON_ERROR_STOP off, errors on the same stream)
#   session_run SQL [SECONDS]     runs SQL, waits at most SECONDS (default 60) for it to end;
#                                 its output (stdout and stderr) is in $SESSION_OUTPUT; status 1 on timeout
#   session_send SQL / session_wait [SECONDS]   the same in two steps (to act while it runs)
#   SESSION_PID                   the backend's pid
#   session_stop

session_start() {
  coproc SESSION_PSQL { stdbuf -oL -eL psql -X -q -At -v ON_ERROR_STOP=0 -v VERBOSITY=default 2>&1; }
  session_run "SELECT pg_backend_pid()" 30 || return 1
  SESSION_PID=${SESSION_OUTPUT//$'\n'/}
}

session_send() { # sql (a terminating semicolon is added)
  printf '%s;\n\\echo __session_end__\n' "$1" >&"${SESSION_PSQL[1]}"
}

session_wait() { # [seconds]
  local limit_ms=$(( ${1:-60} * 1000 )) started line left_ms
  started=$(date +%s%N)
  SESSION_OUTPUT=
  while :; do
    left_ms=$(( limit_ms - ($(date +%s%N) - started) / 1000000 ))
    (( left_ms > 0 )) || return 1
    if IFS= read -r -t "$(printf '%d.%03d' $((left_ms / 1000)) $((left_ms % 1000)))" line <&"${SESSION_PSQL[0]}"; then
      [[ $line == __session_end__ ]] && { SESSION_OUTPUT=${SESSION_OUTPUT%$'\n'}; return 0; }
      SESSION_OUTPUT+=$line$'\n'
    elif (( $? <= 128 )); then
      return 1 # the session ended
    fi
  done
}

session_run() { # sql [seconds]
  session_send "$1"
  session_wait "${2:-60}"
}

session_stop() {
  [[ -n "${SESSION_PSQL_PID:-}" ]] || return 0
  printf '\\q\n' >&"${SESSION_PSQL[1]}" 2>/dev/null
  wait "$SESSION_PSQL_PID" 2>/dev/null
}

# Cancel checks for a statement blocked on SQL Server, run in the session (arm
# the test server's delay_per_statement_ms fault first), so that the session's
# next call shows what the cancel left behind. what names the call in the test lines.
session_check_statement_timeout() { # sql what
  local started elapsed_ms out
  session_run "SET statement_timeout = '1s'" 10
  started=$(date +%s%N)
  session_run "$1" 30
  elapsed_ms=$(( ($(date +%s%N) - started) / 1000000 ))
  out=$SESSION_OUTPUT
  session_run "RESET statement_timeout" 10
  like "$out" 'canceling statement due to statement timeout' "statement_timeout ends $2 blocked on SQL Server"
  (( elapsed_ms < 4000 )); ok $? "it ends within about a second of the timeout (took ${elapsed_ms} ms)"
}
session_check_cancel_backend() { # sql what
  local started elapsed_ms
  session_send "$1"
  sleep 1
  pg -c "SELECT pg_cancel_backend($SESSION_PID)" >/dev/null
  started=$(date +%s%N)
  session_wait 30
  elapsed_ms=$(( ($(date +%s%N) - started) / 1000000 ))
  like "$SESSION_OUTPUT" 'canceling statement due to user request' "pg_cancel_backend ends $2 blocked on SQL Server"
  (( elapsed_ms < 3000 )); ok $? "it ends within about a second of the cancel (took ${elapsed_ms} ms)"
}
