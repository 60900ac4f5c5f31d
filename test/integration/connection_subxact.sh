#!/usr/bin/env bash
# A call that fails inside a PL/pgSQL EXCEPTION block or a rolled-back
# savepoint leaves no busy cached connection and no remote session behind: the
# next call in the SAME session works, and failed scans do not pile up remote
# sessions. A cursor of the outer transaction keeps its connection meanwhile.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/session.bash"
require_mssql
APP=subxact_test
create_mssql_server mssql_sx >/dev/null
pg -c "ALTER SERVER mssql_sx OPTIONS (ADD appname '$APP')"
mssql "IF OBJECT_ID('dbo.SxRows') IS NOT NULL DROP TABLE dbo.SxRows" >/dev/null
mssql "CREATE TABLE dbo.SxRows (Id int NOT NULL PRIMARY KEY, V nvarchar(10))" >/dev/null
mssql "INSERT INTO dbo.SxRows VALUES (1, N'a'), (2, N'b'), (3, N'c')" >/dev/null
pg <<'SQL'
DROP TABLE IF EXISTS sx_target;
CREATE TABLE sx_target (id int PRIMARY KEY, v text);
DROP FOREIGN TABLE IF EXISTS sx_rows, sx_missing;
CREATE FOREIGN TABLE sx_rows (id int, v text) SERVER mssql_sx OPTIONS (table_name 'SxRows');
CREATE FOREIGN TABLE sx_missing (id int, v text) SERVER mssql_sx OPTIONS (table_name 'SxNoSuchTable');
SQL
session_start || { ok 1 "a psql session starts"; done_testing; exit 1; }

# a pull that fails after it took its connection (the remote table is missing), caught
session_run "DO \$\$
BEGIN
  PERFORM * FROM mssql_upsert_pull('mssql_sx', 'dbo.SxNoSuchTable', 'sx_target');
EXCEPTION WHEN OTHERS THEN
  RAISE NOTICE 'caught: %', SQLERRM;
END \$\$"
like "$SESSION_OUTPUT" "NOTICE:  caught: SQL Server error 208" "a failed pull is caught by an EXCEPTION block"
session_run "SELECT rows_read, rows_inserted, rows_updated, rows_unchanged FROM mssql_upsert_pull('mssql_sx', 'dbo.SxRows', 'sx_target')"
is "$SESSION_OUTPUT" "3|3|0|0" "then a pull in the same session works, with exact counts"
session_run "SELECT string_agg(id || ':' || v, ' ' ORDER BY id) FROM sx_target"
is "$SESSION_OUTPUT" "1:a 2:b 3:c" "and its rows arrived"

# the same with a rolled-back savepoint
session_run "BEGIN; SAVEPOINT s; SELECT * FROM mssql_upsert_pull('mssql_sx', 'dbo.SxNoSuchTable', 'sx_target')"
like "$SESSION_OUTPUT" "SQL Server error 208" "a pull fails inside a savepoint"
session_run "ROLLBACK TO s; SELECT rows_read, rows_inserted, rows_updated, rows_unchanged FROM mssql_upsert_pull('mssql_sx', 'dbo.SxRows', 'sx_target'); COMMIT"
is "$SESSION_OUTPUT" "3|0|0|3" "after ROLLBACK TO, a pull in the same transaction works, with exact counts"

# five failing scans, each caught: no remote session is left open by them
session_run "DO \$\$
BEGIN
  FOR i IN 1..5 LOOP
    BEGIN
      PERFORM count(*) FROM sx_missing;
    EXCEPTION WHEN OTHERS THEN
      RAISE NOTICE 'scan % failed', i;
    END;
  END LOOP;
END \$\$"
is "$(grep -c 'failed' <<<"$SESSION_OUTPUT")" "5" "five foreign scans fail inside EXCEPTION blocks"
is "$(remote_session_count "$APP" 0)" "0" "no remote session is left open by them"
session_run "SELECT string_agg(id || ':' || v, ' ' ORDER BY id) FROM sx_rows"
is "$SESSION_OUTPUT" "1:a 2:b 3:c" "then a scan in the same session works"
is "$(remote_session_count "$APP" 1)" "1" "and one remote session (the cached connection) serves the session"

# a rolled-back savepoint drops only what was opened inside it: the outer
# transaction's cursor keeps reading on its own connection
session_run "BEGIN; DECLARE c CURSOR FOR SELECT id, v FROM sx_rows ORDER BY id; FETCH 1 FROM c"
is "$SESSION_OUTPUT" "1|a" "a cursor of the outer transaction reads its first row"
session_run "SAVEPOINT s; SELECT count(*) FROM sx_missing"
like "$SESSION_OUTPUT" "SQL Server error 208" "a scan fails inside a savepoint meanwhile"
session_run "ROLLBACK TO s; FETCH 2 FROM c; CLOSE c; COMMIT"
is "$SESSION_OUTPUT" $'2|b\n3|c' "after ROLLBACK TO, the outer cursor reads the rest of its rows"

# a savepoint released while its cursor is open hands the connection to the
# outer transaction: a later rolled-back savepoint leaves it alone
session_run "BEGIN; SAVEPOINT a; DECLARE c CURSOR FOR SELECT id FROM sx_rows ORDER BY id; FETCH 1 FROM c; RELEASE a"
is "$SESSION_OUTPUT" "1" "a cursor opened in a released savepoint reads its first row"
session_run "SAVEPOINT b; SELECT count(*) FROM sx_missing"
like "$SESSION_OUTPUT" "SQL Server error 208" "a scan fails inside a later savepoint"
session_run "ROLLBACK TO b; FETCH 2 FROM c; CLOSE c; COMMIT"
is "$SESSION_OUTPUT" $'2\n3' "after ROLLBACK TO, that cursor reads the rest of its rows"
session_stop
done_testing
