#!/usr/bin/env bash
# mssql_upsert_pull end to end: SQL Server side (TDS test server or a real SQL
# Server named by MSSQL_TEST_*) -> local PostgreSQL tables.
source "$(dirname "$0")/lib.sh"
require_mssql
create_mssql_server mssql >/dev/null

pull() { pg -c "SELECT rows_read, rows_inserted, rows_updated, rows_unchanged, chunks FROM mssql_upsert_pull($1)"; }

# --- every type, NULLs, unicode outside the BMP ---------------------------------
create_remote_all_types dbo.AllTypes
pg -c "DROP TABLE IF EXISTS all_types; CREATE TABLE all_types (${ALL_TYPES_PG_COLUMNS/id int/id int PRIMARY KEY})"
is "$(pull "'mssql', 'dbo.AllTypes', 'all_types'")" "3|3|0|0|1" "every type: three rows inserted in one chunk"
is "$(pg -c "$ALL_TYPES_ROW1_SQL FROM all_types WHERE id = 1")" "$ALL_TYPES_ROW1" \
   "every type: maximum values arrive exactly (decimal(38,10), money, uuid byte order, 7th digit dropped)"
is "$(pg -c "$ALL_TYPES_ROW2_SQL FROM all_types WHERE id = 2")" "$ALL_TYPES_ROW2" \
   "every type: zero, empty strings and binaries stay distinct from NULL; datetime shows .997; .0000005 s is dropped"
is "$(pg -c "$ALL_TYPES_NULLS_SQL FROM all_types WHERE id = 3")" \
   "21" "every type: NULL of every type arrives as NULL"

# --- counts across three pulls with remote changes in between, xmin kept -------
mssql "IF OBJECT_ID('dbo.Orders') IS NOT NULL DROP TABLE dbo.Orders" >/dev/null
mssql "CREATE TABLE dbo.Orders (OrderId int NOT NULL PRIMARY KEY, CustomerId int, Status nvarchar(20), Total decimal(12,2))" >/dev/null
mssql "INSERT INTO dbo.Orders VALUES (1, 10, N'open', 10.00), (2, 20, N'open', 20.00), (3, 30, NULL, 30.00), (4, 40, N'closed', 40.00), (5, 50, N'open', 50.00)" >/dev/null
pg -c "DROP TABLE IF EXISTS orders; CREATE TABLE orders (orderid int PRIMARY KEY, customerid int, status text, total numeric(12,2), pulled_at timestamptz DEFAULT now())"
is "$(pull "'mssql', 'dbo.Orders', 'orders', chunk_rows => 2")" "5|5|0|0|3" "first pull inserts 5 rows in 3 chunks of 2"
before=$(pg -c "SELECT string_agg(xmin::text, ',' ORDER BY orderid) FROM orders")
is "$(pull "'mssql', 'dbo.Orders', 'orders', chunk_rows => 2")" "5|0|0|5|3" "identical second pull: every row unchanged"
is "$(pg -c "SELECT string_agg(xmin::text, ',' ORDER BY orderid) FROM orders")" "$before" "unchanged rows keep their xmin (no new tuple written)"
mssql "UPDATE dbo.Orders SET Status = N'closed' WHERE OrderId = 2; UPDATE dbo.Orders SET Status = NULL WHERE OrderId = 5; UPDATE dbo.Orders SET Status = N'x' WHERE OrderId = 3; INSERT INTO dbo.Orders VALUES (6, 60, N'new', 60.00)" >/dev/null
is "$(pull "'mssql', 'dbo.Orders', 'orders', chunk_rows => 2")" "6|1|3|2|3" "third pull after remote changes: 1 inserted, 3 updated (incl. to and from NULL), 2 unchanged"
is "$(pg -c "SELECT string_agg(orderid || ':' || coalesce(status, 'NULL'), ' ' ORDER BY orderid) FROM orders")" \
   "1:open 2:closed 3:x 4:closed 5:NULL 6:new" "local rows equal the remote rows"
