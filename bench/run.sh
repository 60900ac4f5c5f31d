#!/usr/bin/env bash
# bench/run.sh [--rows N | --quick] [--pull-only | --push-only] [--plot]
# Side-by-side benchmarks on this machine, same data, alternating contenders,
# at 100,000 and then 1,000,000 rows (--rows N: N rows only; --quick: 100,000 only).
# Each scenario runs BENCH_RUNS times (default 3) per contender; tables report the
# best and the median. Timings are never asserted; a failing contender stops the run.
#   pull.sh    pull vs tds_fdw vs the local limit (empty, unchanged, 10% changed)
#   push.sh    push vs a DBA script (COPY out, freebcp in, MERGE through tsql)
#   memory.sh  a fresh backend's memory during one pull and one push of each size
#              (with one size N: of N/10 and N rows)
#   plot.sh    --plot: rows/s per scenario and contender, bench/throughput.png
#              (gnuplot; installed from Debian if missing and allowed, else skipped)
set -euo pipefail
shopt -s inherit_errexit # a contender that fails stops the run instead of being timed
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SIZES=(100000 1000000)
RUNS=${BENCH_RUNS:-3}
RUN_PULL=1 RUN_PUSH=1 PLOT=0
usage() { echo "usage: $0 [--rows N | --quick] [--pull-only | --push-only] [--plot]" >&2; exit 2; }
while [[ $# -gt 0 ]]; do
  case "$1" in
  --rows) [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || usage; SIZES=("$2"); shift 2 ;;
  --quick) SIZES=(100000); shift ;;
  --pull-only) RUN_PUSH=0; shift ;;
  --push-only) RUN_PULL=0; shift ;;
  --plot) PLOT=1; shift ;;
  *) usage ;;
  esac
done
memory_sizes=("${SIZES[@]}")
if [[ ${#SIZES[@]} == 1 ]]; then memory_sizes=($((SIZES[0] / 10)) "${SIZES[0]}"); fi

source "$ROOT/bench/freetds_locales.sh"
if [[ $RUN_PULL == 1 ]]; then use_iso_date_format_for_tds_fdw; fi

eval "$("$ROOT/scripts/devenv.sh" up)"
[[ "${MSSQL_IS_TEST_SERVER:-0}" == 1 ]] || { echo "bench/run.sh needs the TDS test server" >&2; exit 1; }
source "$ROOT/bench/lib.sh"
source "$ROOT/bench/pull.sh"
source "$ROOT/bench/push.sh"
source "$ROOT/bench/memory.sh"
RESULTS_TSV=$MSSQL_UPSERT_DEVENV_DIR/bench_throughput.tsv
MEMORY_TSV=$MSSQL_UPSERT_DEVENV_DIR/bench_memory.tsv
: >"$RESULTS_TSV"

started=$(date +%s)
echo "bench/run.sh: rows ${SIZES[*]}, $RUNS runs per contender and scenario, commit $(git -C "$ROOT" rev-parse --short HEAD)"
echo "start $(date -u '+%Y-%m-%d %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
setup_pull_local
for rows in "${SIZES[@]}"; do
  if [[ $RUN_PULL == 1 ]]; then run_pull_scenarios "$rows"; fi
  if [[ $RUN_PUSH == 1 ]]; then run_push_scenarios "$rows"; fi
done
run_memory "${memory_sizes[@]}"
echo
echo "end $(date -u '+%Y-%m-%d %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)," \
  "$(( ($(date +%s) - started) / 60 )) min"

if [[ $PLOT == 1 ]]; then
  cp "$RESULTS_TSV" "$ROOT/bench/throughput.tsv"
  "$ROOT/bench/plot.sh" "$ROOT/bench/throughput.tsv" "$ROOT/bench/throughput.png"
fi
exit 0
