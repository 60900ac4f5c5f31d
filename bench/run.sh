#!/usr/bin/env bash
# bench/run.sh [--rows N] [--quick]
# Side-by-side pull benchmarks on this machine, same data, alternating contenders:
#   mssql_upsert_pull;
#   tds_fdw: INSERT INTO t SELECT * FROM <tds_fdw foreign table> ON CONFLICT ...
#     DO UPDATE ... WHERE ... IS DISTINCT FROM (tds_fdw's defaults);
#   the local limit: the same rows as a binary COPY file into a TEMP table + the
#     same merge, no network at all.
# Scenarios: into an empty table, re-pull unchanged, re-pull with 10% changed.
# Also the backend's peak RSS (VmHWM) after a pull of N and of N/10 rows.
# The remote table lives on the TDS test server; its rows are generated in the
# test server's backend database directly (setup only, not measured).
# Not yet here: push scenarios (see bench/RESULTS.md).
set -euo pipefail
shopt -s inherit_errexit # a contender that fails stops the run instead of being timed
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROWS=100000
RUNS=3
while [[ $# -gt 0 ]]; do
  case "$1" in
  --rows) ROWS=$2; shift 2 ;;
  --quick) ROWS=100000; shift ;;
  *) echo "usage: $0 [--rows N] [--quick]" >&2; exit 2 ;;
  esac
done

# tds_fdw turns dates into text with FreeTDS's locale date format, whose default
# ("Jan  1 2024 12:00:01:000000AM") PostgreSQL cannot read: with it, tds_fdw fails
# on the datetime2 column. Its documented fix is a date format in FreeTDS's
# locales.conf; the bench sets one for its own run and puts the file back after.
LOCALES_CONF=/etc/freetds/locales.conf
use_iso_date_format_for_tds_fdw() {
  grep -qs '^[[:space:]]*date format' "$LOCALES_CONF" && return 0
  [[ -w $(dirname "$LOCALES_CONF") ]] || {
    echo "bench: tds_fdw needs a 'date format' in $LOCALES_CONF (run as root, or add one)" >&2
    exit 1
  }
  [[ -f "$LOCALES_CONF" ]] && cp "$LOCALES_CONF" "$LOCALES_CONF.bench-saved"
  printf '[default]\n\tdate format = %%Y-%%m-%%d %%H:%%M:%%S.%%z\n' >"$LOCALES_CONF"
  trap restore_locales_conf EXIT
}
restore_locales_conf() {
  if [[ -f "$LOCALES_CONF.bench-saved" ]]; then mv "$LOCALES_CONF.bench-saved" "$LOCALES_CONF"; else rm -f "$LOCALES_CONF"; fi
}
use_iso_date_format_for_tds_fdw

eval "$("$ROOT/scripts/devenv.sh" up)"
[[ "${MSSQL_IS_TEST_SERVER:-0}" == 1 ]] || { echo "bench/run.sh needs the TDS test server" >&2; exit 1; }
pg() { psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }
backend() { psql -X -q -At -v ON_ERROR_STOP=1 -d tds_backend "$@"; }
mssql() { /usr/bin/python3 "$ROOT/test/integration/mssql_exec.py" "$@"; }

setup_remote() { # rows
  mssql "IF OBJECT_ID('dbo.Bench') IS NOT NULL DROP TABLE dbo.Bench" >/dev/null
  mssql "CREATE TABLE dbo.Bench (K int NOT NULL PRIMARY KEY, I int, B bigint, Name nvarchar(40),
    Description nvarchar(100), At datetime2(6), Amount decimal(12,4), Flag bit, X float, G uniqueidentifier)" >/dev/null
  backend -c "INSERT INTO dbo.bench SELECT g, g % 1000, g::bigint * 1000003, 'name ' || g,
    'description of row ' || g || ' with some more text', timestamp '2024-01-01' + g * interval '1 second',
    (g % 100000) / 7.0, g % 2, g / 3.0, md5(g::text)::uuid FROM generate_series(1, $1) g"
}

setup_local() {
  pg -c "CREATE EXTENSION IF NOT EXISTS mssql_upsert_fdw;
    DROP SERVER IF EXISTS bench CASCADE;
    CREATE SERVER bench FOREIGN DATA WRAPPER mssql_upsert_fdw OPTIONS (host '$MSSQL_HOST', port '$MSSQL_PORT', database '$MSSQL_DATABASE');
    CREATE USER MAPPING FOR CURRENT_USER SERVER bench OPTIONS (username '$MSSQL_USER', password '$MSSQL_PASSWORD');
    DROP TABLE IF EXISTS bench_pull, bench_local, bench_tds;
    CREATE TABLE bench_pull (k int PRIMARY KEY, i int, b bigint, name varchar(40), description varchar(100),
      at timestamp, amount numeric(12,4), flag boolean, x double precision, g uuid);
    CREATE TABLE bench_local (LIKE bench_pull INCLUDING ALL);
    CREATE TABLE bench_tds (LIKE bench_pull INCLUDING ALL);
    SET client_min_messages = warning;
    CREATE EXTENSION IF NOT EXISTS tds_fdw;
    DROP SERVER IF EXISTS bench_tds_server CASCADE;
    CREATE SERVER bench_tds_server FOREIGN DATA WRAPPER tds_fdw OPTIONS (servername '$MSSQL_HOST', port '$MSSQL_PORT', database '$MSSQL_DATABASE', tds_version '7.4');
    CREATE USER MAPPING FOR CURRENT_USER SERVER bench_tds_server OPTIONS (username '$MSSQL_USER', password '$MSSQL_PASSWORD');
    CREATE FOREIGN TABLE bench_remote_tds (k int, i int, b bigint, name varchar(40), description varchar(100),
      at timestamp, amount numeric(12,4), flag boolean, x double precision, g uuid)
      SERVER bench_tds_server OPTIONS (table_name 'dbo.Bench');"
}

