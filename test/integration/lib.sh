# Shared helpers for the integration tests (bash, TAP output).
# Source it; the environment comes from scripts/devenv.sh (PG*, MSSQL_*).
# Each test runs against the TDS test server, or against a real SQL Server when
# scripts/devenv.sh was started with MSSQL_TEST_HOST set.

TAP_COUNT=0
TAP_FAILED=0
INTEGRATION_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

ok() { # status description
  TAP_COUNT=$((TAP_COUNT + 1))
  if [[ $1 -eq 0 ]]; then
    echo "ok $TAP_COUNT - $2"
  else
    TAP_FAILED=$((TAP_FAILED + 1))
    echo "not ok $TAP_COUNT - $2"
  fi
}

is() { # got expected description
  if [[ "$1" == "$2" ]]; then
    ok 0 "$3"
  else
    ok 1 "$3"
    printf '#   got:      %s\n#   expected: %s\n' "${1//$'\n'/$'\n#             '}" "${2//$'\n'/$'\n#             '}"
  fi
}

like() { # got regex description
  if [[ "$1" =~ $2 ]]; then
    ok 0 "$3"
  else
    ok 1 "$3"
    printf '#   got:      %s\n#   expected to match: %s\n' "$1" "$2"
  fi
}

skip_all() { # reason
  echo "1..0 # SKIP $1"
  exit 0
}

done_testing() {
  echo "1..$TAP_COUNT"
  [[ $TAP_FAILED -eq 0 ]]
}

require_mssql() {
  [[ -n "${MSSQL_HOST:-}" ]] || skip_all "no SQL Server and no TDS test server (MSSQL_HOST unset)"
}

# psql with unaligned, tuples-only output; stops at the first error.
pg() { psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }
# Runs SQL and prints stdout and stderr together (for checking error texts).
pg_error() { psql -X -q -At -v ON_ERROR_STOP=1 -v VERBOSITY=default "$@" 2>&1; }

# Runs a T-SQL batch on the SQL Server side through python3-tds (a client nobody
# here wrote) and prints result rows tab-separated, NULL as \N.
mssql() { /usr/bin/python3 "$INTEGRATION_DIR/mssql_exec.py" "$@"; }

# Creates the foreign server "$1" for the SQL Server side and a mapping for the current user.
create_mssql_server() {
  local name=${1:-mssql}
  pg <<SQL
CREATE EXTENSION IF NOT EXISTS mssql_upsert_fdw;
DROP SERVER IF EXISTS $name CASCADE;
CREATE SERVER $name FOREIGN DATA WRAPPER mssql_upsert_fdw
  OPTIONS (host '$MSSQL_HOST', port '$MSSQL_PORT', database '$MSSQL_DATABASE');
CREATE USER MAPPING FOR CURRENT_USER SERVER $name
  OPTIONS (username '$MSSQL_USER', password '$MSSQL_PASSWORD');
SQL
}

# Runs a T-SQL query on the SQL Server side and prints its rows on one line,
# columns joined by ':' and rows by ' ' (for compact comparisons).
mssql_rows() { mssql "$1" | tr '\t' ':' | paste -sd' ' -; }
