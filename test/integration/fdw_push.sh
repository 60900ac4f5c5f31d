#!/usr/bin/env bash
# mssql_upsert_push into a foreign table: its server, remote table and column
# names (column_name options) stand in for server + remote table name; source
# columns match the foreign table's column names.
source "$(dirname "$0")/lib.sh"
require_mssql
create_mssql_server mssql >/dev/null
mssql "IF OBJECT_ID('dbo.FdwPushDst') IS NOT NULL DROP TABLE dbo.FdwPushDst" >/dev/null
mssql "CREATE TABLE dbo.FdwPushDst (OrderId int NOT NULL PRIMARY KEY, Status nvarchar(20), Total decimal(12,2), Extra int DEFAULT 7)" >/dev/null
pg -c "DROP FOREIGN TABLE IF EXISTS push_dst; DROP TABLE IF EXISTS push_src;
  CREATE FOREIGN TABLE push_dst (id int OPTIONS (column_name 'OrderId'), state text OPTIONS (column_name 'Status'), total numeric)
    SERVER mssql OPTIONS (schema_name 'dbo', table_name 'FdwPushDst');
  CREATE TABLE push_src (id int PRIMARY KEY, state text, total numeric(12,2));
  INSERT INTO push_src VALUES (1, 'open', 10), (2, 'closed', 20.5), (3, NULL, NULL)"

push() { pg -c "SELECT rows_read, rows_inserted, rows_updated, rows_unchanged, chunks, retries FROM mssql_upsert_push($1)"; }
is "$(push "'push_src', 'push_dst'")" "3|3|0|0|1|0" "a push into a foreign table inserts every row"
is "$(mssql_rows "SELECT OrderId, COALESCE(Status, 'NULL'), COALESCE(CAST(Total AS nvarchar(20)), 'NULL'), Extra FROM dbo.FdwPushDst ORDER BY OrderId")" \
   "1:open:10.00:7 2:closed:20.50:7 3:NULL:NULL:7" \
   "columns mapped by column_name; the remote column the foreign table does not declare (Extra) keeps its default"
is "$(pg -c "SELECT string_agg(concat_ws(':', id, coalesce(state, 'NULL'), total), ' ' ORDER BY id) FROM push_dst")" \
   "1:open:10.00 2:closed:20.50 3:NULL" "the pushed rows read back through the foreign table"
is "$(push "'push_src', 'push_dst'")" "3|0|0|3|1|0" "a second push changes nothing"
pg -c "UPDATE push_src SET state = 'done' WHERE id = 1; INSERT INTO push_src VALUES (4, 'new', 1)"
is "$(push "source => 'push_src', foreign_table => 'push_dst', chunk_rows => 2")" "4|1|1|2|2|0" \
   "named arguments and chunk_rows work as for the server form"
is "$(push "'SELECT id, total * 2 AS total FROM push_src WHERE id = 4', 'push_dst'")" "1|0|1|0|1|0" \
   "a query source matches the foreign table's column names"
is "$(push "'push_src', 'push_dst', ARRAY['id'], ARRAY['state']")" "4|0|0|4|1|0" \
   "positional key_columns and columns (foreign table names): row 4's differing total is not pushed"
is "$(mssql_rows "SELECT OrderId, Status, CAST(Total AS nvarchar(20)) FROM dbo.FdwPushDst WHERE OrderId IN (1, 4) ORDER BY OrderId")" \
   "1:done:10.00 4:new:2.00" "the remote rows hold the pushed values"
pg -c "DROP TABLE IF EXISTS push_by_name; CREATE TABLE push_by_name (orderid int PRIMARY KEY, status text); INSERT INTO push_by_name VALUES (1, 'done')"
is "$(push "'push_by_name', 'mssql', 'dbo.FdwPushDst'")" "1|0|0|1|1|0" "the server + remote table form still resolves with three literals"

# --- refusals: each names the object; the remote table is left as it was --------------
before=$(mssql_rows "SELECT OrderId, Status, Total, Extra FROM dbo.FdwPushDst ORDER BY OrderId")
pg -c "DROP FOREIGN TABLE IF EXISTS push_query; CREATE FOREIGN TABLE push_query (id int) SERVER mssql OPTIONS (query 'SELECT 1 AS id')"
like "$(pg_error -c "SELECT mssql_upsert_push('push_src', 'push_query')")" \
   'foreign table public.push_query reads a query, not a table' "a query foreign table is refused"
like "$(pg_error -c "SELECT mssql_upsert_push('push_src', 'push_src'::regclass)")" \
   'relation "push_src" is not a foreign table' "a plain table is refused"
like "$(pg_error -c "SELECT mssql_upsert_push('SELECT id, 5 AS extra FROM push_src', 'push_dst')")" \
   'column "extra" of the push source has no matching column in remote table \[dbo\]\.\[FdwPushDst\] as foreign table public.push_dst declares it' \
   "a remote column the foreign table does not declare cannot be pushed"
pg -c "DROP FOREIGN TABLE IF EXISTS push_nokey; CREATE FOREIGN TABLE push_nokey (state text OPTIONS (column_name 'Status'))
  SERVER mssql OPTIONS (table_name 'FdwPushDst')"
like "$(pg_error -c "SELECT mssql_upsert_push('SELECT state FROM push_src', 'push_nokey')")" \
   'primary key column "OrderId" of remote table \[dbo\]\.\[FdwPushDst\] is not a column of foreign table public.push_nokey' \
   "a primary key column the foreign table does not declare is named"
