#!/usr/bin/env bash
# Foreign table scans end to end: the same queries through this FDW and through
# tds_fdw over the same SQL Server tables give the same answers (pushdown or
# not, whatever the remote collation); every type arrives exactly; filters on
# every type agree with PostgreSQL's own answer.
source "$(dirname "$0")/lib.sh"
require_mssql
create_mssql_server mssql >/dev/null

# --- the same answers as tds_fdw -------------------------------------------------
# (ASCII text and no date columns: tds_fdw's FreeTDS converts text with its
# default client charset and dates with its locale's format unless
# /etc/freetds is configured for it; the types test below covers the rest.)
mssql "IF OBJECT_ID('dbo.FdwItems') IS NOT NULL DROP TABLE dbo.FdwItems" >/dev/null
mssql "CREATE TABLE dbo.FdwItems (Id int NOT NULL PRIMARY KEY, Name nvarchar(30), Qty int,
  Price decimal(10,2), Ok bit, Score float, Code varchar(10))" >/dev/null
mssql "INSERT INTO dbo.FdwItems VALUES (1, N'apple', 5, 1.50, 1, 0.5, 'A1'), (2, N'Apple', 7, 2.25, 0, 0.25, 'a1'),
  (3, N'banana', 1, 0.99, 1, 1.0, 'B'), (4, N'Banana ', 12, NULL, NULL, NULL, NULL),
  (5, N'cherry', NULL, 10.00, 1, -3.5, 'C%'), (6, NULL, 3, 3.00, 0, 0.5, 'c_'),
  (7, N'b%x', 2, 2.00, 1, 2.0, '[x]'), (8, N'date', 0, 0.00, 0, 0.0, '')" >/dev/null
pg -c "SET client_min_messages = warning; CREATE EXTENSION IF NOT EXISTS tds_fdw; DROP SERVER IF EXISTS fdw_scan_tds CASCADE;
  CREATE SERVER fdw_scan_tds FOREIGN DATA WRAPPER tds_fdw OPTIONS (servername '$MSSQL_HOST', port '$MSSQL_PORT', database '$MSSQL_DATABASE', tds_version '7.4');
  CREATE USER MAPPING FOR CURRENT_USER SERVER fdw_scan_tds OPTIONS (username '$MSSQL_USER', password '$MSSQL_PASSWORD');
  CREATE FOREIGN TABLE items_tds (id int, name text, qty int, price numeric(10,2), ok boolean, score float8, code text)
    SERVER fdw_scan_tds OPTIONS (table_name 'dbo.FdwItems');
  DROP FOREIGN TABLE IF EXISTS items;
  CREATE FOREIGN TABLE items (id int, name text, qty int, price numeric(10,2), ok boolean, score float8, code text)
    SERVER mssql OPTIONS (table_name 'FdwItems')"

# tds_fdw sends some WHERE clauses itself, which fails on the TDS test server;
# so each query's expected answer is PostgreSQL's own over the rows tds_fdw
# reads, and tds_fdw's direct answer is compared too when it gives one.
pg -c "SET client_min_messages = warning; DROP TABLE IF EXISTS items_via_tds; CREATE TABLE items_via_tds AS SELECT * FROM items_tds"
rows_of() { # table where-clause
  pg -c "SET client_min_messages = warning; SELECT coalesce(string_agg(concat_ws('|', id, coalesce(name, 'NULL'), qty, price, ok, score, code), ' ' ORDER BY id), 'none') FROM (SELECT * FROM $1 $2) s"
}
for where in "" "WHERE qty > 2" "WHERE qty >= 2 AND qty <= 7" "WHERE qty <> 5" "WHERE qty IN (1, 3, 12)" \
  "WHERE price IS NULL" "WHERE price IS NOT NULL AND price < 2" "WHERE ok" "WHERE NOT ok" "WHERE ok = false" \
  "WHERE score > 0.25" "WHERE score = 0.5 OR qty IS NULL" "WHERE NOT (qty < 3 OR price > 2)" \
  "WHERE name = 'apple'" "WHERE name = 'Banana'" "WHERE name IN ('banana', 'Apple')" "WHERE name <> 'apple'" \
  "WHERE name < 'b'" "WHERE name LIKE 'b%'" "WHERE name LIKE 'B%a_'" "WHERE name LIKE 'b\\%%'" "WHERE code LIKE '[x]'" \
  "WHERE code LIKE 'c\\_'" "WHERE code = ''" "WHERE name NOT LIKE '%a%'" \
  "WHERE lower(name) = 'apple' AND qty > 1" "WHERE id = (SELECT max(qty) FROM items)" \
  "ORDER BY id LIMIT 3" "LIMIT 2" "WHERE qty > 1 LIMIT 2" "WHERE name = 'apple' LIMIT 1"; do
  want=$(rows_of items_via_tds "${where//items/items_via_tds}")
  got=$(rows_of items "$where")
  is "$got" "$want" "same rows as PostgreSQL over tds_fdw's rows: ${where:-all rows}"
  if direct=$(rows_of items_tds "${where//items/items_tds}" 2>/dev/null) && [[ -n "$direct" ]]; then
    is "$got" "$direct" "same rows as tds_fdw itself: ${where:-all rows}"
  fi
