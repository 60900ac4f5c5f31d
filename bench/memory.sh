# Memory of a fresh backend running one pull or one push (sourced by bench/run.sh;
# uses lib.sh, pull.sh and push.sh).
#
# What each figure is (/proc/<backend pid>/status):
# - RssAnon: the backend's private memory: the extension's chunk buffers, FreeTDS,
#   palloc contexts, catalog caches, temp buffers. Its peak during the call is what
#   the sync itself holds; /proc keeps no peak of it, so a sampler reads it every
#   20 ms from outside while the call runs.
# - RssShmem: the pages of shared memory (shared_buffers) the backend touched;
#   they grow with the table written or read, up to shared_buffers.
# - VmHWM: the peak of the whole RSS, private and shared together, kept by the
#   kernel; it grows with the table through RssShmem.

PROBE_DIR=$MSSQL_UPSERT_DEVENV_DIR/memory_probe # the server writes the pid file: its directory

# Waits for the backend pid, then samples its RssAnon until the stop file appears.
sample_rss_anon() { # -> "kB before the call, peak kB"
  local pid first="" peak=0 key value _
  while [[ ! -s $PROBE_DIR/pid ]]; do sleep 0.01; done
  pid=$(<"$PROBE_DIR/pid")
  while [[ ! -e $PROBE_DIR/stop ]]; do
    while read -r key value _; do
      [[ $key == RssAnon: ]] || continue
      [[ -n $first ]] || { first=$value; : >"$PROBE_DIR/sampling"; }
      ((value > peak)) && peak=$value
    done <"/proc/$pid/status" || break
    sleep 0.02
  done
  echo "$first $peak"
}

memory_probe() { # sql -> "RssAnon before, RssAnon peak, RssAnon after, RssShmem after, VmHWM" (kB)
  local sampler after
  rm -rf "$PROBE_DIR"
  mkdir -p "$PROBE_DIR"
  chown postgres "$PROBE_DIR" 2>/dev/null || true
  sample_rss_anon >"$PROBE_DIR/sampled" &
  sampler=$!
  after=$(pg <<SQL
COPY (SELECT pg_backend_pid()) TO '$PROBE_DIR/pid';
\\! while [ ! -e '$PROBE_DIR/sampling' ]; do sleep 0.01; done
\\o /dev/null
$1;
\\o
SELECT string_agg(regexp_replace(line, '^[A-Za-z]+:\s+([0-9]+) kB$', '\1'), ' ' ORDER BY line)
FROM regexp_split_to_table(pg_read_file('/proc/' || pg_backend_pid() || '/status'), E'\n') AS line
WHERE line ~ '^(VmHWM|RssAnon|RssShmem):';
\\! touch '$PROBE_DIR/stop'
SQL
  ) || { kill "$sampler" 2>/dev/null; echo "bench: the memory probe failed: $1" >&2; exit 1; }
  wait "$sampler"
  echo "$(<"$PROBE_DIR/sampled") $after" # before peak | anon shmem hwm (ORDER BY line)
}

memory_row() { # direction rows sql -> a table row; the figures also go to MEMORY_TSV
  local before peak anon shmem hwm
  read -r before peak anon shmem hwm <<<"$(memory_probe "$3")"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$before" "$peak" "$anon" "$shmem" "$hwm" >>"$MEMORY_TSV"
  echo "| $1 | $2 | $before | $peak | $anon | $shmem | $hwm |"
}

growth() { # direction column -> "largest / smallest size" of that column in MEMORY_TSV
  sort -t$'\t' -k2,2n "$MEMORY_TSV" | awk -F'\t' -v d="$1" -v c="$2" \
    '$1 == d { if (first == "") first = $c; last = $c } END { if (first > 0) printf "%.2f", last / first }'
}

run_memory() { # sizes...
  local n
  : >"$MEMORY_TSV"
  echo
  echo "| memory of a fresh backend | rows | RssAnon before kB | RssAnon peak kB (sampled) | RssAnon after kB | RssShmem after kB | VmHWM kB |"
  echo "|---|---|---|---|---|---|---|"
  for n in "$@"; do
    if [[ $RUN_PULL == 1 ]]; then
      setup_remote "$n"
      pg -c "TRUNCATE bench_pull"
      memory_row pull "$n" "SELECT 1 FROM mssql_upsert_pull('bench', 'dbo.Bench', 'bench_pull')"
    fi
    if [[ $RUN_PUSH == 1 ]]; then
      setup_push "$n"
      memory_row push "$n" "SELECT 1 FROM mssql_upsert_push('bench_src', 'bench', 'dbo.BenchPush')"
    fi
  done
  echo
  for direction in pull push; do
    grep -q "^$direction" "$MEMORY_TSV" || continue
    echo "$direction, $(sort -t$'\t' -k2,2n "$MEMORY_TSV" | awk -F'\t' -v d=$direction '$1 == d {print $2}' | paste -sd/) rows:" \
      "peak RssAnon grew $(growth $direction 4)x, VmHWM $(growth $direction 7)x (goal: at most 1.2x from 100K to 1M)"
  done
  rm -rf "$PROBE_DIR"
}
