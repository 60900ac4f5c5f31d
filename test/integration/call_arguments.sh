#!/usr/bin/env bash
# What a caller of mssql_upsert_pull / mssql_upsert_push sees beyond the rows:
# NULL optional arguments refused by name, a data-modifying push source refused
# as read-only, no NOTICE from staging, result columns a person reads at a glance.
source "$(dirname "$0")/lib.sh"
require_mssql
create_mssql_server mssql >/dev/null

pg_session() { psql -X -q -At -v VERBOSITY=default "$@" 2>&1; }

mssql "IF OBJECT_ID('dbo.ArgItems') IS NOT NULL DROP TABLE dbo.ArgItems" >/dev/null
mssql "CREATE TABLE dbo.ArgItems (id int NOT NULL PRIMARY KEY, name nvarchar(20))" >/dev/null
mssql "INSERT INTO dbo.ArgItems VALUES (1, N'a'), (2, N'b')" >/dev/null
pg -c "SET client_min_messages = warning; DROP TABLE IF EXISTS arg_items, arg_source;
       CREATE TABLE arg_items (id int PRIMARY KEY, name text);
       CREATE TABLE arg_source (id int PRIMARY KEY, name text); INSERT INTO arg_source VALUES (1, 'a'), (2, 'b'), (3, 'c');
       DROP FOREIGN TABLE IF EXISTS arg_remote; CREATE FOREIGN TABLE arg_remote (id int, name text) SERVER mssql OPTIONS (table_name 'ArgItems')"

# --- NULL for an argument that has a default is an error naming it ---------------
refuses_null() { # function server-form-call foreign-table-form-call name:default (calls without their ")")
  local name=${4%%:*} default=${4#*:} out
  out=$(pg_session -c "SELECT * FROM $2, $name => NULL)")
  is "$out" "ERROR:  argument \"$name\" must not be NULL
HINT:  Leave it out for its default ($default)." "$1: $name => NULL is refused, naming the argument"
  out=$(pg_session -c "SELECT * FROM $3, $name => NULL)")
  like "$out" "^ERROR:  argument \"$name\" must not be NULL" "$1 by foreign table: $name => NULL is refused"
}
for arg in "chunk_rows:10000" "writer_id:0" "staging:memory" "mode:auto"; do
  refuses_null pull "mssql_upsert_pull('mssql', 'dbo.ArgItems', 'arg_items'" "mssql_upsert_pull('arg_remote', 'arg_items'" "$arg"
done
is "$(pg -c "SELECT rows_read FROM mssql_upsert_pull('mssql', 'dbo.ArgItems', 'arg_items', key_columns => NULL,
       columns => NULL, remote_filter => NULL, partition_id => NULL)")" "2" \
   "NULL still means none for key_columns, columns, remote_filter and partition_id"
for arg in "chunk_rows:10000" "writer_id:0" "max_retries:5" "atomic:false"; do
  refuses_null push "mssql_upsert_push('arg_source', 'mssql', 'dbo.ArgItems'" "mssql_upsert_push('arg_source', 'arg_remote'" "$arg"
done

# --- a data-modifying push source: refused as read-only, nothing changed --------
for source in "WITH d AS (DELETE FROM arg_source RETURNING *) SELECT * FROM d" \
              "WITH u AS (UPDATE arg_source SET name = 'x' RETURNING *) SELECT * FROM u" \
              "SELECT * FROM arg_source FOR UPDATE"; do
  out=$(pg_session -c "SELECT * FROM mssql_upsert_push(\$\$$source\$\$, 'mssql', 'dbo.ArgItems')" \
    -c "SELECT 'rows: ' || count(*) || ' ' || string_agg(name, '' ORDER BY id) FROM arg_source")
  like "$out" '^ERROR:  the push source must only read: it runs read-only' "refused as read-only: $source"
  like "$out" $'\nrows: 3 abc$' "the source table is unchanged, checked in the same session"
done

# --- staging => 'table': no NOTICE, first call of a session or later -------------
out=$(pg_session -c "SET client_min_messages = notice" \
  -c "SELECT rows_read FROM mssql_upsert_pull('mssql', 'dbo.ArgItems', 'arg_items', staging => 'table', mode => 'merge')" \
  -c "SELECT rows_read FROM mssql_upsert_pull('mssql', 'dbo.ArgItems', 'arg_items', staging => 'table', mode => 'merge')")
is "$out" $'2\n2' "the first and second staging => 'table' pull of a session print no NOTICE"

# --- result columns: seconds rounded to milliseconds, rows_per_second whole --------
is "$(pg -c "SELECT pg_typeof(seconds), scale(seconds), pg_typeof(rows_per_second)
             FROM mssql_upsert_pull('mssql', 'dbo.ArgItems', 'arg_items')")" "numeric|3|bigint" \
   "pull: seconds is numeric with 3 decimals, rows_per_second bigint"
is "$(pg -c "SELECT pg_typeof(seconds), scale(seconds), pg_typeof(rows_per_second)
             FROM mssql_upsert_push('arg_source', 'mssql', 'dbo.ArgItems')")" "numeric|3|bigint" \
   "push: seconds is numeric with 3 decimals, rows_per_second bigint"

done_testing
