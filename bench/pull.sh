# Pull scenarios of bench/run.sh (sourced by it; uses lib.sh and the bench server).
# Contenders, alternating, on the same rows:
#   pull: SELECT * FROM mssql_upsert_pull('bench', 'dbo.Bench', 'bench_pull');
#   tds_fdw: INSERT INTO t SELECT * FROM <tds_fdw foreign table> ON CONFLICT ...
#     DO UPDATE ... WHERE ... IS DISTINCT FROM (tds_fdw's defaults);
#   the local limit: the same rows as a binary COPY file, no network at all:
#     into an empty table (the pull loads it directly, as COPY does) straight
#     into the same indexed empty table; otherwise into a TEMP table + the same merge.
# Scenarios: into an empty table; the same with mode => 'merge' (the pull's
# path into an empty table before the direct load, against the merge's local
# limit); re-pull unchanged; re-pull with 10% changed.
# The remote table lives on the TDS test server; its rows are generated in the
# test server's backend database directly (setup only, not measured).

setup_remote() { # rows
  mssql "IF OBJECT_ID('dbo.Bench') IS NOT NULL DROP TABLE dbo.Bench" >/dev/null
  mssql "CREATE TABLE dbo.Bench ($bench_mssql_columns)" >/dev/null
  backend -c "INSERT INTO dbo.bench $(bench_row_select "$1" 'g % 2')"
  backend -c "VACUUM ANALYZE dbo.bench"
}

setup_pull_local() {
  pg -c "SET client_min_messages = warning;
    CREATE EXTENSION IF NOT EXISTS mssql_upsert_fdw;
    DROP SERVER IF EXISTS bench CASCADE;
    CREATE SERVER bench FOREIGN DATA WRAPPER mssql_upsert_fdw OPTIONS (host '$MSSQL_HOST', port '$MSSQL_PORT', database '$MSSQL_DATABASE');
    CREATE USER MAPPING FOR CURRENT_USER SERVER bench OPTIONS (username '$MSSQL_USER', password '$MSSQL_PASSWORD');
    DROP TABLE IF EXISTS bench_pull, bench_local, bench_tds;
    CREATE TABLE bench_pull ($bench_pg_columns) WITH (autovacuum_enabled = off);
    CREATE TABLE bench_local (LIKE bench_pull INCLUDING ALL) WITH (autovacuum_enabled = off);
    CREATE TABLE bench_tds (LIKE bench_pull INCLUDING ALL) WITH (autovacuum_enabled = off);
    CREATE EXTENSION IF NOT EXISTS tds_fdw;
    DROP SERVER IF EXISTS bench_tds_server CASCADE;
    CREATE SERVER bench_tds_server FOREIGN DATA WRAPPER tds_fdw OPTIONS (servername '$MSSQL_HOST', port '$MSSQL_PORT', database '$MSSQL_DATABASE', tds_version '7.4');
    CREATE USER MAPPING FOR CURRENT_USER SERVER bench_tds_server OPTIONS (username '$MSSQL_USER', password '$MSSQL_PASSWORD');
    CREATE FOREIGN TABLE bench_remote_tds (k int, i int, b bigint, name varchar(40), description varchar(100),
      at timestamp, amount numeric(12,4), flag boolean, x double precision, g uuid)
      SERVER bench_tds_server OPTIONS (table_name 'dbo.Bench');"
}

pull_sql="SELECT * FROM mssql_upsert_pull('bench', 'dbo.Bench', 'bench_pull')"
pull_merge_sql="SELECT * FROM mssql_upsert_pull('bench', 'dbo.Bench', 'bench_pull', mode => 'merge')"
merge_set="i = EXCLUDED.i, b = EXCLUDED.b, name = EXCLUDED.name, description = EXCLUDED.description, at = EXCLUDED.at,
    amount = EXCLUDED.amount, flag = EXCLUDED.flag, x = EXCLUDED.x, g = EXCLUDED.g
  WHERE (t.i, t.b, t.name, t.description, t.at, t.amount, t.flag, t.x, t.g) IS DISTINCT FROM
        (EXCLUDED.i, EXCLUDED.b, EXCLUDED.name, EXCLUDED.description, EXCLUDED.at, EXCLUDED.amount, EXCLUDED.flag, EXCLUDED.x, EXCLUDED.g)"
