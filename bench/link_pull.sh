#!/usr/bin/env bash
# bench/link_pull.sh [ROWS] [BANDWIDTH_MBIT] [RTT_US] [RUNS]
# A pull of ROWS bench rows (default 100,000) into an empty table, and a
# re-pull of the unchanged rows, each with and without the TDS test server's
# simulated link (default 1000 Mbit/s, 500 us round trip), alternating, RUNS
# rounds (default 3): what a SQL Server on another host would add to the
# same-machine figures. Prints each run's seconds and the medians.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rows=${1:-100000}
bandwidth=${2:-1000}
rtt=${3:-500}
runs=${4:-3}

eval "$("$ROOT/scripts/devenv.sh" up)"
[[ "${MSSQL_IS_TEST_SERVER:-0}" == 1 ]] || { echo "$0 needs the TDS test server" >&2; exit 1; }
source "$ROOT/bench/lib.sh"
source "$ROOT/bench/pull.sh"
trap 'mssql "EXEC tds_test_fault @kind = '"'"'clear'"'"'" >/dev/null 2>&1' EXIT

link() { # on|off
  if [[ $1 == on ]]; then
    mssql "EXEC tds_test_fault @kind = 'link', @bandwidth_mbit = $bandwidth, @rtt_us = $rtt" >/dev/null
  else
    mssql "EXEC tds_test_fault @kind = 'clear'" >/dev/null
  fi
}

echo "bench/link_pull.sh: $rows rows, link $bandwidth Mbit/s and $rtt us round trip, commit $(git -C "$ROOT" rev-parse --short HEAD), $(date -u '+%Y-%m-%d %H:%M UTC')"
setup_remote "$rows"
setup_pull_local >/dev/null
pull="SELECT * FROM mssql_upsert_pull('bench', 'dbo.Bench', 'bench_pull')"
declare -A times
for round in $(seq 1 "$runs"); do
  for state in off on; do
    pg -c "TRUNCATE bench_pull" -c "VACUUM bench_pull" >/dev/null
    link "$state"
    empty=$(checkpointed_seconds_of "$pull")
    again=$(checkpointed_seconds_of "$pull")
    link off
    [[ $(pg -c "SELECT count(*) FROM bench_pull") == "$rows" ]] || { echo "the pull did not load $rows rows" >&2; exit 1; }
    times[$state empty]+=" $empty"
    times[$state again]+=" $again"
    echo "round $round, link $state: into an empty table $empty s, unchanged re-pull $again s"
  done
done
echo
echo "| pull of $rows rows | no link, median s | link $bandwidth Mbit/s, $rtt us, median s | ratio |"
echo "|---|---|---|---|"
for scenario in empty again; do
  off=$(median <<<"${times[off $scenario]}")
  on=$(median <<<"${times[on $scenario]}")
  echo "| $([[ $scenario == empty ]] && echo "into an empty table" || echo "unchanged re-pull") | $off | $on | $(echo "scale=2; $on / $off" | bc) |"
done
