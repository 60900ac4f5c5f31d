#!/usr/bin/env bash
# bench/profile.sh [--rows N] pull|push
# Where a backend's CPU time goes during one pull (into an empty table) or one
# push (into an empty remote table) of N rows (default 1,000,000): `perf record -g`
# on that backend only, then the share per shared object and the top symbols.
# Needs perf (Debian: linux-perf) and root. Not part of run.sh: profiling slows
# the call it watches. BENCH_PERF_DATA=FILE keeps the perf data there, for
# `perf report -i FILE` (call graphs; BENCH_PERF_CALLGRAPH=dwarf for callers
# in libraries built without frame pointers, such as libc).
set -euo pipefail
shopt -s inherit_errexit
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROWS=1000000
while [[ $# -gt 1 ]]; do
  case "$1" in
  --rows) [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || { echo "bench: --rows takes a row count" >&2; exit 2; }; ROWS=$2; shift 2 ;;
  *) break ;;
  esac
done
[[ $# == 1 && ($1 == pull || $1 == push) ]] || { echo "usage: $0 [--rows N] pull|push" >&2; exit 2; }
direction=$1
command -v perf >/dev/null || { echo "bench: perf is not installed (Debian: apt-get install linux-perf)" >&2; exit 1; }

eval "$("$ROOT/scripts/devenv.sh" up)"
[[ "${MSSQL_IS_TEST_SERVER:-0}" == 1 ]] || { echo "bench: needs the TDS test server" >&2; exit 1; }
source "$ROOT/bench/lib.sh"
source "$ROOT/bench/pull.sh"
source "$ROOT/bench/push.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chown postgres "$work"

setup_pull_local
if [[ $direction == pull ]]; then
  setup_remote "$ROWS"
  call="SELECT * FROM mssql_upsert_pull('bench', 'dbo.Bench', 'bench_pull')"
else
  setup_push "$ROWS"
  call="SELECT * FROM mssql_upsert_push('bench_src', 'bench', 'dbo.BenchPush')"
fi
pg -c "CHECKPOINT"

# The session writes its pid, waits until perf watches it, makes the call, and
# reports its own CPU time (utime + stime from /proc/self/stat, in clock ticks).
server_pid=$(<"$MSSQL_UPSERT_DEVENV_DIR/tds_server.pid")
server_ticks() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }
# CPU ticks of the whole PostgreSQL cluster: its live processes, plus what the
# postmaster has collected from the ones that ended (the test server's backend).
postmaster_pid=$(head -1 "$MSSQL_UPSERT_DEVENV_DIR/pgdata/postmaster.pid")
cluster_ticks() {
  local total pid
  total=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$postmaster_pid/stat")
  for pid in $(pgrep -P "$postmaster_pid"); do
    total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}
cluster_before=$(cluster_ticks)
pg <<SQL >"$work/backend_ticks" &
COPY (SELECT pg_backend_pid()) TO '$work/pid';
\\! while [ ! -e '$work/recording' ]; do sleep 0.05; done
\\o /dev/null
SELECT pg_sleep(0.5);
\\! date +%s.%N >'$work/started'; awk '{print \$14 + \$15}' /proc/$server_pid/stat >'$work/server_ticks'
$call;
\\! date +%s.%N >'$work/ended'
\\o
SELECT split_part(s, ' ', 14)::int + split_part(s, ' ', 15)::int FROM pg_read_file('/proc/self/stat') s;
SQL
session=$!
while [[ ! -s $work/pid ]]; do sleep 0.05; done
perf record -q -F 999 --call-graph "${BENCH_PERF_CALLGRAPH:-fp}" -o "$work/perf.data" -p "$(<"$work/pid")" 2>"$work/perf.log" &
recorder=$!
sleep 0.3
: >"$work/recording"
wait "$session"
kill -INT "$recorder"
wait "$recorder" || true
[[ -z ${BENCH_PERF_DATA:-} ]] || cp "$work/perf.data" "$BENCH_PERF_DATA"

sleep 1 # the test server's backend ends with the session; the postmaster collects its time
cluster_after=$(cluster_ticks)
ticks=$(getconf CLK_TCK)
seconds() { echo "$1 / $ticks" | bc -l | xargs printf '%.2f'; }
backend_ticks=$(<"$work/backend_ticks")
echo "$direction of $ROWS rows: $(echo "$(<"$work/ended") - $(<"$work/started")" | bc | xargs printf '%.2f') s wall time (slowed by perf)."
echo "CPU seconds: the extension's backend $(seconds "$backend_ticks") (its whole session; the call is nearly all of it)," \
  "the TDS test server process $(seconds "$(($(server_ticks) - $(<"$work/server_ticks")))")," \
  "the rest of the cluster $(seconds "$((cluster_after - cluster_before - backend_ticks))")" \
  "(the test server's backend, which runs its SQL, and background writers)"
echo
echo "share of the backend's samples per shared object"
perf report -i "$work/perf.data" --no-children --sort dso --stdio -g none 2>/dev/null | grep -E '^ +[0-9.]+%' | head -10
echo
echo "top symbols (self)"
perf report -i "$work/perf.data" --no-children --sort dso,sym --stdio -g none 2>/dev/null | grep -E '^ +[0-9.]+%' | head -25
