#!/usr/bin/env bash
# Parameterized foreign scans end to end: a nested loop whose inner side is a
# foreign scan sends one remote query per outer row, with that row's values;
# the joins give the same rows as over tds_fdw and over a plain local copy,
# NULL outer values fetch nothing, and a cancel ends the loop.
source "$(dirname "$0")/lib.sh"
require_mssql
create_mssql_server mssql >/dev/null

# --- 20,000 remote rows (sent with the push), a local copy, tds_fdw ------------------
# (ASCII text only: tds_fdw's FreeTDS converts text with its default charset.)
mssql "IF OBJECT_ID('dbo.FdwParamItems') IS NOT NULL DROP TABLE dbo.FdwParamItems" >/dev/null
mssql "CREATE TABLE dbo.FdwParamItems (Id int NOT NULL PRIMARY KEY, Name nvarchar(30), Qty int,
  Price decimal(10,2), Code varchar(10))" >/dev/null
pg -c "SET client_min_messages = warning; DROP TABLE IF EXISTS param_items_local;
  CREATE TABLE param_items_local (id int PRIMARY KEY, name text, qty int, price numeric(10,2), code text);
  INSERT INTO param_items_local SELECT g, CASE WHEN g % 11 = 0 THEN NULL WHEN g % 2 = 0 THEN 'Item' || g ELSE 'item' || g END,
    CASE WHEN g % 13 = 0 THEN NULL ELSE g % 17 END, (g % 1000) / 8.0, 'c' || (g % 50)
  FROM generate_series(1, 20000) g"
is "$(pg -c "SELECT rows_inserted FROM mssql_upsert_push('param_items_local', 'mssql', 'dbo.FdwParamItems')")" "20000" \
   "the remote table has its 20,000 rows"
pg -c "SET client_min_messages = warning; CREATE EXTENSION IF NOT EXISTS tds_fdw; DROP SERVER IF EXISTS fdw_param_tds CASCADE;
  CREATE SERVER fdw_param_tds FOREIGN DATA WRAPPER tds_fdw OPTIONS (servername '$MSSQL_HOST', port '$MSSQL_PORT', database '$MSSQL_DATABASE', tds_version '7.4');
  CREATE USER MAPPING FOR CURRENT_USER SERVER fdw_param_tds OPTIONS (username '$MSSQL_USER', password '$MSSQL_PASSWORD');
  CREATE FOREIGN TABLE param_items_tds (id int, name text, qty int, price numeric(10,2), code text)
    SERVER fdw_param_tds OPTIONS (table_name 'dbo.FdwParamItems');
  DROP FOREIGN TABLE IF EXISTS param_items;
  CREATE FOREIGN TABLE param_items (id int, name text, qty int, price numeric(10,2), code text)
    SERVER mssql OPTIONS (table_name 'FdwParamItems');
  ANALYZE param_items"

# 200 outer rows: ids found remotely, ids missing there, NULLs, names in other case
pg -c "DROP TABLE IF EXISTS param_outer; CREATE TABLE param_outer (k int PRIMARY KEY, ref int, name text, low int);
  INSERT INTO param_outer SELECT k, CASE WHEN k % 25 = 0 THEN NULL WHEN k % 10 = 3 THEN 100000 + k ELSE k * 97 % 20000 + 1 END,
    CASE WHEN k % 7 = 0 THEN NULL WHEN k % 3 = 0 THEN 'ITEM' || (k * 31) ELSE 'item' || (k * 31) END, k % 15
  FROM generate_series(1, 200) k;
  ANALYZE param_outer"