is "$(pg -c "SELECT split_part('$before', ',', 1) = xmin::text FROM orders WHERE orderid = 1")" "t" "row 1, unchanged remotely, still has its first xmin"

# --- staging => 'table' (a TEMP table, as COPY fills one) counts the same -----------
pg -c "TRUNCATE orders"
is "$(pull "'mssql', 'dbo.Orders', 'orders', chunk_rows => 4, staging => 'table'")" "6|6|0|0|2" "staging table: first pull inserts every row"
before=$(pg -c "SELECT string_agg(xmin::text, ',' ORDER BY orderid) FROM orders")
mssql "UPDATE dbo.Orders SET Status = N'y' WHERE OrderId = 3" >/dev/null
is "$(pull "'mssql', 'dbo.Orders', 'orders', chunk_rows => 4, staging => 'table'")" "6|0|1|5|2" "staging table: one remote change, one update, the rest unchanged"
is "$(pg -c "SELECT count(*) FROM orders o JOIN unnest(string_to_array('$before', ',')) WITH ORDINALITY b(x, n) ON n = o.orderid WHERE o.xmin::text = b.x")" "5" "staging table: the unchanged rows keep their xmin"
like "$(pg_error -c "SELECT mssql_upsert_pull('mssql', 'dbo.Orders', 'orders', staging => 'disk')")" "argument \"staging\" must be 'memory' or 'table', not 'disk'" "an unknown staging kind is refused"

# --- a chunk larger than work_mem spills to a temporary file and stays exact --------
mssql "IF OBJECT_ID('dbo.Wide') IS NOT NULL DROP TABLE dbo.Wide" >/dev/null
mssql "CREATE TABLE dbo.Wide (Id int NOT NULL PRIMARY KEY, Filler nvarchar(200))" >/dev/null
for first in 1 501; do # two batches: one would pass the 128 kB limit of a command-line argument
  values=$(for i in $(seq "$first" $((first + 499))); do printf "(%d, N'%s')," "$i" "$(printf 'w%.0s' {1..150})"; done)
  mssql "INSERT INTO dbo.Wide VALUES ${values%,}" >/dev/null
done
pg -c "DROP TABLE IF EXISTS wide; CREATE TABLE wide (id int PRIMARY KEY, filler text)"
is "$(pg -c "SET work_mem = '64kB'; SELECT rows_read, rows_inserted, chunks FROM mssql_upsert_pull('mssql', 'dbo.Wide', 'wide')")" "1000|1000|1" "a 150 kB chunk with work_mem 64kB: every row arrives"
is "$(pg -c "SELECT count(*), sum(length(filler)) FROM wide")" "1000|150000" "the spilled chunk's values are whole"

# --- remote filter, columns, explicit keys ----------------------------------------
pg -c "TRUNCATE orders"
is "$(pull "'mssql', 'dbo.Orders', 'orders', remote_filter => 'Total >= 40'")" "3|3|0|0|1" "remote_filter pulls only matching rows"
is "$(pull "'mssql', 'dbo.Orders', 'orders', columns => ARRAY['status']")" "6|3|0|3|1" "columns: only listed columns (plus key) are pulled"
is "$(pg -c "SELECT count(*) FILTER (WHERE customerid IS NULL) FROM orders")" "3" "columns: unlisted columns of new rows keep their default"

args="'mssql', '$MSSQL_DATABASE.dbo.Orders', 'orders', remote_filter => 'OrderId = 1'"
is "$(pull "$args")" "1|0|1|0|1" "a three-part name naming the server's database is accepted (fills the columns left out before)"
sql="SELECT mssql_upsert_pull('mssql', 'OtherDb.dbo.Orders', 'orders')"
like "$(pg_error -c "$sql")" 'the database part "OtherDb" is not the server' "a three-part name naming another database is refused"

