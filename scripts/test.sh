#!/usr/bin/env bash
# The one test command: installs what it needs, builds, brings up the throwaway
# environment (scripts/devenv.sh), runs the unit tests, pg_regress and the
# integration tests, and ends with one line "N passed, N failed".
#
# Against a real SQL Server instead of the TDS test server:
#   MSSQL_TEST_HOST=... MSSQL_TEST_PORT=1433 MSSQL_TEST_USER=... \
#   MSSQL_TEST_PASSWORD=... MSSQL_TEST_DATABASE=... scripts/test.sh
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${MSSQL_UPSERT_BUILD_DIR:-$ROOT/build}
LOG_DIR=$BUILD_DIR/test-logs
passed=0
failed=0
failures=()

note_result() { # name status(0=pass) [log]
  if [[ $2 -eq 0 ]]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    failures+=("$1${3:+ (log: $3)}")
  fi
}

# Counts TAP lines of a test program's output; a non-zero exit without any
# "not ok" line counts as one failure of its own.
run_tap_program() { # name log command...
  local name=$1 log=$2
  shift 2
  "$@" >"$log" 2>&1
  local status=$?
  local ok not_ok
  ok=$(grep -cE '^ok [0-9]+' "$log")
  not_ok=$(grep -cE '^not ok [0-9]+' "$log")
  passed=$((passed + ok))
  failed=$((failed + not_ok))
  grep -E '^not ok [0-9]+' "$log" | sed "s|^|$name: |" | while read -r line; do echo "  $line"; done
  for line in $(grep -nE '^not ok [0-9]+' "$log" | cut -d: -f1); do failures+=("$name line $line (log: $log)"); done
  if [[ $status -ne 0 && $not_ok -eq 0 ]]; then
    note_result "$name exited with status $status" 1 "$log"
  fi
  echo "$name: $ok ok, $not_ok not ok (exit $status)"
}

"$ROOT/scripts/install_deps.sh" || { echo "installing packages failed"; echo "0 passed, 1 failed"; exit 1; }
mkdir -p "$LOG_DIR"

echo "== build"
if ! { cmake -S "$ROOT" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo &&
       cmake --build "$BUILD_DIR" -j2; } >"$LOG_DIR/cmake-build.log" 2>&1; then
  tail -n 60 "$LOG_DIR/cmake-build.log"
  echo "0 passed, 1 failed"
  exit 1
fi

echo "== unit tests (GoogleTest)"
for binary in "$BUILD_DIR"/unit_* "$BUILD_DIR"/test/tds_server/*_tests; do
  [[ -x "$binary" && -f "$binary" ]] || continue
  name=$(basename "$binary")
  log=$LOG_DIR/$name.log
  "$binary" --gtest_brief=1 >"$log" 2>&1
  status=$?
  ok=$(sed -nE 's/^\[  PASSED  \] ([0-9]+) tests?.*/\1/p' "$log" | tail -n 1)
  # --gtest_brief prints no "listed below" summary: count the failed tests' names.
  bad=$(grep -oE '^\[  FAILED  \] [A-Za-z0-9_/]+\.[A-Za-z0-9_/]+' "$log" | sort -u | wc -l)
  [[ $bad -eq 0 ]] && bad=""
  passed=$((passed + ${ok:-0}))
  failed=$((failed + ${bad:-0}))
  [[ -n "$bad" ]] && failures+=("$name: $bad failed (log: $log)")
  [[ $status -ne 0 && -z "$bad" ]] && note_result "$name exited with status $status" 1 "$log"
  echo "$name: ${ok:-0} passed, ${bad:-0} failed"
done

echo "== environment"
if ! env_lines=$("$ROOT/scripts/devenv.sh" up); then
  echo "scripts/devenv.sh up failed"
  echo "$passed passed, $((failed + 1)) failed"
  exit 1
fi
eval "$env_lines"
trap '"$ROOT/scripts/devenv.sh" down' EXIT

echo "== pg_regress"
make -C "$ROOT" installcheck >"$LOG_DIR/pg_regress.log" 2>&1
regress_status=$?
regress_failures=0
while read -r line; do
  if [[ "$line" =~ ^(not\ )?ok\ [0-9]+\ +-\ +([a-z_0-9]+) ]]; then # PostgreSQL 16 and later (TAP)
    name=${BASH_REMATCH[2]} status=0
    [[ -n "${BASH_REMATCH[1]}" ]] && status=1
  elif [[ "$line" =~ ^(test\ +)?([a-z_0-9]+)\ +\.\.\.\ +(ok)? ]]; then # PostgreSQL 15
    name=${BASH_REMATCH[2]} status=1
    [[ -n "${BASH_REMATCH[3]}" ]] && status=0
  else
    continue
  fi
  note_result "pg_regress $name" "$status" "$ROOT/regression.diffs"
  regress_failures=$((regress_failures + status))
  echo "  $line"
done < <(sed -E 's/^ +//' "$LOG_DIR/pg_regress.log")
if [[ $regress_status -ne 0 ]]; then
  [[ -f "$ROOT/regression.diffs" ]] && head -n 80 "$ROOT/regression.diffs"
  [[ $regress_failures -gt 0 ]] || note_result "pg_regress run" 1 "$LOG_DIR/pg_regress.log"
fi

echo "== integration tests"
for test_program in "$ROOT"/test/tds_server/tests/*.sh "$ROOT"/test/tds_server/tests/*.py \
                    "$ROOT"/test/integration/*.sh "$ROOT"/test/integration/*.py; do
  [[ -f "$test_program" && -x "$test_program" ]] || continue
  name=${test_program#"$ROOT"/}
  log=$LOG_DIR/$(echo "$name" | tr '/' '_').log
  case "$test_program" in
  *.py) run_tap_program "$name" "$log" /usr/bin/python3 "$test_program" ;;
  *) run_tap_program "$name" "$log" bash "$test_program" ;;
  esac
done

if [[ ${#failures[@]} -gt 0 ]]; then
  echo "== failures"
  printf '  %s\n' "${failures[@]}"
fi
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
