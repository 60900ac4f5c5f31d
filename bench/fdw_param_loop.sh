#!/usr/bin/env bash
# bench/fdw_param_loop.sh setup [REMOTE_ROWS] [OUTER_ROWS] | loop | hash
# A join whose inner side is a foreign scan: `loop` forces the nested loop of
# parameterized scans (one remote query per outer row, its value a parameter),
# `hash` the hash join over one scan of the whole remote table. `setup` makes
# dbo.BenchParam (default 20,000 rows) and the outer table (default 500 rows,
# keys spread over the remote ones). Each run prints the joined row count,
# checked against the outer rows. Time the runs side by side, e.g.:
#   bench/fdw_param_loop.sh setup && time bench/fdw_param_loop.sh loop
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
eval "$("$ROOT/scripts/devenv.sh" env 2>/dev/null || "$ROOT/scripts/devenv.sh" up)"
source "$ROOT/bench/lib.sh"

FORCE="SET enable_hashjoin = off; SET enable_mergejoin = off; SET enable_material = off; SET enable_memoize = off;"
JOIN="SELECT count(*) FROM bench_param_outer o JOIN bench_param i ON i.k = o.ref"

case ${1:-} in
setup)
  remote_rows=${2:-20000}
  outer_rows=${3:-500}
  mssql "IF OBJECT_ID('dbo.BenchParam') IS NOT NULL DROP TABLE dbo.BenchParam" >/dev/null
  mssql "CREATE TABLE dbo.BenchParam ($bench_mssql_columns)" >/dev/null
  pg -c "SET client_min_messages = warning; DROP TABLE IF EXISTS bench_param_src;
    CREATE TABLE bench_param_src ($bench_pg_columns); INSERT INTO bench_param_src $(bench_row_select "$remote_rows" "g % 2 = 0");
    DROP SERVER IF EXISTS bench_param_server CASCADE;
    CREATE SERVER bench_param_server FOREIGN DATA WRAPPER mssql_upsert_fdw
      OPTIONS (host '$MSSQL_HOST', port '$MSSQL_PORT', database '$MSSQL_DATABASE');
    CREATE USER MAPPING FOR CURRENT_USER SERVER bench_param_server
      OPTIONS (username '$MSSQL_USER', password '$MSSQL_PASSWORD');
    CREATE FOREIGN TABLE bench_param ($(sed 's/ PRIMARY KEY//' <<<"$bench_pg_columns"))
      SERVER bench_param_server OPTIONS (table_name 'BenchParam');
    DROP TABLE IF EXISTS bench_param_outer;
    CREATE TABLE bench_param_outer (n int PRIMARY KEY, ref int);
    INSERT INTO bench_param_outer SELECT n, (n * 7919) % $remote_rows + 1 FROM generate_series(1, $outer_rows) n;
    ANALYZE bench_param_outer"
  pg -c "SELECT 1 FROM mssql_upsert_push('bench_param_src', 'bench_param_server', 'dbo.BenchParam')" >/dev/null
  pg -c "ANALYZE bench_param"
  echo "dbo.BenchParam: $(mssql "SELECT COUNT(*) FROM dbo.BenchParam") rows; outer: $outer_rows rows"
  ;;
loop | hash)
  settings=$([[ $1 == loop ]] && echo "$FORCE" || echo "SET enable_nestloop = off;")
  plan=$(pg -c "$settings EXPLAIN $JOIN")
  [[ $1 == hash && $plan == *"Hash Join"* || $1 == loop && $plan == *"Nested Loop"* ]] ||
    { echo "bench: the $1 plan was not chosen:" >&2; echo "$plan" >&2; exit 1; }
  got=$(pg -c "$settings $JOIN")
  want=$(pg -c "SELECT count(*) FROM bench_param_outer")
  [[ $got == "$want" ]] || { echo "bench: the join returned $got rows, expected $want" >&2; exit 1; }
  echo "$got"
  ;;
*)
  echo "usage: $0 setup [REMOTE_ROWS] [OUTER_ROWS] | loop | hash" >&2
  exit 2
  ;;
esac