done
is "$(rows_of items "WHERE name ILIKE 'APPLE'")" "$(rows_of items_via_tds "WHERE name ILIKE 'APPLE'")" "ILIKE (evaluated locally)"
is "$(rows_of items "WHERE name = 'apple'")" "1|apple|5|1.50|t|0.5|A1" "text equality is PostgreSQL's (case and trailing spaces count)"
like "$(pg -c "EXPLAIN VERBOSE SELECT id FROM items WHERE qty > 2 AND name = 'apple'")" \
  'Remote SQL: SELECT \[id\], \[name\] FROM \[dbo\]\.\[FdwItems\] WHERE \(\[qty\] > 2\) AND \(\[name\] = N'"'"'apple'"'"'\)' \
  "the conditions went to SQL Server"
is "$(pg -c "SELECT count(*), sum(qty) FROM items")" "8|30" "count(*) and sum over a scan"
is "$(pg -c "SELECT i.id, t.id FROM items i JOIN items_tds t ON t.qty = i.id ORDER BY 1, 2" | tr '\n' ' ')" \
   "1|3 2|7 3|6 5|1 7|2 " "a join with a tds_fdw table"
is "$(pg -c "SELECT a.id FROM items a JOIN items b ON b.id = a.qty WHERE a.qty < 8 ORDER BY 1" | tr '\n' ' ')" \
   "1 2 3 6 7 " "a self-join: two scans on one server at once"
is "$(pg -c "PREPARE q(int) AS SELECT string_agg(id::text, ',' ORDER BY id) FROM items WHERE qty > \$1; SET plan_cache_mode = force_generic_plan; EXECUTE q(4); EXECUTE q(6); EXECUTE q(NULL)" | tr '\n' ' ')" \
   "1,2,4 2,4  " "a prepared statement: each execution sends its parameter's value"
pg -c "ANALYZE items"
is "$(pg -c "SELECT reltuples FROM pg_class WHERE relname = 'items'")" "8" "ANALYZE counts the remote rows"
is "$(pg -c "SELECT count(*) FROM pg_stats WHERE tablename = 'items'")" "7" "ANALYZE gathers statistics for every column"
is "$(pg -c "SELECT string_agg(id::text, ',') FROM (SELECT id FROM items WHERE qty > 1 AND name LIKE '%a%' LIMIT 1) s; SELECT count(*) FROM items")" \
   "$(printf '1\n8')" "a scan ended early (LIMIT above a local filter) leaves the connection usable"

# --- every type ---------------------------------------------------------------
create_remote_all_types dbo.FdwAllTypes
pg -c "DROP FOREIGN TABLE IF EXISTS fdw_all_types; CREATE FOREIGN TABLE fdw_all_types ($ALL_TYPES_PG_COLUMNS)
  SERVER mssql OPTIONS (schema_name 'dbo', table_name 'FdwAllTypes')"
is "$(pg -c "$ALL_TYPES_ROW1_SQL FROM fdw_all_types WHERE id = 1")" "$ALL_TYPES_ROW1" \
   "every type: maximum values arrive exactly, as the pull converts them"
is "$(pg -c "$ALL_TYPES_ROW2_SQL FROM fdw_all_types WHERE id = 2")" "$ALL_TYPES_ROW2" \
   "every type: zero and empty values stay distinct from NULL"
is "$(pg -c "$ALL_TYPES_NULLS_SQL FROM fdw_all_types WHERE id = 3")" "21" "every type: NULL of every type"
# a filter on each type gives PostgreSQL's answer, pushed down or not
for where in "b" "NOT b" "ti = 255" "si < 0" "i = -2147483648" "bi = 9223372036854775807" \
  "d = 1234567890123456789012345678.0123456789" "d < 0" "m = -922337203685477.5808" "sm > 0" "r = 1.5" "f < -2" \
  "vc = 'cafe'" "nvc = 'Zoë 😀 漢字'" "nvc LIKE 'Zoë%'" "nmax = ''" "vb = '\\x00ff10'" "dt = '0001-01-01'" "dt > '2000-01-01'" \
  "tm > '12:00'" "dtm = '2024-02-29 12:34:56.997'" "dtm < '1800-01-01'" "dt2 = '9999-12-31 23:59:59.999999'" \
  "dt2 > '2000-01-01'" "sdt = '2079-06-06 23:59'" "sdt >= '1900-01-01'" "dto = '2024-05-06 07:08:09.123+00'" \
  "dto < '2024-05-06 09:08:09.123+02'" "g = '6f9619ff-8b86-d011-b42d-00c04fc964ff'" "g IS NULL"; do
  want=$(pg -c "CREATE TEMP TABLE local_types AS SELECT * FROM fdw_all_types; SELECT coalesce(string_agg(id::text, ',' ORDER BY id), 'none') FROM local_types WHERE $where")
  is "$(pg -c "SELECT coalesce(string_agg(id::text, ',' ORDER BY id), 'none') FROM fdw_all_types WHERE $where")" "$want" "every type: WHERE $where"
