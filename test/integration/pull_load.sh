#!/usr/bin/env bash
# mssql_upsert_pull's initial-load fast path: into a table that is empty when
# the pull begins (mode => 'auto') or with mode => 'load', rows go in as COPY
# does (no staging, no ON CONFLICT); every other pull merges.
source "$(dirname "$0")/lib.sh"
require_mssql
create_mssql_server mssql >/dev/null

counts="rows_read, rows_inserted, rows_updated, rows_unchanged, chunks"
# The path a pull takes, from its DEBUG1 line (as a user would see it).
path_of() { # pull arguments
  pg_error -c "SET client_min_messages = debug1" -c "SELECT $counts FROM mssql_upsert_pull($1)" |
    sed -n -e 's/^DEBUG:  mssql_upsert_pull: //p' -e '/^[0-9]/p'
}
pull() { pg -c "SELECT $counts FROM mssql_upsert_pull($1)"; }
# WAL records written by one statement: speculative-insert confirmations (the
# merge's ON CONFLICT writes one per inserted row) and multi-insert records (COPY's).
wal_records_of() { # sql
  pg -c "CREATE EXTENSION IF NOT EXISTS pg_walinspect" >/dev/null 2>&1 || { echo "no pg_walinspect"; return; }
  local start
  start=$(pg -c "SELECT pg_current_wal_flush_lsn()")
  pg -c "SET synchronous_commit = on" -c "$1" >/dev/null # its commit flushes the WAL it wrote
  pg -c "SELECT count(*) FILTER (WHERE resource_manager = 'Heap' AND record_type LIKE '%CONFIRM%') || ' confirm, ' ||
           (count(*) FILTER (WHERE resource_manager = 'Heap2' AND record_type LIKE '%MULTI_INSERT%') > 0) || ' multi-insert'
         FROM pg_get_wal_records_info('$start', pg_current_wal_flush_lsn())"
}

mssql "IF OBJECT_ID('dbo.LoadItems') IS NOT NULL DROP TABLE dbo.LoadItems" >/dev/null
mssql "CREATE TABLE dbo.LoadItems (Id int NOT NULL PRIMARY KEY, Code nvarchar(10), Name nvarchar(40), Qty int, Price decimal(10,2))" >/dev/null
mssql "INSERT INTO dbo.LoadItems VALUES (1, N'A-1', N'bolt', 10, 0.25), (2, N'B-2', N'nut', 20, 0.10), (3, N'C-3', NULL, NULL, NULL),
  (4, N'D-4', N'washer', 40, 0.05), (5, N'E-5', N'Zoë 😀', 50, 5.00), (6, NULL, N'gear', 60, 12.50), (7, N'G-7', N'bolt', 70, 0.30)" >/dev/null
remote_items=$(mssql_rows "SELECT Id, COALESCE(Code, N'NULL'), COALESCE(Name, N'NULL'), COALESCE(CAST(Qty AS nvarchar(10)), N'NULL'), COALESCE(CAST(Price AS nvarchar(20)), N'NULL') FROM dbo.LoadItems ORDER BY Id")
# A primary key, a secondary unique index, a plain index, a default, an
# identity and a stored generated column the pull does not fill, and casts
# (nvarchar -> varchar(10), int -> bigint).
create_items() {
  pg -c "DROP TABLE IF EXISTS load_items; CREATE TABLE load_items (id int PRIMARY KEY, code varchar(10) UNIQUE, name text,
    qty bigint, price numeric(10,2), note text DEFAULT 'pulled', seq int GENERATED ALWAYS AS IDENTITY,
    qty2 bigint GENERATED ALWAYS AS (qty * 2) STORED); CREATE INDEX load_items_name ON load_items (name)"
}
local_items() { pg -c "SELECT string_agg(concat_ws(':', id, coalesce(code, 'NULL'), coalesce(name, 'NULL'), coalesce(qty::text, 'NULL'), coalesce(price::text, 'NULL')), ' ' ORDER BY id) FROM load_items"; }

