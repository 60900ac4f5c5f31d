#!/usr/bin/env bash
# bench/push_chunk_memory.sh [--rows N] [CHUNK_ROWS...]
# A fresh backend's memory during one push of N rows (default 200,000) per
# chunk_rows (default 1000 10000 100000), into an empty remote table each time:
# whether what the push holds grows with chunk_rows. Figures as in memory.sh.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rows=200000
if [[ ${1:-} == --rows ]]; then rows=$2; shift 2; fi
chunk_sizes=("$@")
[[ ${#chunk_sizes[@]} -gt 0 ]] || chunk_sizes=(1000 10000 100000)

eval "$("$ROOT/scripts/devenv.sh" up)"
[[ "${MSSQL_IS_TEST_SERVER:-0}" == 1 ]] || { echo "$0 needs the TDS test server" >&2; exit 1; }
source "$ROOT/bench/lib.sh"
source "$ROOT/bench/pull.sh"
source "$ROOT/bench/push.sh"
source "$ROOT/bench/memory.sh"
MEMORY_TSV=$MSSQL_UPSERT_DEVENV_DIR/bench_push_chunk_memory.tsv
: >"$MEMORY_TSV"

echo "bench/push_chunk_memory.sh: $rows rows, commit $(git -C "$ROOT" rev-parse --short HEAD), $(date -u '+%Y-%m-%d %H:%M UTC')"
setup_pull_local >/dev/null
setup_push "$rows"
echo
echo "| push of $rows rows, chunk_rows | RssAnon before kB | RssAnon peak kB (sampled) | RssAnon after kB | RssShmem after kB | VmHWM kB |"
echo "|---|---|---|---|---|---|"
for chunk_rows in "${chunk_sizes[@]}"; do
  mssql "TRUNCATE TABLE dbo.BenchPush" >/dev/null
  read -r before peak anon shmem hwm <<<"$(memory_probe \
    "SELECT 1 FROM mssql_upsert_push('bench_src', 'bench', 'dbo.BenchPush', chunk_rows => $chunk_rows)")"
  [[ $(mssql "SELECT COUNT(*) FROM dbo.BenchPush") == "$rows" ]] || { echo "the push did not load $rows rows" >&2; exit 1; }
  echo "| $chunk_rows | $before | $peak | $anon | $shmem | $hwm |"
done
rm -rf "$PROBE_DIR"
