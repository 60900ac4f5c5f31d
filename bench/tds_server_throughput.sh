#!/usr/bin/env bash
# bench/tds_server_throughput.sh [--rows N] [--runs R]
# How fast the TDS test server serves a SELECT and ingests a bulk load, with
# FreeTDS's freebcp as the client (10 columns, N rows, best of R runs):
#   SELECT served:  freebcp "SELECT * FROM dbo.TdsBench" queryout /dev/null -c
#   bulk load:      freebcp dbo.TdsBenchIn in <file written by freebcp out> -c
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

seconds() { # command... -> elapsed seconds
  local start end
  start=$(date +%s.%N)
  "$@"
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}
best_select= best_load=
for run in $(seq 1 "$RUNS"); do
  s=$(seconds freebcp_run "SELECT * FROM dbo.TdsBench" queryout /dev/null -c)
  backend -c "TRUNCATE dbo.tdsbenchin"
  l=$(seconds freebcp_run dbo.TdsBenchIn in "$work/rows.dat" -c)
  loaded=$(backend -c "SELECT count(*) FROM dbo.tdsbenchin")
  [[ "$loaded" == "$ROWS" ]] || { echo "bench: the load kept $loaded rows of $ROWS" >&2; exit 1; }
  echo "run $run: SELECT served ${s}s, bulk load ingested ${l}s" >&2
  [[ -z "$best_select" || $(echo "$s < $best_select" | bc) == 1 ]] && best_select=$s
  [[ -z "$best_load" || $(echo "$l < $best_load" | bc) == 1 ]] && best_load=$l
done
printf 'rows: %d, best of %d\n' "$ROWS" "$RUNS"
printf 'SELECT served (freebcp queryout /dev/null -c): %.2f s, %.0f rows/s (goal 400000)\n' "$best_select" "$(echo "$ROWS / $best_select" | bc -l)"
printf 'bulk load ingested (freebcp in -c):            %.2f s, %.0f rows/s (goal 200000)\n' "$best_load" "$(echo "$ROWS / $best_load" | bc -l)"