# --- into an empty table: loaded directly ---------------------------------------
create_items
is "$(path_of "'mssql', 'dbo.LoadItems', 'load_items', chunk_rows => 3")" \
   $'loading public.load_items directly, as COPY does (it was empty when the pull began)\n7|7|0|0|3' \
   "empty table: loaded directly (DEBUG1 says so), 7 inserted in 3 chunks"
is "$(local_items)" "$remote_items" "... the rows equal the remote rows"
is "$(pg -c "SELECT string_agg(concat_ws(':', note, qty2), ' ' ORDER BY id) FROM load_items")" \
   "pulled:20 pulled:40 pulled pulled:80 pulled:100 pulled:120 pulled:140" "... defaults and stored generated columns filled, as COPY fills them"
is "$(pg -c "SELECT count(DISTINCT seq) || ':' || min(seq) || ':' || max(seq) FROM load_items")" "7:1:7" "... the identity column takes its sequence"
index_lookup() { # where, index name
  local plan
  plan=$(pg -c "SET enable_seqscan = off; EXPLAIN (COSTS OFF) SELECT id FROM load_items WHERE $1")
  [[ "$plan" == *"$2"* ]] || { echo "plan does not use $2: $plan"; return; }
  pg -c "SET enable_seqscan = off; SELECT string_agg(id::text, ',' ORDER BY id) FROM load_items WHERE $1"
}
is "$(index_lookup "id = 5" load_items_pkey)" "5" "... the primary key index finds its row"
is "$(index_lookup "code = 'D-4'" load_items_code_key)" "4" "... the secondary unique index finds its row"
is "$(index_lookup "name = 'bolt'" load_items_name)" "1,7" "... the plain index finds its rows"
if pg -c "CREATE EXTENSION IF NOT EXISTS amcheck" >/dev/null 2>&1; then
  is "$(pg -c "SELECT string_agg(c.relname, ',' ORDER BY c.relname) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid,
                LATERAL bt_index_check(i.indexrelid, true) WHERE i.indrelid = 'load_items'::regclass")" \
     "load_items_code_key,load_items_name,load_items_pkey" "... amcheck: every index is valid and has every heap row"
fi
before=$(pg -c "SELECT string_agg(xmin::text, ',' ORDER BY id) FROM load_items")

# --- a second pull: the table has rows now, so it merges, all unchanged ----------
is "$(path_of "'mssql', 'dbo.LoadItems', 'load_items', chunk_rows => 3")" \
   $'merging into public.load_items (it had rows when the pull began)\n7|0|0|7|3' "second pull: merged, every row unchanged"
is "$(pg -c "SELECT string_agg(xmin::text, ',' ORDER BY id) FROM load_items")" "$before" "... the loaded rows keep their xmin"
is "$(pg_error -c "SELECT mssql_upsert_pull('mssql', 'dbo.LoadItems', 'load_items', mode => 'load')")" \
   "ERROR:  mode => 'load' needs an empty table, and public.load_items has rows
HINT:  Pull with mode => 'auto' (the default) or 'merge' to upsert into it, or TRUNCATE it first." \
   "mode => 'load' into a table with rows: refused, saying why and what to do"
is "$(local_items)" "$remote_items" "... and the table is as it was"
like "$(pg_error -c "SELECT mssql_upsert_pull('mssql', 'dbo.LoadItems', 'load_items', mode => 'fast')")" \
   "argument \"mode\" must be 'auto', 'load' or 'merge', not 'fast'" "an unknown mode is an error naming the argument"

# --- mode => 'merge' and mode => 'load' into an empty table ------------------------
create_items
is "$(path_of "'mssql', 'dbo.LoadItems', 'load_items', chunk_rows => 3, mode => 'merge'")" \
   $'merging into public.load_items (mode => \'merge\')\n7|7|0|0|3' "mode => 'merge' into an empty table: merged, 7 inserted"
is "$(local_items)" "$remote_items" "... the rows equal the remote rows"
create_items
is "$(path_of "'mssql', 'dbo.LoadItems', 'load_items', mode => 'load'")" \
   $'loading public.load_items directly, as COPY does (mode => \'load\')\n7|7|0|0|1' "mode => 'load' into an empty table: loaded directly"
