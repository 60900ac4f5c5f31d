#!/usr/bin/env bash
# bench/tds_server_throughput.sh [--rows N] [--runs R]
# How fast the TDS test server serves a SELECT and ingests a bulk load, with
# FreeTDS's freebcp as the client (10 columns, N rows, best of R runs):
#   SELECT served:  freebcp "SELECT * FROM dbo.TdsBench" queryout /dev/null -c
#   bulk load:      freebcp dbo.TdsBenchIn in <file written by freebcp out> -c
#   bulk load:      test/tds_server/tests/bcp_client.c "gen": generated rows through
#                   native db-lib bindings (bcp_bind/bcp_sendrow, as the extension
#                   pushes), no host file to parse
#   local limit:    COPY dbo.tdsbenchin FROM a binary file of the same rows, in the
#                   backend itself (no TDS at all): what PostgreSQL can ingest here
# Goals (issue 3): 400K rows/s served, 200K rows/s ingested. The rows are
# generated in the test server's backend database directly (setup, not timed).
set -euo pipefail
shopt -s inherit_errexit
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROWS=1000000
RUNS=3
while [[ $# -gt 0 ]]; do
  case "$1" in
  --rows) ROWS=$2; shift 2 ;;
  --runs) RUNS=$2; shift 2 ;;
  *) echo "usage: $0 [--rows N] [--runs R]" >&2; exit 2 ;;
  esac
done

eval "$("$ROOT/scripts/devenv.sh" up)"
[[ "${MSSQL_IS_TEST_SERVER:-0}" == 1 ]] || { echo "bench: needs the TDS test server" >&2; exit 1; }
backend() { psql -X -q -At -v ON_ERROR_STOP=1 -d tds_backend "$@"; }
mssql() { /usr/bin/python3 "$ROOT/test/integration/mssql_exec.py" "$@"; }
freebcp_run() { # table-or-query direction file [options]
  freebcp "$1" "$2" "$3" -S "$MSSQL_HOST:$MSSQL_PORT" -U "$MSSQL_USER" -P "$MSSQL_PASSWORD" -D "$MSSQL_DATABASE" \
    "${@:4}" >/dev/null 2>&1 || { echo "bench: freebcp $2 failed" >&2; exit 1; }
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

columns="K int NOT NULL PRIMARY KEY, I int, B bigint, Name nvarchar(40), Description nvarchar(100),
  At datetime2(6), Amount decimal(12,4), Flag bit, X float, G uniqueidentifier"
mssql "DROP TABLE IF EXISTS dbo.TdsBench; DROP TABLE IF EXISTS dbo.TdsBenchIn;
  CREATE TABLE dbo.TdsBench ($columns); CREATE TABLE dbo.TdsBenchIn ($columns)" >/dev/null
backend -c "INSERT INTO dbo.tdsbench SELECT g, g % 1000, g::bigint * 1000003, 'name ' || g,
  'description of row ' || g || ' with some more text', timestamp '2024-01-01' + g * interval '1 second',
  (g % 100000) / 7.0, g % 2, g / 3.0, md5(g::text)::uuid FROM generate_series(1, $ROWS) g"
backend -c "VACUUM ANALYZE dbo.tdsbench"
freebcp_run dbo.TdsBench out "$work/rows.dat" -c
gcc -O2 -o "$work/bcp_client" "$ROOT/test/tds_server/tests/bcp_client.c" -lsybdb
export MSSQL_PASSWORD
generate() { printf 'gen\tdbo.TdsBenchIn\t%d\n' "$ROWS" | "$work/bcp_client" "$MSSQL_HOST" "$MSSQL_PORT" "$MSSQL_USER" "$MSSQL_DATABASE" | grep -qx "done $ROWS"; }
copy_file="$MSSQL_UPSERT_DEVENV_DIR/tds_bench_rows.bin" # readable by the backend's OS user
backend -c "COPY dbo.tdsbench TO '$copy_file' (FORMAT binary)"
local_copy() { backend -c "COPY dbo.tdsbenchin FROM '$copy_file' (FORMAT binary)"; }

seconds() { # command... -> elapsed seconds
  local start end
  start=$(date +%s.%N)
  "$@"
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}
best() { # current candidate
  [[ -z "$1" || $(echo "$2 < $1" | bc) == 1 ]] && echo "$2" || echo "$1"
}
check_loaded() {
  local loaded
  loaded=$(backend -c "SELECT count(*) FROM dbo.tdsbenchin")
  [[ "$loaded" == "$ROWS" ]] || { echo "bench: the load kept $loaded rows of $ROWS" >&2; exit 1; }
  backend -c "TRUNCATE dbo.tdsbenchin"
}
best_select= best_load= best_native= best_local=
backend -c "TRUNCATE dbo.tdsbenchin"
for run in $(seq 1 "$RUNS"); do
  s=$(seconds freebcp_run "SELECT * FROM dbo.TdsBench" queryout /dev/null -c)
  l=$(seconds freebcp_run dbo.TdsBenchIn in "$work/rows.dat" -c); check_loaded
  n=$(seconds generate); check_loaded
  c=$(seconds local_copy); check_loaded
  echo "run $run: SELECT ${s}s, freebcp in ${l}s, bcp_sendrow ${n}s, local COPY ${c}s" >&2
  best_select=$(best "$best_select" "$s") best_load=$(best "$best_load" "$l")
  best_native=$(best "$best_native" "$n") best_local=$(best "$best_local" "$c")
done
rate() { echo "$ROWS / $1" | bc -l; }
printf 'rows: %d, best of %d, load average %s\n' "$ROWS" "$RUNS" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf 'SELECT served (freebcp queryout /dev/null -c):  %6.2f s %8.0f rows/s (goal 400000)\n' "$best_select" "$(rate "$best_select")"
printf 'bulk load ingested (freebcp in -c):             %6.2f s %8.0f rows/s (goal 200000)\n' "$best_load" "$(rate "$best_load")"
printf 'bulk load ingested (bcp_sendrow, native):       %6.2f s %8.0f rows/s (goal 200000)\n' "$best_native" "$(rate "$best_native")"
printf 'local limit (COPY FROM binary file in backend): %6.2f s %8.0f rows/s\n' "$best_local" "$(rate "$best_local")"
