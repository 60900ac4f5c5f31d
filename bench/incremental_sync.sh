#!/usr/bin/env bash
# bench/incremental_sync.sh [ROWS] [RUNS]
# Named pull syncs of a ROWS-row remote table (default 1,000,000 bench rows
# plus a rowversion column) after 1% of its rows changed, side by side, RUNS
# rounds (default 3), each round changing another 1%:
#   full:        incremental => 'none' (reads every row, merges the changed ones)
#   rowversion:  incremental => 'rowversion' (reads the changed rows only)
#   + compare:   rowversion and deletes => 'compare' (also streams every remote
#                key and deletes the local rows without one; each round also
#                deletes 0.1% remotely)
# Each sync has its own local table, loaded by a first run (not timed). Prints
# each run's seconds and rows read, then the medians.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rows=${1:-1000000}
runs=${2:-3}

eval "$("$ROOT/scripts/devenv.sh" up)"
[[ "${MSSQL_IS_TEST_SERVER:-0}" == 1 ]] || { echo "$0 needs the TDS test server" >&2; exit 1; }
source "$ROOT/bench/lib.sh"
source "$ROOT/bench/pull.sh"

echo "bench/incremental_sync.sh: $rows rows, commit $(git -C "$ROOT" rev-parse --short HEAD), $(date -u '+%Y-%m-%d %H:%M UTC')"
mssql "IF OBJECT_ID('dbo.BenchRv') IS NOT NULL DROP TABLE dbo.BenchRv" >/dev/null
mssql "CREATE TABLE dbo.BenchRv ($bench_mssql_columns, RV rowversion)" >/dev/null
backend -c "INSERT INTO dbo.benchrv (k, i, b, name, description, at, amount, flag, x, g) $(bench_row_select "$rows" 'g % 2')"
backend -c "VACUUM ANALYZE dbo.benchrv"
setup_pull_local >/dev/null
syncs=(full rowversion compare)
for s in "${syncs[@]}"; do
  pg -c "SET client_min_messages = warning; DROP TABLE IF EXISTS bench_sync_$s;
         CREATE TABLE bench_sync_$s ($bench_pg_columns, rv bytea) WITH (autovacuum_enabled = off);
         DELETE FROM mssql_upsert_sync_definitions WHERE name = 'bench_$s'"
done
pg -c "SELECT mssql_upsert_sync_define('bench_full', 'pull', 'bench', 'dbo.BenchRv', 'bench_sync_full')" >/dev/null
pg -c "SELECT mssql_upsert_sync_define('bench_rowversion', 'pull', 'bench', 'dbo.BenchRv', 'bench_sync_rowversion',
         incremental => 'rowversion', watermark_column => 'RV')" >/dev/null
pg -c "SELECT mssql_upsert_sync_define('bench_compare', 'pull', 'bench', 'dbo.BenchRv', 'bench_sync_compare',
         incremental => 'rowversion', watermark_column => 'RV', deletes => 'compare')" >/dev/null
for s in "${syncs[@]}"; do
  pg -c "SELECT 1 FROM mssql_upsert_sync_run('bench_$s')" >/dev/null
done

declare -A times reads
for round in $(seq 1 "$runs"); do
  # 1% of the rows change, a different 1% each round; 0.1% are deleted.
  backend -c "UPDATE dbo.benchrv SET i = i + 1 WHERE k % 100 = $round"
  backend -c "DELETE FROM dbo.benchrv WHERE k % 1000 = 500 + $round"
  line="round $round:"
  for s in "${syncs[@]}"; do
    pg -c "CHECKPOINT"
    start=$(date +%s%N)
    read_count=$(pg -c "SELECT rows_read FROM mssql_upsert_sync_run('bench_$s')")
    end=$(date +%s%N)
    seconds=$(echo "scale=3; ($end - $start) / 1000000000" | bc)
    times[$s]+=" $seconds"
    reads[$s]=$read_count
    line+=" $s $seconds s ($read_count rows read)"
  done
  echo "$line"
done
remote=$(mssql "SELECT COUNT(*) FROM dbo.BenchRv")
[[ $(pg -c "SELECT count(*) FROM bench_sync_compare") == "$remote" ]] ||
  { echo "bench: the compare sync's table does not hold the remote rows" >&2; exit 1; }
[[ $(pg -c "SELECT count(*) FROM (SELECT k, i FROM bench_sync_compare EXCEPT SELECT k, i FROM bench_sync_full) d") == 0 ]] ||
  { echo "bench: the compare and full syncs disagree" >&2; exit 1; }
echo
echo "| 1% of $rows rows changed | median s | rows read (last round) |"
echo "|---|---|---|"
for s in "${syncs[@]}"; do
  echo "| $s | $(median <<<"${times[$s]}") | ${reads[$s]} |"
done