is "$(local_items)" "$remote_items" "... the rows equal the remote rows"
pg -c "TRUNCATE load_items"
wal=$(wal_records_of "SELECT mssql_upsert_pull('mssql', 'dbo.LoadItems', 'load_items')")
if [[ "$wal" != "no pg_walinspect" ]]; then
  is "$wal" "0 confirm, true multi-insert" "WAL of a direct load: multi-insert records as COPY writes, no speculative insertion"
  pg -c "TRUNCATE load_items"
  is "$(wal_records_of "SELECT mssql_upsert_pull('mssql', 'dbo.LoadItems', 'load_items', mode => 'merge')")" \
     "7 confirm, false multi-insert" "... while the merge confirms one speculative insertion per row"
fi

# --- duplicate keys: within a chunk and across chunks -----------------------------
mssql "IF OBJECT_ID('dbo.LoadDups') IS NOT NULL DROP TABLE dbo.LoadDups" >/dev/null
mssql "CREATE TABLE dbo.LoadDups (Id int, Code nvarchar(10), V nvarchar(10))" >/dev/null
mssql "INSERT INTO dbo.LoadDups VALUES (1, N'a', N'first'), (2, N'b', N'x'), (1, N'c', N'again'), (3, N'd', N'x')" >/dev/null
pg -c "DROP TABLE IF EXISTS load_dups; CREATE TABLE load_dups (id int PRIMARY KEY, code text UNIQUE, v text)"
in_chunk="ERROR:  remote table [dbo].[LoadDups] returned the key (id)=(1) more than once in one chunk
HINT:  The key columns must identify remote rows uniquely; choose key_columns that are unique on the SQL Server side."
is "$(pg_error -c "SELECT mssql_upsert_pull('mssql', 'dbo.LoadDups', 'load_dups')")" "$in_chunk" \
   "a key twice in one chunk: the merge's error, word for word"
is "$(pg_error -c "SELECT mssql_upsert_pull('mssql', 'dbo.LoadDups', 'load_dups', mode => 'merge')")" "$in_chunk" \
   "... (the merge path's, for comparison)"
is "$(pg -c "SELECT count(*) FROM load_dups")" "0" "... and the table stays empty"
is "$(psql -X -q -At -v VERBOSITY=verbose -c "SELECT mssql_upsert_pull('mssql', 'dbo.LoadDups', 'load_dups', chunk_rows => 2)" 2>&1 | grep -v '^LOCATION')" \
   "ERROR:  23505: remote table [dbo].[LoadDups] returned the key (id)=(1) more than once
DETAIL:  Loading public.load_dups directly (it was empty when the pull began), the key was already there, by unique index \"load_dups_pkey\": from an earlier chunk, or inserted by another session meanwhile.
HINT:  The key columns must identify remote rows uniquely; choose key_columns that are unique on the SQL Server side." \
   "a key in two chunks: unique_violation naming the remote table, the key, the local table and its index"
is "$(pg -c "SELECT count(*) FROM load_dups")" "0" "... and the table stays empty (one transaction)"
is "$(pull "'mssql', 'dbo.LoadDups', 'load_dups', chunk_rows => 2, mode => 'merge'")" "4|3|1|0|2" \
   "... while the merge lets the later chunk's row update the earlier one"
mssql "UPDATE dbo.LoadDups SET Id = 4, Code = N'a' WHERE V = N'again'" >/dev/null
pg -c "TRUNCATE load_dups"
like "$(pg_error -c "SELECT mssql_upsert_pull('mssql', 'dbo.LoadDups', 'load_dups')")" \
   'duplicate key value violates unique constraint "load_dups_code_key".*Key \(code\)=\(a\) already exists' \
   "a duplicate in another unique index than the key's: PostgreSQL's own error, as the merge gives"
is "$(pg -c "SELECT count(*) FROM load_dups")" "0" "... and the table stays empty"