done
is "$(pg -c "SET TimeZone = 'UTC'; SELECT string_agg(id::text, ',' ORDER BY id) FROM fdw_all_types WHERE dtm = '2024-02-29 12:34:56.997'")" "2" \
   "datetime's 1/300 s ticks compare as the milliseconds the scan shows"
# widened bounds beyond smalldatetime's range go as datetime2 (SQL Server would refuse
# N'2079-06-07T00:00:02' for a smalldatetime column: error 242), instants with their offset
remote_where() { pg -c "SET TimeZone = 'UTC'; EXPLAIN VERBOSE SELECT id FROM fdw_all_types WHERE $1" | sed -n 's/.*Remote SQL: .* WHERE //p'; }
is "$(remote_where "sdt = '2079-06-06 23:59'")" \
   "([sdt] >= CAST(N'2079-06-06T23:57:59' AS datetime2) AND [sdt] <= CAST(N'2079-06-07T00:00:02' AS datetime2))" \
   "smalldatetime's last minute: both bounds typed datetime2"
is "$(remote_where "sdt >= '1900-01-01'")" "([sdt] >= CAST(N'1899-12-31T23:58:59' AS datetime2))" \
   "smalldatetime's first minute: the bound below its range typed datetime2"
is "$(remote_where "dtm < '1700-01-01'")" "([dtm] <= CAST(N'1700-01-01T00:01:02' AS datetime2))" \
   "a bound before datetime's range is sent typed datetime2 (SQL Server compares in datetime2)"
is "$(remote_where "dt2 = '9999-12-31 23:59:59.999999'")" "([dt2] >= CAST(N'9999-12-31T23:58:58' AS datetime2))" \
   "a bound beyond datetime2's range is left out, the other one still goes"
is "$(remote_where "dto < '2024-05-06 09:08:09.123+02'")" "([dto] <= CAST(N'2024-05-06T07:09:11+00:00' AS datetimeoffset))" \
   "a timestamptz bound is a datetimeoffset literal in UTC with its offset"

# --- a query foreign table, column_name, casts into declared types -------------------
pg -c "DROP FOREIGN TABLE IF EXISTS priced; CREATE FOREIGN TABLE priced (item text OPTIONS (column_name 'Name'), cost text OPTIONS (column_name 'Price'), n bigint OPTIONS (column_name 'Qty'))
  SERVER mssql OPTIONS (query 'SELECT Name, Price, Qty FROM dbo.FdwItems WHERE Price > 2')"
is "$(pg -c "SELECT string_agg(concat_ws(':', coalesce(item, 'NULL'), cost, n, pg_typeof(cost), pg_typeof(n)), ' ' ORDER BY cost) FROM priced WHERE n IS NOT NULL")" \
   "Apple:2.25:7:text:bigint NULL:3.00:3:text:bigint" "a query foreign table with column_name options, values cast to text and bigint"

# --- memory: a scan holds one row at a time --------------------------------------
# (rows are generated on the test server's PostgreSQL backend directly, as bench/ does)
if [[ "${MSSQL_IS_TEST_SERVER:-0}" == 1 ]]; then
  mssql "IF OBJECT_ID('dbo.FdwBig') IS NOT NULL DROP TABLE dbo.FdwBig" >/dev/null
  mssql "CREATE TABLE dbo.FdwBig (Id int NOT NULL PRIMARY KEY, V nvarchar(200))" >/dev/null
  psql -X -q -d tds_backend -c "INSERT INTO dbo.fdwbig SELECT g, repeat('x', 150) || g FROM generate_series(1, 300000) g"
  pg -c "DROP FOREIGN TABLE IF EXISTS fdw_big; CREATE FOREIGN TABLE fdw_big (id int, v text) SERVER mssql OPTIONS (table_name 'FdwBig')"
  is "$(pg -c "SELECT count(*), sum(length(v)) FROM fdw_big")" "$(psql -X -q -At -d tds_backend -c "SELECT count(*), sum(length(v)) FROM dbo.fdwbig")" \
     "a 300,000-row scan returns every row"
  peak_kb() { # a fresh backend scans the first $1 rows; its peak resident memory in kB
    psql -X -q -At <<SQL 2>/dev/null | grep -o '[0-9][0-9]*' | tail -1
SELECT pg_backend_pid() AS bpid \gset
\setenv BPID :bpid
SELECT count(*), max(v) FROM fdw_big WHERE id <= $1 \g /dev/null
\! grep VmHWM /proc/\$BPID/status
SQL
  }
  small=$(peak_kb 30000)
  large=$(peak_kb 300000)
  if [[ -n "$small" && -n "$large" ]]; then
    (( large - small < 8000 )); ok $? "10x the rows, about the same peak memory (${small} kB for 30,000 rows, ${large} kB for 300,000)"
  fi
fi
done_testing
