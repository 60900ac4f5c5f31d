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
is "$(pg -c "SELECT count(*) FROM orders WHERE xmax <> 0")" "0" "unchanged rows are not even locked (xmax stays 0: no WAL, no dirty page)"
mssql "UPDATE dbo.Orders SET Status = N'closed' WHERE OrderId = 2; UPDATE dbo.Orders SET Status = NULL WHERE OrderId = 5; UPDATE dbo.Orders SET Status = N'x' WHERE OrderId = 3; INSERT INTO dbo.Orders VALUES (6, 60, N'new', 60.00)" >/dev/null
is "$(pull "'mssql', 'dbo.Orders', 'orders', chunk_rows => 2")" "6|1|3|2|3" "third pull after remote changes: 1 inserted, 3 updated (incl. to and from NULL), 2 unchanged"
is "$(pg -c "SELECT string_agg(orderid || ':' || coalesce(status, 'NULL'), ' ' ORDER BY orderid) FROM orders")" \
   "1:open 2:closed 3:x 4:closed 5:NULL 6:new" "local rows equal the remote rows"
is "$(pg -c "SELECT split_part('$before', ',', 1) = xmin::text FROM orders WHERE orderid = 1")" "t" "row 1, unchanged remotely, still has its first xmin"

# --- local collations: whether a row changed is decided on bytes, as in the push --
pg -c "DROP COLLATION IF EXISTS pull_ci CASCADE; CREATE COLLATION pull_ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false)"
pg -c "DROP TABLE IF EXISTS orders_coll; CREATE TABLE orders_coll (orderid int PRIMARY KEY, status text COLLATE pull_ci, total numeric(12,2))"
pg -c "DROP TABLE IF EXISTS orders_c; CREATE TABLE orders_c (status varchar(20) COLLATE \"C\", orderid int, PRIMARY KEY (orderid, status))"
is "$(pull "'mssql', 'dbo.Orders', 'orders_coll'")" "6|6|0|0|1" "a case-insensitive local column: first pull"
is "$(pull "'mssql', 'dbo.Orders', 'orders_coll'")" "6|0|0|6|1" "... second pull: unchanged"
mssql "UPDATE dbo.Orders SET Status = N'CLOSED' WHERE OrderId = 4" >/dev/null
is "$(pull "'mssql', 'dbo.Orders', 'orders_coll'")" "6|0|1|5|1" "... 'closed' -> 'CLOSED' is a change: text compares as bytes, as in the push"
is "$(pg -c "SELECT status FROM orders_coll WHERE orderid = 4")" "CLOSED" "... and the local value takes the remote's case"
is "$(pull "'mssql', 'dbo.Orders', 'orders_coll'")" "6|0|0|6|1" "... pulled again: unchanged"
mssql "UPDATE dbo.Orders SET Status = N'closed' WHERE OrderId = 4" >/dev/null
pg -c "UPDATE orders_coll SET status = 'z' WHERE orderid = 1"
is "$(pull "'mssql', 'dbo.Orders', 'orders_coll', staging => 'table'")" "6|0|2|4|1" "... 'CLOSED' -> 'closed' and a real change are updated (staging table too)"
is "$(pg -c "SELECT string_agg(orderid || ':' || coalesce(status, 'NULL'), ' ' ORDER BY orderid) FROM orders_coll")" \
   "1:open 2:closed 3:x 4:closed 5:NULL 6:new" "... local rows equal the remote rows, byte for byte"
like "$(pg_error -c "SELECT rows_read FROM mssql_upsert_pull('mssql', 'dbo.Orders', 'orders_c', key_columns => ARRAY['orderid', 'status'])")" \
   'null value in column "status"' "a \"C\" collation key column: the merge plans (row 5's NULL status is refused by the key)"
mssql "UPDATE dbo.Orders SET Status = N'none' WHERE Status IS NULL" >/dev/null
is "$(pull "'mssql', 'dbo.Orders', 'orders_c', key_columns => ARRAY['orderid', 'status']")" "6|6|0|0|1" "... with no NULL: inserted"
is "$(pull "'mssql', 'dbo.Orders', 'orders_c', key_columns => ARRAY['orderid', 'status']")" "6|0|0|6|1" "... and unchanged on the second pull"
mssql "UPDATE dbo.Orders SET Status = NULL WHERE Status = N'none'" >/dev/null

# --- a partitioned target: inserts and updates counted without xmax ---------------
pg -c "DROP TABLE IF EXISTS orders_part; CREATE TABLE orders_part (orderid int PRIMARY KEY, customerid int, status text, total numeric(12,2)) PARTITION BY RANGE (orderid);
  CREATE TABLE orders_part_lo PARTITION OF orders_part FOR VALUES FROM (MINVALUE) TO (4);
  CREATE TABLE orders_part_hi PARTITION OF orders_part FOR VALUES FROM (4) TO (MAXVALUE)"