# --- NOT NULL and CHECK: PostgreSQL's errors, as the merge gives them -------------
# (the merge's CONTEXT line shows its INSERT; the direct load runs none)
without_context() { grep -v '^CONTEXT:'; }
pg -c "DROP TABLE IF EXISTS load_nn, load_ck; CREATE TABLE load_nn (id int PRIMARY KEY, name text NOT NULL, qty int);
  CREATE TABLE load_ck (id int PRIMARY KEY, name text, qty int CHECK (qty >= 15))"
nn_error=$(pg_error -c "SELECT mssql_upsert_pull('mssql', 'dbo.LoadItems', 'load_nn', columns => ARRAY['name', 'qty'])")
is "$nn_error" 'ERROR:  null value in column "name" of relation "load_nn" violates not-null constraint
DETAIL:  Failing row contains (3, null, null).' "a NULL into a NOT NULL column: PostgreSQL's error and failing row"
is "$(pg_error -c "SELECT mssql_upsert_pull('mssql', 'dbo.LoadItems', 'load_nn', columns => ARRAY['name', 'qty'], mode => 'merge')" | without_context)" \
   "$nn_error" "... the same as the merge's"
ck_error=$(pg_error -c "SELECT mssql_upsert_pull('mssql', 'dbo.LoadItems', 'load_ck')")
is "$ck_error" 'ERROR:  new row for relation "load_ck" violates check constraint "load_ck_qty_check"
DETAIL:  Failing row contains (1, bolt, 10).' "a CHECK violation: PostgreSQL's error and failing row"
is "$(pg_error -c "SELECT mssql_upsert_pull('mssql', 'dbo.LoadItems', 'load_ck', mode => 'merge')" | without_context)" \
   "$ck_error" "... the same as the merge's"
pg -c "DROP TABLE IF EXISTS load_short; CREATE TABLE load_short (id int PRIMARY KEY, name varchar(5), price numeric(4,1))"
short_error=$(pg_error -c "SELECT mssql_upsert_pull('mssql', 'dbo.LoadItems', 'load_short')")
is "$short_error" 'ERROR:  value too long for type character varying(5)' "a value too long for varchar(5): an error, not cut (as an INSERT assigns it)"
is "$(pg_error -c "SELECT mssql_upsert_pull('mssql', 'dbo.LoadItems', 'load_short', mode => 'merge')" | without_context)" \
   "$short_error" "... the same as the merge's"
mssql "UPDATE dbo.LoadItems SET Name = N'cog' WHERE Name = N'washer'" >/dev/null
is "$(pull "'mssql', 'dbo.LoadItems', 'load_short'")" "7|7|0|0|1" "... with short enough values: loaded"
is "$(pg -c "SELECT string_agg(concat_ws(':', id, name, price), ' ' ORDER BY id) FROM load_short")" \
   "1:bolt:0.3 2:nut:0.1 3 4:cog:0.1 5:Zoë 😀:5.0 6:gear:12.5 7:bolt:0.3" "... numeric(4,1) rounded as an INSERT rounds"
mssql "UPDATE dbo.LoadItems SET Name = N'washer' WHERE Name = N'cog'" >/dev/null
is "$(pg -c "SELECT (SELECT count(*) FROM load_nn) + (SELECT count(*) FROM load_ck)")" "0" "... and the NOT NULL and CHECK tables stay empty"

# --- tables the direct load does not serve: merged in auto, refused in load mode ---
pg -c "DROP TABLE IF EXISTS load_trg, load_trg_log; CREATE TABLE load_trg (id int PRIMARY KEY, name text);
  CREATE TABLE load_trg_log (id int);
  CREATE OR REPLACE FUNCTION load_trg_log() RETURNS trigger LANGUAGE plpgsql AS \$\$BEGIN INSERT INTO load_trg_log VALUES (NEW.id); RETURN NEW; END\$\$;
  CREATE TRIGGER load_trg_log AFTER INSERT ON load_trg FOR EACH ROW EXECUTE FUNCTION load_trg_log()"