# the nested loop with the parameterized scan inside, forced (hash and merge
# joins would fetch the table once); memoize off so each outer row runs the scan
FORCE="SET enable_hashjoin = off; SET enable_mergejoin = off; SET enable_material = off; SET enable_memoize = off;"
rows_of() { # from-and-where clause over outer table o and items table i
  pg -c "$FORCE SELECT coalesce(string_agg(concat_ws('|', o.k, i.id, coalesce(i.name, 'NULL'), i.qty, i.price, i.code), ' ' ORDER BY o.k, i.id), 'none') FROM $1"
}
# the same query with default planning, through another foreign table or a local one
rows_over() { # table from-and-where
  local from=${2//param_items /$1 }
  pg -c "SET client_min_messages = warning; SELECT coalesce(string_agg(concat_ws('|', o.k, i.id, coalesce(i.name, 'NULL'), i.qty, i.price, i.code), ' ' ORDER BY o.k, i.id), 'none') FROM $from"
}
for from in "param_outer o JOIN param_items i ON i.id = o.ref" \
  "param_outer o LEFT JOIN param_items i ON i.id = o.ref" \
  "param_outer o JOIN param_items i ON i.id = o.ref + 1 WHERE o.k < 50" \
  "param_outer o JOIN param_items i ON i.name = o.name" \
  "param_outer o JOIN param_items i ON i.id >= o.ref AND i.id < o.ref + 3 AND i.qty > o.low" \
  "param_outer o JOIN param_items i ON i.id = o.ref OR i.id = o.k" \
  "param_outer o JOIN param_items i ON i.id = o.ref WHERE i.price > 50 AND i.name LIKE 'Item%'" \
  "param_outer o JOIN param_items i ON i.id = o.ref AND i.code = 'c' || (o.ref % 50)"; do
  got=$(rows_of "$from")
  is "$got" "$(rows_over param_items_local "$from")" "same rows as over a local copy: $from"
  is "$got" "$(rows_over param_items_tds "$from")" "same rows as over tds_fdw: $from"
done
is "$(pg -c "$FORCE SELECT count(*) FROM param_outer o WHERE NOT EXISTS (SELECT FROM param_items i WHERE i.id = o.ref)")" \
   "$(pg -c "SELECT count(*) FROM param_outer o WHERE NOT EXISTS (SELECT FROM param_items_local i WHERE i.id = o.ref)")" \
   "an anti join: the outer rows without a remote match"
is "$(pg -c "$FORCE SELECT count(*) FROM param_outer o WHERE EXISTS (SELECT FROM param_items i WHERE i.id = o.ref)")" "172" \
   "a semi join: of 200 outer rows, 8 are NULL and 20 not found remotely"

plan=$(pg -c "$FORCE EXPLAIN VERBOSE SELECT o.k, i.name FROM param_outer o JOIN param_items i ON i.id = o.ref")
like "$plan" 'Nested Loop' "the forced plan is a nested loop"
like "$plan" 'Remote SQL: SELECT \[id\], \[name\] FROM \[dbo\]\.\[FdwParamItems\] WHERE \(\[id\] = @p1\)' \
     "its inner foreign scan sends the join clause with a parameter"
like "$(pg -c "EXPLAIN SELECT o.k, i.name FROM param_outer o JOIN param_items i ON i.id = o.ref")" 'Hash Join' \
     "unforced, 200 round trips cost more than one scan of 20,000 rows: a hash join"
like "$(pg -c "EXPLAIN VERBOSE SELECT o.k, i.name FROM param_outer o JOIN param_items i ON i.id = o.ref WHERE o.k = 4")" \
     'WHERE \(\[id\] = @p1\)' "unforced, one outer row: the parameterized scan"

like "$plan" 'Remote Parameters: @p1 bigint' "EXPLAIN shows the parameter's declared type"

# --- what SQL Server is sent: one statement, a parameter value per outer row -------
SERVER_LOG=${MSSQL_UPSERT_DEVENV_DIR:-}/tds_server.log
if [[ "${MSSQL_IS_TEST_SERVER:-0}" == 1 && -f "$SERVER_LOG" ]]; then
  before=$(wc -l <"$SERVER_LOG")
  pg -c "$FORCE SELECT count(*) FROM param_outer o JOIN param_items i ON i.id = o.ref" >/dev/null
  log=$(tail -n +"$((before + 1))" "$SERVER_LOG")
  sent=$(grep -F 'FROM [dbo].[FdwParamItems]' <<<"$log")
  is "$(grep -c ': rpc sp_executesql: SELECT \[id\] FROM \[dbo\]\.\[FdwParamItems\] WHERE (\[id\] = @p1)$' <<<"$sent")" "192" \
     "each of the 192 outer rows with a value runs the same sp_executesql statement (one plan for SQL Server)"
  values=$(grep -F ': rpc values: ' <<<"$log")
  is "$(grep -c "@p1 nvarchar([0-9]*) as BIGINT = '[0-9]*'$" <<<"$values")" "192" \
     "each sends its outer value as @p1, declared bigint"
  is "$(grep -c "= '98'$" <<<"$values")" "1" "outer row 1 sends its own value (ref 98)"
  is "$(grep -c 'WHERE (\[id\] = [0-9]' <<<"$sent")" "0" "no value is written into a statement's text"
  is "$(grep -c ': batch: .*WHERE (1 = 0)$' <<<"$sent")" "8" "the 8 NULL outer values ask for nothing (WHERE 1 = 0)"
  is "$(grep -vc 'WHERE' <<<"$sent")" "0" "no query fetches the whole table"
fi

# --- every type of value a parameter carries, and the values sent inline --------
mssql "IF OBJECT_ID('dbo.FdwParamTypes') IS NOT NULL DROP TABLE dbo.FdwParamTypes" >/dev/null
mssql "CREATE TABLE dbo.FdwParamTypes (Id int NOT NULL PRIMARY KEY, T datetime2(3), Tz datetimeoffset(3), D date,
  Name nvarchar(40), Amount decimal(24,12), F float, G uniqueidentifier, B bit)" >/dev/null