remote_orders=$(mssql_rows "SELECT OrderId, CustomerId, COALESCE(Status, N'NULL'), Total FROM dbo.Orders ORDER BY OrderId")
part_rows() { pg -c "SELECT string_agg(concat_ws(':', orderid, customerid, coalesce(status, 'NULL'), trim_scale(total)), ' ' ORDER BY orderid) FROM orders_part"; }
is "$(pull "'mssql', 'dbo.Orders', 'orders_part', chunk_rows => 4")" "6|6|0|0|2" "partitioned target, empty: 6 inserted in 2 chunks"
is "$(part_rows)" "$remote_orders" "... its rows equal the remote rows"
is "$(pg -c "SELECT count(*) FROM orders_part_lo")|$(pg -c "SELECT count(*) FROM orders_part_hi")" "3|3" "... routed to both partitions"
pg -c "DELETE FROM orders_part WHERE orderid IN (2, 5); UPDATE orders_part SET status = 'changed' WHERE orderid IN (3, 4)"
before=$(pg -c "SELECT string_agg(xmin::text, ',' ORDER BY orderid) FROM orders_part WHERE orderid IN (1, 6)")
is "$(pull "'mssql', 'dbo.Orders', 'orders_part', chunk_rows => 4")" "6|2|2|2|2" "... 2 inserted, 2 updated (one per partition), 2 unchanged"
is "$(part_rows)" "$remote_orders" "... its rows equal the remote rows again"
is "$(pg -c "SELECT string_agg(xmin::text, ',' ORDER BY orderid) FROM orders_part WHERE orderid IN (1, 6)")" "$before" "... unchanged rows keep their xmin"
is "$(pull "'mssql', 'dbo.Orders', 'orders_part', staging => 'table'")" "6|0|0|6|1" "... pulled again (staging table): all unchanged"

# --- identity keys: GENERATED ALWAYS takes the remote key, overriding the sequence ---
pg -c "DROP TABLE IF EXISTS orders_id_always, orders_id_default;
  CREATE TABLE orders_id_always (orderid int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, status text);
  CREATE TABLE orders_id_default (orderid int GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, status text);
  INSERT INTO orders_id_always (status) VALUES ('open'), ('changed');
  INSERT INTO orders_id_default (status) VALUES ('open'), ('changed')"
for kind in always default; do
  is "$(pull "'mssql', 'dbo.Orders', 'orders_id_$kind'")" "6|4|1|1|1" "identity $kind key: 4 inserted, 1 updated, 1 unchanged"
  is "$(pg -c "SELECT string_agg(orderid || ':' || coalesce(status, 'NULL'), ' ' ORDER BY orderid) FROM orders_id_$kind")" \
     "1:open 2:closed 3:x 4:closed 5:NULL 6:new" "... the local rows equal the remote rows, keys included"
  is "$(pull "'mssql', 'dbo.Orders', 'orders_id_$kind'")" "6|0|0|6|1" "... pulled again: unchanged"
done

# --- staging => 'table' (a TEMP table, as COPY fills one) counts the same -----------
pg -c "TRUNCATE orders"
is "$(pull "'mssql', 'dbo.Orders', 'orders', chunk_rows => 4, staging => 'table', mode => 'merge'")" "6|6|0|0|2" "staging table: first pull (merged) inserts every row"
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
sql="SELECT mssql_upsert_pull('mssql', 'dbo.Orders', 'bycustomer', staging => 'table', mode => 'merge')"
like "$(pg_error -c "$sql")" 'returned the key \(status\)=\((closed|NULL|open)\) more than once in one chunk' "duplicate keys are named with staging => 'table' too"
# Keys are checked as rows are staged when staged and local key types are the
# same, else by a GROUP BY over the chunk: both paths name the key. (Into an
# empty table a pull loads directly and checks keys after the cast in C++:
# mode => 'merge' keeps these on the merge; pull_load.sh tests the load.)
mssql "IF OBJECT_ID('dbo.DupKeys') IS NOT NULL DROP TABLE dbo.DupKeys" >/dev/null
mssql "CREATE TABLE dbo.DupKeys (A int, B nvarchar(10), C decimal(5,2), V int)" >/dev/null
mssql "INSERT INTO dbo.DupKeys VALUES (1, N'x', 1.25, 1), (1, N'y', 1.4, 2), (2, N'x', 3.5, 3), (1, N'x', 4.5, 4)" >/dev/null
pg -c "DROP TABLE IF EXISTS dup_ab, dup_ab_vc, dup_c; CREATE TABLE dup_ab (a int, b text, v int, PRIMARY KEY (a, b));
  CREATE TABLE dup_ab_vc (a bigint, b varchar(10), v int, PRIMARY KEY (a, b)); CREATE TABLE dup_c (c int PRIMARY KEY, v int)"
like "$(pg_error -c "SELECT mssql_upsert_pull('mssql', 'dbo.DupKeys', 'dup_ab')")" \
   'returned the key \(a, b\)=\(1, x\) more than once in one chunk' "a duplicate two-column key is named (checked while staging)"
like "$(pg_error -c "SELECT mssql_upsert_pull('mssql', 'dbo.DupKeys', 'dup_ab_vc', mode => 'merge')")" \
   'returned the key \(a, b\)=\(1, x\) more than once in one chunk' "... and with other local key types (checked by GROUP BY)"
like "$(pg_error -c "SELECT mssql_upsert_pull('mssql', 'dbo.DupKeys', 'dup_c')")" \
   'returned the key \(c\)=\(1\) more than once in one chunk' "keys that collide only after the cast to the local type (1.25 and 1.4 -> 1) are found"
is "$(pg -c "SELECT count(*) FROM dup_ab") $(pg -c "SELECT count(*) FROM dup_ab_vc") $(pg -c "SELECT count(*) FROM dup_c")" "0 0 0" \
   "duplicate keys: nothing written on either path"
is "$(pg -c "SELECT rows_read, rows_inserted, rows_updated, rows_unchanged, chunks FROM mssql_upsert_pull('mssql', 'dbo.DupKeys', 'dup_ab', chunk_rows => 1, mode => 'merge')")" \
   "4|3|1|0|4" "a key repeated in another chunk is no merge error: the later row updates the earlier"
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