# --- chunk boundaries --------------------------------------------------------------
mssql "IF OBJECT_ID('dbo.Seq') IS NOT NULL DROP TABLE dbo.Seq" >/dev/null
mssql "CREATE TABLE dbo.Seq (N int NOT NULL PRIMARY KEY, V nvarchar(10))" >/dev/null
pg -c "DROP TABLE IF EXISTS seq; CREATE TABLE seq (n int PRIMARY KEY, v text)"
is "$(pull "'mssql', 'dbo.Seq', 'seq', chunk_rows => 3")" "0|0|0|0|0" "0 remote rows: 0 chunks"
mssql "INSERT INTO dbo.Seq VALUES (1, N'a')" >/dev/null
is "$(pull "'mssql', 'dbo.Seq', 'seq', chunk_rows => 3")" "1|1|0|0|1" "1 row: 1 chunk"
mssql "INSERT INTO dbo.Seq VALUES (2, N'b'), (3, N'c')" >/dev/null
is "$(pull "'mssql', 'dbo.Seq', 'seq', chunk_rows => 3")" "3|2|0|1|1" "exactly chunk_rows rows: 1 chunk"
mssql "INSERT INTO dbo.Seq VALUES (4, N'd')" >/dev/null
is "$(pull "'mssql', 'dbo.Seq', 'seq', chunk_rows => 3")" "4|1|0|3|2" "chunk_rows + 1 rows: 2 chunks"

# --- bad inputs: clear errors, nothing changed ---------------------------------------
snapshot=$(pg -c "SELECT md5(string_agg(orders::text, ',' ORDER BY orderid)) FROM orders")
sql="SELECT mssql_upsert_pull('nosuch', 'dbo.Orders', 'orders')"
like "$(pg_error -c "$sql")" 'server "nosuch" does not exist' "unknown server is named"
sql="SELECT mssql_upsert_pull('mssql', 'dbo.NoSuchTable', 'orders')"
like "$(pg_error -c "$sql")" "SQL Server error 208: Invalid object name" "missing remote table: SQL Server's 208 message"
sql="SELECT mssql_upsert_pull('mssql', 'dbo.Orders', 'no_such_local')"
like "$(pg_error -c "$sql")" 'relation "no_such_local" does not exist' "missing local table"
pg -c "DROP TABLE IF EXISTS nokey; CREATE TABLE nokey (orderid int, status text)"
sql="SELECT mssql_upsert_pull('mssql', 'dbo.Orders', 'nokey')"
like "$(pg_error -c "$sql")" 'local table public.nokey has no primary key' "local table without key"
like "$(pg_error -c "SELECT mssql_upsert_pull('mssql', 'dbo.Orders', 'nokey', key_columns => ARRAY['orderid'])")" 'has no unique index on \(orderid\)' "key without unique index"
pg -c "DROP TABLE IF EXISTS badtype; CREATE TABLE badtype (orderid int PRIMARY KEY, total point)"
sql="SELECT mssql_upsert_pull('mssql', 'dbo.Orders', 'badtype')"
like "$(pg_error -c "$sql")" 'remote column "Total" \(decimal\(12,2\)\) cannot be converted to local column "total" \(point\)' "type mismatch names the column and both types"
pg -c "DROP TABLE IF EXISTS bycustomer; CREATE TABLE bycustomer (status text PRIMARY KEY, customerid int)"
sql="SELECT mssql_upsert_pull('mssql', 'dbo.Orders', 'bycustomer')"
like "$(pg_error -c "$sql")" 'returned the key \(status\)=\((closed|NULL)\) more than once in one chunk' "duplicate keys in a chunk are named"
is "$(pg -c "SELECT count(*) FROM bycustomer")" "0" "duplicate keys: nothing written"
sql="SELECT mssql_upsert_pull('mssql', 'dbo.Orders', 'bycustomer', staging => 'table')"
like "$(pg_error -c "$sql")" 'returned the key \(status\)=\((closed|NULL|open)\) more than once in one chunk' "duplicate keys are named with staging => 'table' too"
mssql "IF OBJECT_ID('dbo.NullKeys') IS NOT NULL DROP TABLE dbo.NullKeys" >/dev/null
mssql "CREATE TABLE dbo.NullKeys (Code nvarchar(10), V int)" >/dev/null
mssql "INSERT INTO dbo.NullKeys VALUES (N'a', 1), (NULL, 2)" >/dev/null
pg -c "DROP TABLE IF EXISTS nullkeys; CREATE TABLE nullkeys (code text PRIMARY KEY, v int)"
like "$(pg_error -c "SELECT mssql_upsert_pull('mssql', 'dbo.NullKeys', 'nullkeys')")" 'null value in column "code" of relation "nullkeys" violates not-null constraint' "a NULL remote key is refused by the local key's NOT NULL"
is "$(pg -c "SELECT count(*) FROM nullkeys")" "0" "NULL key: nothing written"
long_name=$(printf 'x%.0s' {1..129})
sql="SELECT mssql_upsert_pull('mssql', '[dbo].[$long_name]', 'orders')"
like "$(pg_error -c "$sql")" 'is too long \(129 characters; SQL Server allows 128\)' "too-long remote name"
like "$(pg_error -c "SELECT mssql_upsert_pull('mssql', 'dbo.Orders', 'orders', chunk_rows => 0)")" 'argument "chunk_rows" must be between 1 and 10000000' "chunk_rows must be positive"
sql="SELECT mssql_upsert_pull('mssql', 'dbo.Orders', 'orders', remote_filter => 'NoSuchColumn = 1')"
like "$(pg_error -c "$sql")" "SQL Server error 207" "remote error in the filter: SQL Server's message"
is "$(pg -c "SELECT md5(string_agg(orders::text, ',' ORDER BY orderid)) FROM orders")" "$snapshot" "after every failed call the local table is as it was"