seconds_of() { # sql -> elapsed seconds of running it in its own session
  local start end
  start=$(date +%s%N)
  if ! pg -c "$1" >/dev/null; then
    echo "bench: this contender failed, so its time would mean nothing: $1" >&2
    exit 1
  fi
  end=$(date +%s%N)
  echo "scale=3; ($end - $start) / 1000000000" | bc
}

pull_sql="SELECT * FROM mssql_upsert_pull('bench', 'dbo.Bench', 'bench_pull')"
merge_set="i = EXCLUDED.i, b = EXCLUDED.b, name = EXCLUDED.name, description = EXCLUDED.description, at = EXCLUDED.at,
    amount = EXCLUDED.amount, flag = EXCLUDED.flag, x = EXCLUDED.x, g = EXCLUDED.g
  WHERE (t.i, t.b, t.name, t.description, t.at, t.amount, t.flag, t.x, t.g) IS DISTINCT FROM
        (EXCLUDED.i, EXCLUDED.b, EXCLUDED.name, EXCLUDED.description, EXCLUDED.at, EXCLUDED.amount, EXCLUDED.flag, EXCLUDED.x, EXCLUDED.g)"
tds_sql="SET client_min_messages = warning; INSERT INTO bench_tds AS t SELECT * FROM bench_remote_tds ON CONFLICT (k) DO UPDATE SET $merge_set"
local_sql() {
  echo "BEGIN; CREATE TEMP TABLE s (LIKE bench_local) ON COMMIT DROP;
  COPY s FROM '$DATA_FILE' (FORMAT binary);
  INSERT INTO bench_local AS t SELECT * FROM s ON CONFLICT (k) DO UPDATE SET $merge_set;
  COMMIT;"
}

median() { xargs -n1 | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
best() { xargs -n1 | sort -n | head -1; }

report_row() { # scenario rows pull_times tds_times local_times
  local pb pm tb lb
  pb=$(echo "$3" | best); pm=$(echo "$3" | median)
  tb=$(echo "$4" | best); lb=$(echo "$5" | best)
  printf '| %s | %s | %.0f | %.0f | %.0f | %.0f | %.2f | %.2f |\n' "$1" "$2" "$(echo "$2 / $pb" | bc -l)" \
    "$(echo "$2 / $pm" | bc -l)" "$(echo "$2 / $tb" | bc -l)" "$(echo "$2 / $lb" | bc -l)" \
    "$(echo "$tb / $pb" | bc -l)" "$(echo "$lb / $pb" | bc -l)"
}

memory_kb() { # rows -> "VmHWM RssAnon RssShmem" of a fresh backend after pulling that many rows
  setup_remote "$1"
  pg -c "TRUNCATE bench_pull"
  pg -c "SELECT 1 FROM mssql_upsert_pull('bench', 'dbo.Bench', 'bench_pull');
         SELECT string_agg(regexp_replace(line, '^[A-Za-z]+:\s+([0-9]+) kB$', '\1'), ' ' ORDER BY line)
         FROM regexp_split_to_table(pg_read_file('/proc/' || pg_backend_pid() || '/status'), E'\n') AS line
         WHERE line ~ '^(VmHWM|RssAnon|RssShmem):'" | tail -1
}

DATA_FILE=$MSSQL_UPSERT_DEVENV_DIR/bench_rows.bin
setup_local
setup_remote "$ROWS"

echo "| scenario | rows | pull rows/s (best) | pull rows/s (median) | tds_fdw rows/s (best) | local limit rows/s (best) | pull / tds_fdw | pull / local limit |"
echo "|---|---|---|---|---|---|---|---|"
for scenario in empty unchanged changed10; do
  pull_times="" tds_times="" local_times=""
  for _ in $(seq 1 $RUNS); do
    case $scenario in
    empty) pg -c "TRUNCATE bench_pull, bench_local, bench_tds" ;;
    unchanged) pg -c "TRUNCATE bench_local, bench_tds" -c "INSERT INTO bench_local SELECT * FROM bench_pull" -c "INSERT INTO bench_tds SELECT * FROM bench_pull" ;;
    changed10)
      pg -c "TRUNCATE bench_local, bench_tds" -c "INSERT INTO bench_local SELECT * FROM bench_pull" -c "INSERT INTO bench_tds SELECT * FROM bench_pull"
      backend -c "UPDATE dbo.bench SET i = i + 1 WHERE k % 10 = 0" ;;
    esac
    pull_times+=" $(seconds_of "$pull_sql")"
    tds_times+=" $(seconds_of "$tds_sql")"
    # the local limit merges exactly the rows the pull just brought
    pg -c "COPY bench_pull TO '$DATA_FILE' (FORMAT binary)"
    local_times+=" $(seconds_of "$(local_sql)")"
  done
  report_row "$scenario" "$ROWS" "$pull_times" "$tds_times" "$local_times"
done

small=$((ROWS / 10))
echo
# VmHWM counts the shared buffers the backend touched, which grow with the
# table; RssAnon (private memory, after the call) is what the pull itself holds.
echo "| rows pulled | RssAnon kB | RssShmem kB | VmHWM kB |"
echo "|---|---|---|---|"
for n in "$small" "$ROWS"; do
  read -r anon shmem hwm <<<"$(memory_kb "$n")"
  echo "| $n | $anon | $shmem | $hwm |"
done
