#!/usr/bin/env bash
# A call that fails midway closes its connection without cancelling the rest
# of the remote result first (the connection is dropped anyway, so an
# attention round trip would only delay the error): the TDS test server logs
# every attention it acknowledges, and none may come from such calls. A result
# abandoned on purpose (a cursor closed early) is still cancelled, and the
# connection reused.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/session.bash"
require_mssql
SERVER_LOG=${MSSQL_UPSERT_DEVENV_DIR:-}/tds_server.log
[[ "${MSSQL_IS_TEST_SERVER:-0}" == 1 && -f "$SERVER_LOG" ]] || skip_all "needs the TDS test server's log"
APP=abort_no_cancel
create_mssql_server mssql_anc >/dev/null
pg -c "ALTER SERVER mssql_anc OPTIONS (ADD appname '$APP')"
mssql "IF OBJECT_ID('dbo.AbortRows') IS NOT NULL DROP TABLE dbo.AbortRows" >/dev/null
mssql "CREATE TABLE dbo.AbortRows (Id int NOT NULL PRIMARY KEY, V nvarchar(20))" >/dev/null
# row 3000 does not fit the local varchar(5); 20,000 rows follow it
psql -X -q -d tds_backend -c "INSERT INTO dbo.abortrows SELECT g, CASE WHEN g = 3000 THEN 'much too long' ELSE 'v' || (g % 1000) END FROM generate_series(1, 23000) g"
pg <<'SQL'
DROP TABLE IF EXISTS abort_target;
CREATE TABLE abort_target (id int PRIMARY KEY, v varchar(5));
DROP FOREIGN TABLE IF EXISTS abort_ft;
CREATE FOREIGN TABLE abort_ft (id int, v varchar(5)) SERVER mssql_anc OPTIONS (table_name 'AbortRows');
SQL
attentions_since() { # log line count before
  tail -n +"$(( $1 + 1 ))" "$SERVER_LOG" | grep -c "attention acknowledged"
}

session_start || { ok 1 "a psql session starts"; done_testing; exit 1; }
before=$(wc -l <"$SERVER_LOG")
session_run "SELECT * FROM mssql_upsert_pull('mssql_anc', 'dbo.AbortRows', 'abort_target', chunk_rows => 1000)"
like "$SESSION_OUTPUT" 'value too long for type character varying\(5\)' "a pull fails midway on a local error"
is "$(attentions_since "$before")" "0" "and sends no attention for the rest of the result"
before=$(wc -l <"$SERVER_LOG")
session_run "SELECT max(v) FROM abort_ft"
like "$SESSION_OUTPUT" 'value too long for type character varying\(5\)' "a scan fails midway on a local error"
is "$(attentions_since "$before")" "0" "and sends no attention for the rest of the result"
is "$(remote_session_count "$APP" 0)" "0" "neither left a remote session"

before=$(wc -l <"$SERVER_LOG")
session_run "BEGIN; DECLARE c CURSOR FOR SELECT id FROM abort_ft; FETCH 2 FROM c; CLOSE c; COMMIT"
is "$SESSION_OUTPUT" $'1\n2' "a cursor closed early reads its rows"
is "$(attentions_since "$before")" "1" "and cancels the rest of its result with one attention"
session_run "SELECT count(*) FROM abort_ft WHERE id < 3000"
is "$SESSION_OUTPUT" "2999" "the connection is then reused"
is "$(remote_session_count "$APP" 1)" "1" "one remote session serves the session"
session_stop
done_testing