# --- privileges --------------------------------------------------------------------
pg -c "DROP ROLE IF EXISTS pull_reader; CREATE ROLE pull_reader; GRANT SELECT ON orders TO pull_reader" >/dev/null
sql="SET ROLE pull_reader; SELECT mssql_upsert_pull('mssql', 'dbo.Orders', 'orders')"
like "$(pg_error -c "$sql")" 'permission denied for foreign server mssql' "USAGE on the server is required"
pg -c "GRANT USAGE ON FOREIGN SERVER mssql TO pull_reader"
sql="SET ROLE pull_reader; SELECT mssql_upsert_pull('mssql', 'dbo.Orders', 'orders')"
like "$(pg_error -c "$sql")" 'user mapping not found for user "pull_reader"' "a user mapping is required"
pg -c "CREATE USER MAPPING FOR pull_reader SERVER mssql OPTIONS (username '$MSSQL_USER', password '$MSSQL_PASSWORD')"
sql="SET ROLE pull_reader; SELECT mssql_upsert_pull('mssql', 'dbo.Orders', 'orders')"
like "$(pg_error -c "$sql")" 'permission denied for table orders' "INSERT/UPDATE on the local table are required"
pg -c "GRANT INSERT ON orders TO pull_reader"
like "$(pg_error -c "$sql")" 'permission denied for table orders' "... INSERT without UPDATE is not enough"
pg -c "DROP USER MAPPING FOR pull_reader SERVER mssql; REVOKE ALL ON FOREIGN SERVER mssql FROM pull_reader; REVOKE ALL ON orders FROM pull_reader; DROP ROLE pull_reader"

# --- login failure does not show the password --------------------------------------
pg -c "CREATE SERVER badlogin FOREIGN DATA WRAPPER mssql_upsert_fdw OPTIONS (host '$MSSQL_HOST', port '$MSSQL_PORT');
       CREATE USER MAPPING FOR CURRENT_USER SERVER badlogin OPTIONS (username 'nobody', password 'Sekr3t-Value')"
out=$(pg_error -c "SELECT mssql_upsert_pull('badlogin', 'dbo.Orders', 'orders')")
like "$out" "Login failed for user 'nobody'" "login failure carries SQL Server's message"
[[ "$out" != *Sekr3t-Value* ]]; ok $? "login failure does not print the password"
pg -c "DROP SERVER badlogin CASCADE"

done_testing
