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
# Runs the SQL script on stdin in one session that goes on past errors, printing
# its output and the errors with their SQLSTATE, without context lines.
pg_script() { psql -X -q -At -v VERBOSITY=verbose 2>&1 | grep -vE '^(CONTEXT|LOCATION|PL/pgSQL|SQL statement|LINE|\s)'; }

# Runs a T-SQL batch on the SQL Server side through python3-tds (a client nobody
# here wrote) and prints result rows tab-separated, NULL as \N.
mssql() { /usr/bin/python3 "$INTEGRATION_DIR/mssql_exec.py" "$@"; }

# Holds a transaction open on the SQL Server side for $2 seconds on its own
# connection, after running batch $1 in it; runs in the background ($! is its pid).
mssql_open_transaction() {
  /usr/bin/python3 - "$1" "$2" <<'PY' &
import os, sys, time, pytds
conn = pytds.connect(server=os.environ["MSSQL_HOST"], port=int(os.environ["MSSQL_PORT"]),
                     database=os.environ.get("MSSQL_DATABASE") or None, user=os.environ["MSSQL_USER"],
                     password=os.environ["MSSQL_PASSWORD"], autocommit=True)
cur = conn.cursor()
cur.execute("BEGIN TRANSACTION")
cur.execute(sys.argv[1])
time.sleep(float(sys.argv[2]))
cur.execute("COMMIT")
PY
}

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

# The "every type" fixture shared by the pull and the foreign table tests: a
# remote table of every readable SQL Server type with rows of extreme values
# (1), zero/empty values (2) and NULLs (3), the local column list it maps to,
# and the values rows 1 and 2 must arrive as (TimeZone UTC), selected with
# ALL_TYPES_ROW1_SQL / ALL_TYPES_ROW2_SQL. (datetime2(7) literals use 6
# digits: the TDS test server stores microseconds; the 100 ns truncation
# itself is covered by test/unit/remote.)
create_remote_all_types() { # remote table name, e.g. dbo.AllTypes
  mssql "IF OBJECT_ID('$1') IS NOT NULL DROP TABLE $1" >/dev/null
  mssql "CREATE TABLE $1 (Id int NOT NULL PRIMARY KEY, B bit, Ti tinyint, Si smallint,
  I int, Bi bigint, D decimal(38,10), M money, Sm smallmoney, R real, F float, Vc varchar(20),
  Nvc nvarchar(50), Nmax nvarchar(max), Vb varbinary(100), Dt date, Tm time(7), Dtm datetime,
  Dt2 datetime2(7), Sdt smalldatetime, Dto datetimeoffset(3), G uniqueidentifier)" >/dev/null
  mssql "INSERT INTO $1 VALUES
 (1, 1, 255, -32768, -2147483648, 9223372036854775807, 1234567890123456789012345678.0123456789,
  -922337203685477.5808, 214748.3647, 1.5, -2.25, 'cafe', N'Zoë 😀 漢字', N'long text',
  0x00FF10, '0001-01-01', '23:59:59.9999999', '1753-01-01 00:00:00.000', '9999-12-31 23:59:59.999999',
  '2079-06-06 23:59:00', '2024-05-06 07:08:09.123', '6F9619FF-8B86-D011-B42D-00C04FC964FF'),
 (2, 0, 0, 0, 0, 0, -0.0000000001, 0, 0, 0, 0, '', N'', N'', 0x, '9999-12-31', '00:00:00', '2024-02-29 12:34:56.997',
  '2000-01-01 00:00:00.0000005', '1900-01-01 00:00:00', '2000-01-01 00:00:00', '00000000-0000-0000-0000-000000000000'),
 (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)" >/dev/null
}
ALL_TYPES_PG_COLUMNS="id int, b boolean, ti smallint, si smallint,
  i integer, bi bigint, d numeric(38,10), m numeric(19,4), sm numeric(10,4), r real, f double precision, vc text,
  nvc varchar(50), nmax text, vb bytea, dt date, tm time, dtm timestamp, dt2 timestamp, sdt timestamp,
  dto timestamptz, g uuid"
