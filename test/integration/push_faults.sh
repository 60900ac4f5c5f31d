#!/usr/bin/env bash
# A push that loses its SQL Server connection midway fails with a clear error;
# with atomic => true the remote table is then as before; the next call
# reconnects. The cut is armed from inside the push: the source query arms the
# TDS test server's drop_after_rows fault while the second chunk is read.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/session.bash"
require_mssql
[[ "${MSSQL_IS_TEST_SERVER:-0}" == 1 ]] || skip_all "needs the TDS test server's fault injection"
create_mssql_server mssql >/dev/null
mssql "IF OBJECT_ID('dbo.PushCut') IS NOT NULL DROP TABLE dbo.PushCut" >/dev/null
mssql "CREATE TABLE dbo.PushCut (Id int NOT NULL PRIMARY KEY, V nvarchar(10))" >/dev/null
pg -c "DROP TABLE IF EXISTS push_cut; CREATE TABLE push_cut (id int PRIMARY KEY, v text); INSERT INTO push_cut SELECT g, 'v' || g FROM generate_series(1, 10) AS g"

arm="MSSQL_HOST=$MSSQL_HOST MSSQL_PORT=$MSSQL_PORT MSSQL_USER=$MSSQL_USER MSSQL_PASSWORD='$MSSQL_PASSWORD' MSSQL_DATABASE=$MSSQL_DATABASE"
arm+=" /usr/bin/python3 $INTEGRATION_DIR/mssql_exec.py \"EXEC tds_test_fault @kind = 'drop_after_rows', @count = 1\""
pg <<'SQL'
CREATE OR REPLACE FUNCTION push_cut_arm(id int) RETURNS int LANGUAGE plpgsql AS $$
BEGIN
  IF id = 6 THEN  -- the first row of the second chunk of 5
    EXECUTE format('COPY (SELECT 1) TO PROGRAM %L', current_setting('push_cut.arm'));
  END IF;
  RETURN id;
END $$;
SQL
source_query="SELECT push_cut_arm(id) AS id, v FROM push_cut"  # heap order: 1..10
run() { # atomic
  pg_error -c "SET push_cut.arm = \$arm\$$arm\$arm\$" \
           -c "SELECT mssql_upsert_push('$source_query', 'mssql', 'dbo.PushCut', chunk_rows => 5, atomic => $1)"
}

out=$(run true)
like "$out" 'lost the connection to SQL Server \(.*\) while' "connection lost mid-push: a clear error saying what was being done"
is "$(mssql_rows "SELECT COUNT(*) FROM dbo.PushCut")" "0" "atomic: the first chunk's MERGE was rolled back with the lost connection"
mssql "EXEC tds_test_fault @kind = 'clear'" >/dev/null

out=$(run false)
like "$out" 'lost the connection to SQL Server' "not atomic: the same error"
like "$(mssql_rows "SELECT COUNT(*) FROM dbo.PushCut")" '^(5|10)$' "not atomic: the chunks merged before the cut stay"
mssql "EXEC tds_test_fault @kind = 'clear'" >/dev/null

# the next push in the session where the last one failed (its connection was lost)
session_start || { ok 1 "a psql session starts"; done_testing; exit 1; }
session_run "SET push_cut.arm = \$arm\$$arm\$arm\$"
session_run "SELECT mssql_upsert_push('$source_query', 'mssql', 'dbo.PushCut', chunk_rows => 5, atomic => false)"
like "$SESSION_OUTPUT" 'lost the connection to SQL Server' "a push in a kept session loses its connection"
mssql "EXEC tds_test_fault @kind = 'clear'" >/dev/null
session_run "SELECT rows_read FROM mssql_upsert_push('push_cut', 'mssql', 'dbo.PushCut', chunk_rows => 5)"
is "$SESSION_OUTPUT" "10" "the next push in the same session reconnects and works"
session_stop
is "$(mssql_rows "SELECT COUNT(*), MIN(V), MAX(V) FROM dbo.PushCut")" "10:v1:v9" "and the remote table is complete"
done_testing