is "$(path_of "'mssql', 'dbo.LoadItems', 'load_trg'")" \
   $'merging into public.load_trg (it has INSERT triggers or statement-level UPDATE triggers (a foreign key\'s check is one))\n7|7|0|0|1' \
   "an empty table with an INSERT trigger: merged"
is "$(pg -c "SELECT count(*) FROM load_trg_log")" "7" "... and the trigger fired for every row"
pg -c "TRUNCATE load_trg, load_trg_log"
is "$(pg_error -c "SELECT mssql_upsert_pull('mssql', 'dbo.LoadItems', 'load_trg', mode => 'load')")" \
   "ERROR:  mode => 'load' cannot load public.load_trg directly: it has INSERT triggers or statement-level UPDATE triggers (a foreign key's check is one)
HINT:  Pull with mode => 'auto' (the default) or 'merge': the merge fires triggers, applies rules and policies, and routes rows to partitions." \
   "... and refused with mode => 'load', saying why"
pg -c "DROP TABLE IF EXISTS load_part; CREATE TABLE load_part (id int PRIMARY KEY, name text) PARTITION BY RANGE (id);
  CREATE TABLE load_part_all PARTITION OF load_part FOR VALUES FROM (MINVALUE) TO (MAXVALUE)"
is "$(path_of "'mssql', 'dbo.LoadItems', 'load_part'")" \
   $'merging into public.load_part (it is partitioned)\n7|7|0|0|1' "an empty partitioned table: merged"

# --- cancel during a direct load: the table stays empty ---------------------------
# The CHECK sleeps at row 2500: by then two chunks of 1000 rows are in the table
# (uncommitted), and the load is blocked inside PostgreSQL, not on SQL Server.
mssql "IF OBJECT_ID('dbo.LoadMany') IS NOT NULL DROP TABLE dbo.LoadMany" >/dev/null
mssql "CREATE TABLE dbo.LoadMany (Id int NOT NULL PRIMARY KEY, V int)" >/dev/null
for part in 0 1 2; do
  mssql "INSERT INTO dbo.LoadMany VALUES $(seq $((part * 1000 + 1)) $((part * 1000 + 1000)) | sed 's/.*/(&, &)/' | paste -sd,)" >/dev/null
done
pg -c "DROP TABLE IF EXISTS load_many; CREATE OR REPLACE FUNCTION load_pace(id int) RETURNS boolean LANGUAGE plpgsql AS
  \$\$BEGIN IF id = 2500 AND current_setting('load_pace.sleep', true) = 'on' THEN PERFORM pg_sleep(30); END IF; RETURN true; END\$\$;
  CREATE TABLE load_many (id int PRIMARY KEY, v int CHECK (load_pace(id)))"
cancel_sql="SET load_pace.sleep = on; SELECT mssql_upsert_pull('mssql', 'dbo.LoadMany', 'load_many', chunk_rows => 1000)"
load_sleeping() { # until the load sleeps at row 2500; what the table holds then
  local sleeping=0
  for _ in $(seq 1 100); do
    sleeping=$(pg -c "SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'PgSleep' AND query LIKE '%dbo.LoadMany%'")
    [[ "$sleeping" == 1 ]] && break
    sleep 0.1
  done
  is "$sleeping" "1" "cancel: the load reached row 2500"
  is "$(pg -c "SELECT pg_relation_size('load_many') > 0, (SELECT count(*) FROM load_many)")" "t|0" \
     "... with rows already written to the table, invisible to other sessions"
}
check_cancel_backend "$cancel_sql" "a direct load" load_sleeping "in a CHECK constraint"
is "$(pg -c "SELECT count(*) FROM load_many")" "0" "... and a new session finds the table empty"
is "$(path_of "'mssql', 'dbo.LoadMany', 'load_many', chunk_rows => 1000")" \
   $'loading public.load_many directly, as COPY does (it was empty when the pull began)\n3000|3000|0|0|3' \
   "the next pull loads it directly again"
is "$(pg -c "SELECT count(*), sum(v) FROM load_many")" "3000|4501500" "... with every row"
done_testing
