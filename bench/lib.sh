# Helpers shared by bench/run.sh and the scenario files it sources (pull.sh,
# push.sh, memory.sh). Needs ROOT and the devenv variables (PG*, MSSQL_*).

pg() { psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }
backend() { psql -X -q -At -v ON_ERROR_STOP=1 -d tds_backend "$@"; }
mssql() { /usr/bin/python3 "$ROOT/test/integration/mssql_exec.py" "$@"; }

# Every generated row is a function of its key g (1..N), the same on both sides.
bench_row_select() { # rows flag_expression -> SELECT of the 10 bench columns for keys 1..rows
  echo "SELECT g, g % 1000, g::bigint * 1000003, 'name ' || g,
    'description of row ' || g || ' with some more text', timestamp '2024-01-01' + g * interval '1 second',
    (g % 100000) / 7.0, $2, g / 3.0, md5(g::text)::uuid FROM generate_series(1, $1) g"
}
bench_mssql_columns="K int NOT NULL PRIMARY KEY, I int, B bigint, Name nvarchar(40), Description nvarchar(100),
    At datetime2(6), Amount decimal(12,4), Flag bit, X float, G uniqueidentifier"
bench_pg_columns="k int PRIMARY KEY, i int, b bigint, name varchar(40), description varchar(100),
      at timestamp, amount numeric(12,4), flag boolean, x double precision, g uuid"

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

# At 1M rows the tables outgrow shared_buffers (the test server's backend
# database is in the same cluster): without a checkpoint first, a
# contender would pay for writing out the dirty buffers of the one before it.
checkpointed_seconds_of() { # sql
  pg -c "CHECKPOINT"
  seconds_of "$1"
}

median() { xargs -n1 | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
best() { xargs -n1 | sort -n | head -1; }
rate() { # rows seconds -> rows/s, rounded
  printf '%.0f' "$(echo "$1 / $2" | bc -l)"
}
ratio() { # seconds_other seconds_ours -> how many times faster ours is
  printf '%.2f' "$(echo "$1 / $2" | bc -l)"
}

# One line per contender, scenario and size, for plot.sh:
# direction scenario rows contender best_rows_per_s median_rows_per_s
record() { # direction scenario rows contender times
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$(rate "$3" "$(echo "$5" | best)")" \
    "$(rate "$3" "$(echo "$5" | median)")" >>"$RESULTS_TSV"
}