pg -c "SET client_min_messages = warning; DROP TABLE IF EXISTS param_types_local, param_types_outer;
  CREATE TABLE param_types_local (id int PRIMARY KEY, t timestamp(3), tz timestamptz(3), d date, name text,
    amount numeric(24,12), f float8, g uuid, b boolean);
  INSERT INTO param_types_local VALUES
    (1, '2024-01-02 10:20:30.5', '2024-01-02 10:20:30.5+02', '2024-01-02', 'Zoë 😀', 1.5, 0.1, '6f9619ff-8b86-d011-b42d-00c04fc964ff', true),
    (2, '2024-01-02 10:20:31', '2024-01-03 00:00:00+00', '0001-01-01', '', 0.000000000001, -2.5e10, '00000000-0000-0000-0000-000000000001', false),
    (3, '9999-12-31 23:59:59.997', '2024-01-02 08:20:30.5+00', '9999-12-31', 'it''s', 123456789012.123456789012, 1e300, NULL, NULL),
    (4, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
    (5, '2024-01-02 10:20:30.5', '2024-06-01 12:00:00-05', '2024-01-03', 'zoë 😀', -1.5, 0.1, '6F9619FF-8B86-D011-B42D-00C04FC964FF', true);
  CREATE TABLE param_types_outer (k int PRIMARY KEY, t timestamp, tz timestamptz, d date, name text, amount numeric, f float8, g uuid, b boolean);
  INSERT INTO param_types_outer VALUES
    (1, '2024-01-02 10:20:30.5', '2024-01-02 08:20:30.5+00', '2024-01-02', 'Zoë 😀', 1.5, 0.1, '6f9619ff-8b86-d011-b42d-00c04fc964ff', true),
    (2, '2024-01-02 10:20:31', '2024-01-02 00:00:00+00', '0001-01-01', '', 0.000000000001, -2.5e10, '00000000-0000-0000-0000-000000000001', false),
    (3, 'infinity', '-infinity', '9999-12-31', 'it''s', 123456789012.123456789012, 'NaN', NULL, NULL),
    (4, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
    (5, '2024-01-02 10:20:30.499', '2024-06-01 17:00:00+00', '2024-01-03', repeat('x', 4001), -1.50000, 1e300, '6f9619ff-8b86-d011-b42d-00c04fc964ff', true);
  ANALYZE param_types_outer"
is "$(pg -c "SELECT rows_inserted FROM mssql_upsert_push('param_types_local', 'mssql', 'dbo.FdwParamTypes')")" "5" \
   "a remote table with a column of every parameter type"
pg -c "DROP FOREIGN TABLE IF EXISTS param_types; CREATE FOREIGN TABLE param_types (id int, t timestamp(3), tz timestamptz(3), d date,
  name text, amount numeric(24,12), f float8, g uuid, b boolean) SERVER mssql OPTIONS (table_name 'FdwParamTypes')"
types_of() { # the join condition over o and i; its rows, forced into the nested loop
  pg -c "$FORCE SELECT coalesce(string_agg(o.k || ':' || i.id, ' ' ORDER BY o.k, i.id), 'none') FROM param_types_outer o JOIN $1 i ON $2"
}
for on in "i.t = o.t" "i.t >= o.t" "i.t < o.t" "i.tz = o.tz" "i.tz > o.tz" "i.d = o.d" "i.d <= o.d" "i.name = o.name" \
          "i.amount = o.amount" "i.amount > o.amount" "i.f = o.f" "i.f < o.f" "i.g = o.g" "i.b = o.b" "i.b <> o.b"; do
  got=$(types_of param_types "$on")
  is "$got" "$(types_of param_types_local "$on")" "a parameter of the outer row's type: ON $on"
done
plan=$(pg -c "$FORCE EXPLAIN VERBOSE SELECT 1 FROM param_types_outer o JOIN param_types i ON i.t = o.t AND i.name = o.name AND i.amount = o.amount")
like "$plan" 'WHERE \(\[t\] >= @p1 AND \[t\] <= @p2\) AND \(\[name\] = @p3\) AND \(\[amount\] = @p4\)' \
     "a timestamp equality is sent as a widened range of two parameters"
like "$plan" 'Remote Parameters: @p1 datetime2\(7\), @p2 datetime2\(7\), @p3 nvarchar\(4000\), @p4 decimal\(38,10\)' \
     "each parameter's declared type"
for pattern in "Zo%" "%😀" "_t''s" "" "50\\%" "%"; do
  is "$(pg -c "PREPARE like_name(text) AS SELECT string_agg(id::text, ',' ORDER BY id) FROM param_types WHERE name LIKE \$1;
               SET plan_cache_mode = force_generic_plan; EXECUTE like_name('$pattern')" | tail -1)" \
     "$(pg -c "SELECT string_agg(id::text, ',' ORDER BY id) FROM param_types_local WHERE name LIKE '$pattern'")" \
     "a LIKE pattern as a parameter (generic plan): '$pattern'"
done
if [[ "${MSSQL_IS_TEST_SERVER:-0}" == 1 && -f "$SERVER_LOG" ]]; then
  before=$(wc -l <"$SERVER_LOG")
  pg -c "$FORCE SELECT count(*) FROM param_types_outer o JOIN param_types i ON i.amount = o.amount" >/dev/null
  log=$(tail -n +"$((before + 1))" "$SERVER_LOG")
  is "$(grep -c ': rpc sp_executesql: .*WHERE (\[amount\] = @p1)$' <<<"$log")|$(grep -c ': batch: .*WHERE (\[amount\] = [0-9.]*)$' <<<"$log")|$(grep -c ': batch: .*WHERE (1 = 0)$' <<<"$log")" \
     "2|2|1" "decimal(38,10) holds two outer values; two with 12 decimals are written inline; NULL asks for nothing"
fi

# --- cancel during the loop ---------------------------------------------------
if [[ "${MSSQL_IS_TEST_SERVER:-0}" == 1 ]]; then
  mssql "EXEC tds_test_fault @kind = 'delay_per_statement_ms', @count = 400" >/dev/null
  check_statement_timeout "$FORCE SELECT count(*) FROM param_outer o JOIN param_items i ON i.id = o.ref" \
    "a parameterized scan's loop"
  check_cancel_backend "$FORCE SELECT count(*) FROM param_outer o JOIN param_items i ON i.id = o.ref WHERE o.k > 0" \
    "a parameterized scan's loop"
  mssql "EXEC tds_test_fault @kind = 'clear'" >/dev/null
  is "$(pg -c "$FORCE SELECT count(*) FROM param_outer o JOIN param_items i ON i.id = o.ref")" "172" \
     "the next parameterized join works"
fi
done_testing