tds_sql="SET client_min_messages = warning; INSERT INTO bench_tds AS t SELECT * FROM bench_remote_tds ON CONFLICT (k) DO UPDATE SET $merge_set"
PULL_DATA_FILE=$MSSQL_UPSERT_DEVENV_DIR/bench_rows.bin # written and read by the server
local_sql="BEGIN; CREATE TEMP TABLE s (LIKE bench_local) ON COMMIT DROP;
  COPY s FROM '$PULL_DATA_FILE' (FORMAT binary);
  INSERT INTO bench_local AS t SELECT * FROM s ON CONFLICT (k) DO UPDATE SET $merge_set;
  COMMIT;"
copy_sql="COPY bench_local FROM '$PULL_DATA_FILE' (FORMAT binary)"

same_local_contents() { # the three targets hold the same rows after a scenario
  local sums
  sums=$(pg -c "SELECT count(DISTINCT s) FROM (
    SELECT (count(*), sum(i), sum(b), md5(string_agg(name, ',' ORDER BY k)))::text s FROM bench_pull UNION ALL
    SELECT (count(*), sum(i), sum(b), md5(string_agg(name, ',' ORDER BY k)))::text FROM bench_tds UNION ALL
    SELECT (count(*), sum(i), sum(b), md5(string_agg(name, ',' ORDER BY k)))::text FROM bench_local) x")
  [[ "$sums" == 1 ]] || { echo "bench: pull, tds_fdw and local limit targets differ" >&2; exit 1; }
}

run_pull_scenarios() { # rows
  local rows=$1 scenario pull_times tds_times local_times pb tb lb scenario_pull_sql scenario_local_sql
  setup_remote "$rows"
  pg -c "TRUNCATE bench_pull, bench_local, bench_tds"
  echo
  echo "| scenario | rows | pull rows/s (best) | pull rows/s (median) | tds_fdw rows/s (best) | local limit rows/s (best) | pull / tds_fdw | pull / local limit |"
  echo "|---|---|---|---|---|---|---|---|"
  for scenario in empty empty_merge unchanged changed10; do
    pull_times="" tds_times="" local_times=""
    scenario_pull_sql=$pull_sql scenario_local_sql=$local_sql
    case $scenario in
    empty) scenario_local_sql=$copy_sql ;;
    empty_merge) scenario_pull_sql=$pull_merge_sql ;;
    esac
    for _ in $(seq 1 "$RUNS"); do
      case $scenario in
      empty | empty_merge) pg -c "TRUNCATE bench_pull, bench_local, bench_tds" ;;
      unchanged) pg -c "TRUNCATE bench_local, bench_tds" -c "INSERT INTO bench_local SELECT * FROM bench_pull" -c "INSERT INTO bench_tds SELECT * FROM bench_pull" ;;
      changed10)
        pg -c "TRUNCATE bench_local, bench_tds" -c "INSERT INTO bench_local SELECT * FROM bench_pull" -c "INSERT INTO bench_tds SELECT * FROM bench_pull"
        backend -c "UPDATE dbo.bench SET i = i + 1 WHERE k % 10 = 0" ;;
      esac
      # The three targets start each round alike: hint bits set, visibility map
      # and statistics current, and no autovacuum (off for them) inside a timed run.
      pg -c "VACUUM ANALYZE bench_pull, bench_local, bench_tds"
      pull_times+=" $(checkpointed_seconds_of "$scenario_pull_sql")"
      tds_times+=" $(checkpointed_seconds_of "$tds_sql")"
      # the local limit loads or merges exactly the rows the pull just brought
      pg -c "COPY bench_pull TO '$PULL_DATA_FILE' (FORMAT binary)"
      local_times+=" $(checkpointed_seconds_of "$scenario_local_sql")"
      same_local_contents
    done
    record pull "$scenario" "$rows" mssql_upsert_pull "$pull_times"
    record pull "$scenario" "$rows" tds_fdw "$tds_times"
    record pull "$scenario" "$rows" "local limit" "$local_times"
    pb=$(echo "$pull_times" | best) tb=$(echo "$tds_times" | best) lb=$(echo "$local_times" | best)
    echo "| $scenario | $rows | $(rate "$rows" "$pb") | $(rate "$rows" "$(echo "$pull_times" | median)") |" \
      "$(rate "$rows" "$tb") | $(rate "$rows" "$lb") | $(ratio "$tb" "$pb") | $(ratio "$lb" "$pb") |"
  done
  rm -f "$PULL_DATA_FILE"
}
