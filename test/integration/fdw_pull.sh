#!/usr/bin/env bash
# mssql_upsert_pull from a foreign table: its server, remote table and column
# names (column_name options) stand in for server + remote table name.
source "$(dirname "$0")/lib.sh"
require_mssql
create_mssql_server mssql >/dev/null
mssql "IF OBJECT_ID('dbo.FdwPullSrc') IS NOT NULL DROP TABLE dbo.FdwPullSrc" >/dev/null
mssql "CREATE TABLE dbo.FdwPullSrc (OrderId int NOT NULL PRIMARY KEY, Status nvarchar(20), Total decimal(12,2), Extra int)" >/dev/null
mssql "INSERT INTO dbo.FdwPullSrc VALUES (1, N'open', 10.00, 7), (2, N'closed', 20.50, 7), (3, NULL, NULL, 7)" >/dev/null
pg -c "DROP FOREIGN TABLE IF EXISTS pull_src; DROP TABLE IF EXISTS pull_dst;
  CREATE FOREIGN TABLE pull_src (id int OPTIONS (column_name 'OrderId'), state text OPTIONS (column_name 'Status'), total numeric)
    SERVER mssql OPTIONS (schema_name 'dbo', table_name 'FdwPullSrc');
  CREATE TABLE pull_dst (id int PRIMARY KEY, state text, total numeric(12,2), extra int DEFAULT 42)"

pull() { pg -c "SELECT rows_read, rows_inserted, rows_updated, rows_unchanged, chunks FROM mssql_upsert_pull($1)"; }
is "$(pull "'pull_src', 'pull_dst'")" "3|3|0|0|1" "a pull from a foreign table inserts every row"
is "$(pg -c "SELECT string_agg(concat_ws(':', id, coalesce(state, 'NULL'), coalesce(total::text, 'NULL'), extra), ' ' ORDER BY id) FROM pull_dst")" \
   "1:open:10.00:42 2:closed:20.50:42 3:NULL:NULL:42" \
   "columns mapped by column_name; a remote column the foreign table does not declare (Extra) is not pulled"
is "$(pull "'pull_src', 'pull_dst'")" "3|0|0|3|1" "a second pull changes nothing"
mssql "UPDATE dbo.FdwPullSrc SET Status = N'done' WHERE OrderId = 1; INSERT INTO dbo.FdwPullSrc VALUES (4, N'new', 1.00, 7)" >/dev/null
is "$(pull "foreign_table => 'pull_src', local_table => 'pull_dst', remote_filter => 'OrderId >= 1', chunk_rows => 2")" "4|1|1|2|2" \
   "named arguments, remote_filter and chunk_rows work as for the server form"
is "$(pg -c "SELECT state FROM pull_dst WHERE id = 1")" "done" "the changed row was updated"
pg -c "DROP TABLE IF EXISTS pull_by_name; CREATE TABLE pull_by_name (orderid int PRIMARY KEY, status text)"
is "$(pull "'mssql', 'dbo.FdwPullSrc', 'pull_by_name'")" "4|4|0|0|1" "the server + remote table form still resolves with three literals"
is "$(pull "'mssql', 'dbo.FdwPullSrc', 'pull_by_name', NULL, ARRAY['status']")" "4|0|0|4|1" "... and with more positional arguments"

pg -c "DROP FOREIGN TABLE IF EXISTS pull_query; CREATE FOREIGN TABLE pull_query (id int) SERVER mssql OPTIONS (query 'SELECT 1 AS id')"
like "$(pg_error -c "SELECT mssql_upsert_pull('pull_query', 'pull_dst')")" \
   'foreign table public.pull_query reads a query, not a table' "a query foreign table is refused"
like "$(pg_error -c "SELECT mssql_upsert_pull('pull_dst'::regclass, 'pull_dst')")" \
   'relation "pull_dst" is not a foreign table' "a plain table is refused"
pg -c "ALTER FOREIGN TABLE pull_src ALTER COLUMN total OPTIONS (ADD column_name 'Amount')"
like "$(pg_error -c "SELECT mssql_upsert_pull('pull_src', 'pull_dst')")" \
   'column "total" of foreign table public.pull_src names remote column "Amount", which \[dbo\]\.\[FdwPullSrc\] does not have' \
   "a column_name the remote table lacks is named"
done_testing
