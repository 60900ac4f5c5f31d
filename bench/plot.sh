#!/usr/bin/env bash
# bench/plot.sh RESULTS.tsv OUT.png
# Bar charts of rows/s (best run) per scenario and contender, one panel per
# direction and table size, from the lines bench/run.sh records:
#   direction scenario rows contender best_rows_per_s median_rows_per_s
# Needs gnuplot (Debian: gnuplot-nox). Run as root, it installs that package
# when missing; otherwise it says so and skips the plot (exit status 0).
set -euo pipefail
[[ $# == 2 && -f $1 ]] || { echo "usage: $0 RESULTS.tsv OUT.png" >&2; exit 2; }
results=$1 out=$2

if ! command -v gnuplot >/dev/null; then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    echo "bench: installing gnuplot-nox for the plot" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q gnuplot-nox >/dev/null ||
      { echo "bench: gnuplot-nox could not be installed; no plot" >&2; exit 0; }
  else
    echo "bench: gnuplot is not installed (Debian: apt-get install gnuplot-nox); no plot" >&2
    exit 0
  fi
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One data file per direction and size: a scenario per line, a contender per column.
panel_data() { # direction rows file
  awk -F'\t' -v d="$1" -v n="$3" '
    $1 == d && $3 == n {
      if (!($2 in seen)) { seen[$2] = 1; scenarios[++ns] = $2 }
      if (!($4 in known)) { known[$4] = 1; contenders[++nc] = $4 }
      rate[$2, $4] = $5
    }
    END {
      printf "scenario"; for (c = 1; c <= nc; c++) printf "\t\"%s\"", contenders[c]; print ""
      for (s = 1; s <= ns; s++) {
        printf "%s", scenarios[s]
        for (c = 1; c <= nc; c++) printf "\t%s", ((scenarios[s], contenders[c]) in rate) ? rate[scenarios[s], contenders[c]] : "NaN"
        print ""
      }
    }' "$results" >"$2"
}

thousands() { echo "$1" | rev | sed 's/[0-9]\{3\}/&,/g; s/,$//' | rev; }

mapfile -t directions < <(cut -f1 "$results" | awk '!seen[$0]++')
mapfile -t sizes < <(cut -f3 "$results" | sort -n | uniq)
{
  echo "set terminal pngcairo size $((520 * ${#sizes[@]})),$((380 * ${#directions[@]})) font ',10' noenhanced"
  echo "set output '$out'"
  echo "set multiplot layout ${#directions[@]},${#sizes[@]} title 'mssql_upsert_fdw bench: rows/s, best run (higher is better)'"
  echo "set style data histograms; set style histogram clustered gap 1"
  echo "set style fill solid 0.85 border -1; set boxwidth 0.9"
  echo "set yrange [0:*]; set grid ytics; set key outside bottom center horizontal; set format y '%.0s%c'"
  for direction in "${directions[@]}"; do
    for rows in "${sizes[@]}"; do
      data=$work/$direction-$rows.dat
      panel_data "$direction" "$data" "$rows"
      columns=$(head -1 "$data" | awk -F'\t' '{print NF}')
      echo "set title '$direction, $(thousands "$rows") rows'"
      echo "plot for [c=2:$columns] '$data' using c:xtic(1) title columnheader(c)"
    done
  done
  echo "unset multiplot"
} >"$work/plot.gp"
gnuplot "$work/plot.gp"
echo "bench: plot written to $out" >&2
