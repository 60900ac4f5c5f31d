#!/usr/bin/env bash
# The "see it work" command: brings up the throwaway environment (PostgreSQL 15
# and the TDS test server standing in for SQL Server), then walks through the
# extension step by step. Leaves the environment running; stop it with
# scripts/devenv.sh down.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

eval "$("$ROOT/scripts/devenv.sh" up)"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run_sql() { psql -X -v ON_ERROR_STOP=1 -e "$@"; }

step "1. Install the extension"
run_sql -c "DROP TABLE IF EXISTS demo_orders" -c "DROP EXTENSION IF EXISTS mssql_upsert_fdw CASCADE" -c "CREATE EXTENSION mssql_upsert_fdw"

step "2. Describe the SQL Server: a foreign server and a user mapping"
run_sql <<SQL
CREATE SERVER demo_mssql FOREIGN DATA WRAPPER mssql_upsert_fdw
  OPTIONS (host '${MSSQL_HOST:-mssql.example}', port '${MSSQL_PORT:-1433}', database '${MSSQL_DATABASE:-master}');
SQL
# Not echoed: the statement carries the password.
echo "CREATE USER MAPPING FOR CURRENT_USER SERVER demo_mssql OPTIONS (username '${MSSQL_USER:-sa}', password '********');"
psql -X -v ON_ERROR_STOP=1 -q -c "CREATE USER MAPPING FOR CURRENT_USER SERVER demo_mssql
  OPTIONS (username '${MSSQL_USER:-sa}', password '${MSSQL_PASSWORD:-secret}')"
run_sql -c "SELECT srvname, srvoptions FROM pg_foreign_server WHERE srvname = 'demo_mssql'"

step "3. Options are checked as you type them"
run_sql -c "ALTER SERVER demo_mssql OPTIONS (SET port 'x1433')" || true

if [[ -f "$ROOT/scripts/demo_sync.sh" ]]; then
  step "4. Pull a SQL Server table into PostgreSQL"
  source "$ROOT/scripts/demo_sync.sh"
fi

if [[ -f "$ROOT/scripts/demo_push.sh" ]]; then
  step "5. Push a PostgreSQL table (and a query) to SQL Server"
  source "$ROOT/scripts/demo_push.sh"
fi

printf '\nThe environment is still running (psql connects with the variables below); stop it with scripts/devenv.sh down.\n'
"$ROOT/scripts/devenv.sh" env