ALL_TYPES_ROW1_SQL="SET TimeZone = 'UTC'; SELECT concat_ws(',', b, ti, si, i, bi, d, m, sm, r, f, vc, nvc, nmax, encode(vb, 'hex'), dt, tm, dtm, dt2, sdt, dto, g)"
ALL_TYPES_ROW1="t,255,-32768,-2147483648,9223372036854775807,1234567890123456789012345678.0123456789,-922337203685477.5808,214748.3647,1.5,-2.25,cafe,Zoë 😀 漢字,long text,00ff10,0001-01-01,23:59:59.999999,1753-01-01 00:00:00,9999-12-31 23:59:59.999999,2079-06-06 23:59:00,2024-05-06 07:08:09.123+00,6f9619ff-8b86-d011-b42d-00c04fc964ff"
ALL_TYPES_ROW2_SQL="SET TimeZone = 'UTC'; SELECT concat_ws(',', b, ti, d, vc = '', nvc = '', encode(vb, 'hex') = '', dt, tm, dtm, dt2, sdt, g)"
ALL_TYPES_ROW2="f,0,-0.0000000001,t,t,t,9999-12-31,00:00:00,2024-02-29 12:34:56.997,2000-01-01 00:00:00,1900-01-01 00:00:00,00000000-0000-0000-0000-000000000000"
ALL_TYPES_NULLS_SQL="SELECT num_nulls(b, ti, si, i, bi, d, m, sm, r, f, vc, nvc, nmax, vb, dt, tm, dtm, dt2, sdt, dto, g)"

# Cancel checks for a statement blocked on SQL Server (arm the test server's
# delay_per_statement_ms fault first). what names the call in the test lines.
check_statement_timeout() { # sql what
  local started elapsed_ms out
  started=$(date +%s%N)
  out=$(pg_error -c "SET statement_timeout = '1s'; $1")
  elapsed_ms=$(( ($(date +%s%N) - started) / 1000000 ))
  like "$out" 'canceling statement due to statement timeout' "statement_timeout ends $2 blocked on SQL Server"
  (( elapsed_ms < 4000 )); ok $? "it ends within about a second of the timeout (took ${elapsed_ms} ms)"
}
# ready (optional) returns once the call is where the cancel should reach it
# (default: after a second), blocked where (default: on SQL Server).
check_cancel_backend() { # sql (unique text that finds its backend in pg_stat_activity) what [ready where]
  local client started elapsed_ms output=/tmp/check_cancel_backend.$$
  psql -X -q -At -c "$1" >"$output" 2>&1 &
  client=$!
  ${3:-sleep 1}
  pg -c "SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE query = \$q\$$1\$q\$ AND pid <> pg_backend_pid()" >/dev/null
  started=$(date +%s%N)
  wait $client
  elapsed_ms=$(( ($(date +%s%N) - started) / 1000000 ))
  like "$(cat "$output")" 'canceling statement due to user request' "pg_cancel_backend ends $2 blocked ${4:-on SQL Server}"
  (( elapsed_ms < 3000 )); ok $? "it ends within about a second of the cancel (took ${elapsed_ms} ms)"
  rm -f "$output"
}

# The number of SQL Server sessions whose program name is $1 (sys.dm_exec_sessions;
# set it with the server option appname). With $2, waits up to 3 s for the
# count to become $2 (a closed connection's session ends shortly after).
remote_session_count() { # program [expected]
  local n
  for _ in $(seq 1 30); do
    n=$(mssql "SELECT COUNT(*) FROM sys.dm_exec_sessions WHERE program_name = '$1'")
    [[ -z "${2:-}" || $n == "$2" ]] && break
    sleep 0.1
  done
  echo "$n"
}
