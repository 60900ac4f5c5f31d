# Push scenarios of bench/run.sh (sourced by it; uses lib.sh, RUNS and the bench server).
# Contenders, alternating, on the same rows:
#   push: SELECT * FROM mssql_upsert_push('bench_src', 'bench', 'dbo.BenchPush')
#   DBA script: COPY bench_src out as text, `freebcp in` into dbo.BenchDbaStage,
#     the same MERGE (NULL-safe change test, WITH (TABLOCK)) through tsql into
#     dbo.BenchDba, then TRUNCATE TABLE dbo.BenchDbaStage.

setup_push_source() { # rows
  pg -c "SET client_min_messages = warning; DROP TABLE IF EXISTS bench_src;
    CREATE TABLE bench_src ($bench_pg_columns) WITH (autovacuum_enabled = off);
    INSERT INTO bench_src $(bench_row_select "$1" 'g % 2 = 1')"
  pg -c "VACUUM ANALYZE bench_src"
}
setup_push() { # rows
  setup_push_source "$1"
  for table in BenchPush BenchDba BenchDbaStage; do
    mssql "IF OBJECT_ID('dbo.$table') IS NOT NULL DROP TABLE dbo.$table" >/dev/null
    mssql "CREATE TABLE dbo.$table ($bench_mssql_columns)" >/dev/null
  done
  # In the test server's backend database: no autovacuum inside a timed run.
  backend -c "ALTER TABLE dbo.benchpush SET (autovacuum_enabled = off);
    ALTER TABLE dbo.benchdba SET (autovacuum_enabled = off)"
}

PUSH_FILE=$MSSQL_UPSERT_DEVENV_DIR/bench_push.tsv
push_sql="SELECT * FROM mssql_upsert_push('bench_src', 'bench', 'dbo.BenchPush')"
changed() { # column -> the NULL-safe change test the extension also sends (sqlgen/tsql_merge_sql)
  echo "(target.$1 <> source.$1 OR (target.$1 IS NULL AND source.$1 IS NOT NULL) OR (target.$1 IS NOT NULL AND source.$1 IS NULL))"
}
changed_bytes() { # string column: compared byte for byte, as the extension does (collations ignore case)
  echo "(CAST(target.$1 AS varbinary(max)) <> CAST(source.$1 AS varbinary(max)) OR DATALENGTH(target.$1) <> DATALENGTH(source.$1) OR (target.$1 IS NULL AND source.$1 IS NOT NULL) OR (target.$1 IS NOT NULL AND source.$1 IS NULL))"
}
dba_merge="MERGE INTO dbo.BenchDba WITH (TABLOCK) AS target USING dbo.BenchDbaStage AS source ON target.K = source.K
 WHEN MATCHED AND ($(changed I) OR $(changed B) OR $(changed_bytes Name) OR $(changed_bytes Description) OR $(changed At)
   OR $(changed Amount) OR $(changed Flag) OR $(changed X) OR $(changed G))
 THEN UPDATE SET I = source.I, B = source.B, Name = source.Name, Description = source.Description, At = source.At,
   Amount = source.Amount, Flag = source.Flag, X = source.X, G = source.G
 WHEN NOT MATCHED BY TARGET THEN INSERT (K, I, B, Name, Description, At, Amount, Flag, X, G)
   VALUES (source.K, source.I, source.B, source.Name, source.Description, source.At, source.Amount, source.Flag, source.X, source.G);
TRUNCATE TABLE dbo.BenchDbaStage"

# The DBA script, timed as one: export, bulk load, merge. A failing step stops the bench.
dba_script_seconds() {
  local start end
  pg -c "CHECKPOINT" # as checkpointed_seconds_of does for the push
  start=$(date +%s%N)
  pg -c "\\copy (SELECT k, i, b, name, description, to_char(at, 'YYYY-MM-DD HH24:MI:SS.US'), amount, flag::int, x, g FROM bench_src) TO '$PUSH_FILE'"
  freebcp dbo.BenchDbaStage in "$PUSH_FILE" -S "$MSSQL_HOST:$MSSQL_PORT" -U "$MSSQL_USER" -P "$MSSQL_PASSWORD" \
    -D "$MSSQL_DATABASE" -c -t '\t' -r '\n' -b 10000 >"$PUSH_FILE.log" 2>&1 ||
    { echo "bench: freebcp in failed:" >&2; cat "$PUSH_FILE.log" >&2; exit 1; }
  grep -q "rows copied" "$PUSH_FILE.log" || { echo "bench: freebcp copied no rows:" >&2; cat "$PUSH_FILE.log" >&2; exit 1; }
  printf '%s\ngo\n' "$dba_merge" | tsql -H "$MSSQL_HOST" -p "$MSSQL_PORT" -U "$MSSQL_USER" -P "$MSSQL_PASSWORD" \
    -D "$MSSQL_DATABASE" >"$PUSH_FILE.merge.log" 2>&1
  grep -qiE "^Msg [0-9]+|error" "$PUSH_FILE.merge.log" && { echo "bench: the DBA MERGE failed:" >&2; cat "$PUSH_FILE.merge.log" >&2; exit 1; }
  end=$(date +%s%N)
  echo "scale=3; ($end - $start) / 1000000000" | bc
}

same_remote_contents() { # both targets hold the same rows after a scenario
  local a b
  a=$(mssql "SELECT COUNT(*), SUM(CAST(I AS bigint)), SUM(B) FROM dbo.BenchPush")
  b=$(mssql "SELECT COUNT(*), SUM(CAST(I AS bigint)), SUM(B) FROM dbo.BenchDba")
  [[ "$a" == "$b" ]] || { echo "bench: push and DBA targets differ: $a vs $b" >&2; exit 1; }
}

run_push_scenarios() { # rows
  local rows=$1 scenario push_times dba_times pb db
  setup_push "$rows"
  echo
  echo "| push scenario | rows | push rows/s (best) | push rows/s (median) | DBA script rows/s (best) | push / DBA script |"
  echo "|---|---|---|---|---|---|"
  for scenario in empty unchanged changed10; do
    push_times="" dba_times=""
    for _ in $(seq 1 "$RUNS"); do
      case $scenario in
      empty) mssql "TRUNCATE TABLE dbo.BenchPush; TRUNCATE TABLE dbo.BenchDba" >/dev/null ;;
      unchanged) ;;
      changed10) pg -c "UPDATE bench_src SET i = i + 1 WHERE k % 10 = 0" ;;
      esac
      # Source and both targets start each round alike (see run_pull_scenarios).
      pg -c "VACUUM ANALYZE bench_src"
      backend -c "VACUUM ANALYZE dbo.benchpush, dbo.benchdba"
      push_times+=" $(checkpointed_seconds_of "$push_sql")"
      dba_times+=" $(dba_script_seconds)"
      same_remote_contents
    done
    record push "$scenario" "$rows" mssql_upsert_push "$push_times"
    record push "$scenario" "$rows" "DBA script" "$dba_times"
    pb=$(echo "$push_times" | best) db=$(echo "$dba_times" | best)
    echo "| $scenario | $rows | $(rate "$rows" "$pb") | $(rate "$rows" "$(echo "$push_times" | median)") |" \
      "$(rate "$rows" "$db") | $(ratio "$db" "$pb") |"
  done
  rm -f "$PUSH_FILE" "$PUSH_FILE.log" "$PUSH_FILE.merge.log"
}