pg -c "DROP FOREIGN TABLE IF EXISTS push_twice; CREATE FOREIGN TABLE push_twice (id int OPTIONS (column_name 'OrderId'),
  a text OPTIONS (column_name 'Status'), b text OPTIONS (column_name 'status')) SERVER mssql OPTIONS (table_name 'FdwPushDst')"
like "$(pg_error -c "SELECT mssql_upsert_push('SELECT id, state AS a FROM push_src', 'push_twice')")" \
   'columns "a" and "b" of foreign table public.push_twice both name remote column "Status"' \
   "two foreign columns naming one remote column are refused"
pg -c "ALTER FOREIGN TABLE push_dst ALTER COLUMN total OPTIONS (ADD column_name 'Amount')"
like "$(pg_error -c "SELECT mssql_upsert_push('push_src', 'push_dst')")" \
   'column "total" of foreign table public.push_dst names remote column "Amount", which \[dbo\]\.\[FdwPushDst\] does not have' \
   "a column_name the remote table lacks is named"
pg -c "ALTER FOREIGN TABLE push_dst ALTER COLUMN total OPTIONS (DROP column_name)"
is "$(mssql_rows "SELECT OrderId, Status, Total, Extra FROM dbo.FdwPushDst ORDER BY OrderId")" "$before" \
   "the refused pushes left the remote table as it was"

# --- privileges: a push writes through the foreign table, a pull reads it ---------------
pg -c "DROP ROLE IF EXISTS fdw_pusher; CREATE ROLE fdw_pusher; GRANT USAGE ON FOREIGN SERVER mssql TO fdw_pusher;
  GRANT SELECT ON push_src TO fdw_pusher; CREATE USER MAPPING FOR fdw_pusher SERVER mssql OPTIONS (username '$MSSQL_USER', password '$MSSQL_PASSWORD')"
like "$(pg_error -c "SET ROLE fdw_pusher; SELECT mssql_upsert_push('push_src', 'push_dst')")" \
   'permission denied for foreign table push_dst' "a push needs INSERT and UPDATE on the foreign table"
pg -c "GRANT INSERT ON push_dst TO fdw_pusher"
like "$(pg_error -c "SET ROLE fdw_pusher; SELECT mssql_upsert_push('push_src', 'push_dst')")" \
   'permission denied for foreign table push_dst' "... INSERT alone is not enough"
pg -c "GRANT UPDATE ON push_dst TO fdw_pusher"
is "$(pg -c "SET ROLE fdw_pusher; SELECT rows_read, rows_inserted, rows_updated, rows_unchanged FROM mssql_upsert_push('push_src', 'push_dst')")" "4|0|1|3" \
   "with INSERT and UPDATE the push runs (row 4's total, left out earlier, is updated now)"
pg -c "DROP TABLE IF EXISTS pull_back; CREATE TABLE pull_back (id int PRIMARY KEY, state text, total numeric); GRANT ALL ON pull_back TO fdw_pusher"
like "$(pg_error -c "SET ROLE fdw_pusher; SELECT mssql_upsert_pull('push_dst', 'pull_back')")" \
   'permission denied for foreign table push_dst' "a pull from a foreign table needs SELECT on it"
pg -c "GRANT SELECT ON push_dst TO fdw_pusher"
is "$(pg -c "SET ROLE fdw_pusher; SELECT rows_inserted FROM mssql_upsert_pull('push_dst', 'pull_back')")" "4" \
   "with SELECT the pull runs"
pg -c "DROP USER MAPPING FOR fdw_pusher SERVER mssql; REVOKE ALL ON push_src, push_dst, pull_back FROM fdw_pusher;
  REVOKE ALL ON FOREIGN SERVER mssql FROM fdw_pusher; DROP ROLE fdw_pusher"

# key_columns must be a remote unique key, under the foreign table's column names
mssql "IF OBJECT_ID('dbo.FdwPushUq') IS NOT NULL DROP TABLE dbo.FdwPushUq" >/dev/null
mssql "CREATE TABLE dbo.FdwPushUq (Id int IDENTITY(1, 1) PRIMARY KEY, Code nvarchar(10) NOT NULL, Grp int NOT NULL, V int, CONSTRAINT UQ_FdwPushUq UNIQUE (Code, Grp))" >/dev/null
mssql "INSERT INTO dbo.FdwPushUq (Code, Grp, V) VALUES (N'a', 1, 1), (N'a', 2, 2)" >/dev/null
pg -c "DROP FOREIGN TABLE IF EXISTS push_uq;
  CREATE FOREIGN TABLE push_uq (code text OPTIONS (column_name 'Code'), g int OPTIONS (column_name 'Grp'), v int)
    SERVER mssql OPTIONS (schema_name 'dbo', table_name 'FdwPushUq')"
like "$(pg_error -c "SELECT mssql_upsert_push('SELECT ''a'' AS code, 9 AS v', 'push_uq', key_columns => ARRAY['code'])")" \
   'remote table \[dbo\]\.\[FdwPushUq\] as foreign table public\.push_uq declares it has no primary key, unique constraint or unique index on \(code\)' \
   "a key that is not unique remotely is refused in the foreign-table form too"
is "$(push "'SELECT ''a'' AS code, 2 AS g, 9 AS v', 'push_uq', key_columns => ARRAY['g', 'code']")" "1|0|1|0|1|0" \
   "... a unique constraint's columns under the foreign table's names: one row updated"
is "$(mssql_rows "SELECT Code, Grp, V FROM dbo.FdwPushUq ORDER BY Id")" "a:1:1 a:2:9" "... only that row"
done_testing
