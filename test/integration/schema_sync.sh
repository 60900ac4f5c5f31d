#!/usr/bin/env bash
# mssql_upsert_sync_define_schema + mssql_upsert_sync_run_all: a whole remote
# schema (every mapped type, composite keys, identity, defaults, unique and
# non-unique indexes, a self-referencing and a two-level foreign key, tables
# without a usable key, names with blanks, mixed case and ]) becomes local
# tables checked column by column and a sync group whose runs go parents
# first, continue past a failing table and add the foreign keys after the
# first complete load; re-runs change nothing, remote changes propagate, bad
# input changes nothing.
source "$(dirname "$0")/lib.sh"
require_mssql
mssql_err() { mssql "$@" 2>&1; }

create_mssql_server ss >/dev/null
pg -c "SET client_min_messages = warning; DROP SCHEMA IF EXISTS \"Shop Copy\" CASCADE; DROP SCHEMA IF EXISTS ss_bad CASCADE;
       DELETE FROM mssql_upsert_sync_definitions WHERE sync_group IN ('shop', 'bad');
       DELETE FROM mssql_upsert_sync_foreign_keys WHERE sync_group IN ('shop', 'bad')"

# --- the remote schema -------------------------------------------------------
for t in "[Order Lines]]]" Orders Customers Employees AllTypes Codes AuditLog Products Notes; do
  mssql "IF OBJECT_ID('SyncShop.$t') IS NOT NULL DROP TABLE SyncShop.$t" >/dev/null 2>&1
done
mssql "DROP SCHEMA IF EXISTS SyncShop" >/dev/null
mssql "CREATE SCHEMA SyncShop" >/dev/null
create_remote_all_types SyncShop.AllTypes
mssql "CREATE TABLE SyncShop.Customers (Region char(2) NOT NULL, No int NOT NULL, Name nvarchar(40) NOT NULL,
  Email varchar(100) NULL UNIQUE, Created datetime2(3) NOT NULL DEFAULT sysdatetime(),
  CONSTRAINT PK_Customers PRIMARY KEY (Region, No))" >/dev/null
mssql "CREATE TABLE SyncShop.Orders (Id int IDENTITY(100, 1) NOT NULL CONSTRAINT PK_Orders PRIMARY KEY, Region char(2) NOT NULL,
  CustNo int NOT NULL, Status varchar(10) NOT NULL CONSTRAINT DF_Orders_Status DEFAULT 'open', Total decimal(12,2) DEFAULT 0,
  CONSTRAINT FK_Orders_Customers FOREIGN KEY (Region, CustNo) REFERENCES SyncShop.Customers (Region, No))" >/dev/null
mssql "CREATE INDEX IX_Orders_Status ON SyncShop.Orders (Status) INCLUDE (Total)" >/dev/null
mssql "CREATE TABLE SyncShop.[Order Lines]]] ([Order Id] int NOT NULL CONSTRAINT [FK Lines Orders] REFERENCES SyncShop.Orders (Id) ON DELETE CASCADE,
  [Line No] int NOT NULL, Qty smallint NOT NULL DEFAULT 1, Price money, PRIMARY KEY ([Order Id], [Line No]))" >/dev/null
mssql "CREATE TABLE SyncShop.Employees (Id int NOT NULL PRIMARY KEY, BossId int NULL CONSTRAINT FK_Employees_Boss REFERENCES SyncShop.Employees (Id),
  FullName nvarchar(50) NOT NULL)" >/dev/null
mssql "CREATE TABLE SyncShop.Codes (Code varchar(5) NOT NULL CONSTRAINT UQ_Codes UNIQUE, Label nvarchar(20))" >/dev/null
mssql "CREATE TABLE SyncShop.AuditLog (At datetime2 NOT NULL, Message nvarchar(200))" >/dev/null
mssql "CREATE TABLE SyncShop.Notes (Code varchar(5) NULL UNIQUE, Body nvarchar(max))" >/dev/null
mssql "CREATE TABLE SyncShop.Products (ProductId int NOT NULL PRIMARY KEY, SKU varchar(20) NOT NULL, unitPrice decimal(9,3),
  RowGuid uniqueidentifier NOT NULL DEFAULT newid(), Discontinued bit NOT NULL DEFAULT 0)" >/dev/null
mssql "CREATE UNIQUE INDEX UX_Products_SKU ON SyncShop.Products (SKU)" >/dev/null
mssql "CREATE INDEX IX_Products_Price ON SyncShop.Products (unitPrice DESC) WHERE Discontinued = 0" >/dev/null

mssql "INSERT INTO SyncShop.Customers (Region, No, Name, Email, Created) VALUES ('EU', 1, N'Zoë', 'z@x', '2024-01-02 03:04:05.678'),
  ('EU', 2, N'Ann', NULL, '2024-01-03 00:00:00'), ('US', 1, N'Bob ''the'' Builder', 'b@x', '2024-01-04 00:00:00')" >/dev/null
mssql "INSERT INTO SyncShop.Orders (Region, CustNo, Status, Total) VALUES ('EU', 1, 'open', 10.50), ('EU', 2, 'paid', 0), ('US', 1, 'open', 99.99)" >/dev/null
mssql "INSERT INTO SyncShop.[Order Lines]]] VALUES (100, 1, 2, 1.25), (100, 2, 1, 9.0000), (102, 1, 5, NULL)" >/dev/null
mssql "INSERT INTO SyncShop.Employees VALUES (1, NULL, N'Boss'), (2, 1, N'Mid'), (3, 2, N'Low')" >/dev/null
mssql "INSERT INTO SyncShop.Codes VALUES ('A', N'first'), ('B', NULL)" >/dev/null
mssql "INSERT INTO SyncShop.AuditLog VALUES ('2024-01-01', N'x')" >/dev/null
mssql "INSERT INTO SyncShop.Products (ProductId, SKU, unitPrice, RowGuid, Discontinued) VALUES
  (1, 'SKU-1', 1.5, '6F9619FF-8B86-D011-B42D-00C04FC964FF', 0), (2, 'SKU-2', NULL, '00000000-0000-0000-0000-000000000001', 1)" >/dev/null


# --- define: tables created, syncs defined, keyless tables skipped ------------
out=$(pg_error -c "SELECT concat_ws('|', remote_table, action, coalesce(sync_name, '-'), coalesce(note, '-'))
                   FROM mssql_upsert_sync_define_schema('ss', 'SyncShop', 'Shop Copy', 'shop', create_foreign_keys => true)")
is "$out" "$(cat <<'OUT'
NOTICE:  remote table [SyncShop].[AuditLog] skipped: no primary key or unique key: not synced
NOTICE:  remote table [SyncShop].[Notes] skipped: no primary key and no unique key on NOT NULL columns: not synced
AllTypes|table created, sync defined|shop.AllTypes|-
Codes|table created, sync defined|shop.Codes|-
Customers|table created, sync defined|shop.Customers|-
Employees|table created, sync defined|shop.Employees|-
Orders|table created, sync defined|shop.Orders|-
Order Lines]|table created, sync defined|shop.Order Lines]|-
Products|table created, sync defined|shop.Products|-
AuditLog|skipped|-|no primary key or unique key: not synced
Notes|skipped|-|no primary key and no unique key on NOT NULL columns: not synced
OUT
)" "define_schema: one row per remote table, keyless tables skipped with a NOTICE"
is "$(pg -c "SELECT string_agg(c.relname, ',' ORDER BY c.relname) FROM pg_class c WHERE c.relnamespace = '\"Shop Copy\"'::regnamespace AND c.relkind = 'r'")" \
   "AllTypes,Codes,Customers,Employees,Order Lines],Orders,Products" "define_schema: the local schema holds one table per synced remote table, names' case kept"
is "$(pg -c "SELECT string_agg(concat_ws('|', name, group_position, direction, remote_table, local_table, array_to_string(key_columns, ',')), E'\n' ORDER BY group_position)
             FROM mssql_upsert_sync_definitions WHERE sync_group = 'shop'")" "$(cat <<'OUT'
shop.AllTypes|1|pull|[SyncShop].[AllTypes]|"Shop Copy"."AllTypes"|Id
shop.Codes|2|pull|[SyncShop].[Codes]|"Shop Copy"."Codes"|Code
shop.Customers|3|pull|[SyncShop].[Customers]|"Shop Copy"."Customers"|Region,No
shop.Employees|4|pull|[SyncShop].[Employees]|"Shop Copy"."Employees"|Id
shop.Orders|5|pull|[SyncShop].[Orders]|"Shop Copy"."Orders"|Id
shop.Order Lines]|6|pull|[SyncShop].[Order Lines]]]|"Shop Copy"."Order Lines]"|Order Id,Line No
shop.Products|7|pull|[SyncShop].[Products]|"Shop Copy"."Products"|ProductId
OUT
)" "define_schema: one pull sync per table, keyed by its primary or unique key, parents before children"

# --- the local tables, column by column ----------------------------------------
describe() { # table name in "Shop Copy": column|type|not null|default, then the indexes
  pg -c "SELECT string_agg(a.attname || '|' || format_type(a.atttypid, a.atttypmod) || '|' || left(a.attnotnull::text, 1) || '|' ||
           coalesce(pg_get_expr(d.adbin, d.adrelid), CASE a.attidentity WHEN 'd' THEN 'identity' ELSE '' END), E'\n' ORDER BY a.attnum)
         FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
         WHERE a.attrelid = format('%I.%I', 'Shop Copy', '$1')::regclass AND a.attnum > 0 AND NOT a.attisdropped"
  pg -c "SELECT string_agg(regexp_replace(pg_get_indexdef(indexrelid), ' ON .+ USING btree ', ' '), E'\n' ORDER BY indisprimary DESC, pg_get_indexdef(indexrelid))
         FROM pg_index WHERE indrelid = format('%I.%I', 'Shop Copy', '$1')::regclass"
}
is "$(describe AllTypes | cut -d'|' -f1-3 | paste -sd' ' -)" \
   "Id|integer|t B|boolean|f Ti|smallint|f Si|smallint|f I|integer|f Bi|bigint|f D|numeric(38,10)|f M|numeric(19,4)|f Sm|numeric(10,4)|f R|real|f F|double precision|f Vc|character varying(20)|f Nvc|character varying(50)|f Nmax|text|f Vb|bytea|f Dt|date|f Tm|time(6) without time zone|f Dtm|timestamp(3) without time zone|f Dt2|timestamp(6) without time zone|f Sdt|timestamp(0) without time zone|f Dto|timestamp(3) with time zone|f G|uuid|f CREATE UNIQUE INDEX \"AllTypes_pkey\" (\"Id\")" \
   "AllTypes: every mapped type with its length, precision and scale, and the primary key"
is "$(describe Customers)" "$(cat <<'OUT'
Region|character(2)|t|
No|integer|t|
Name|character varying(40)|t|
Email|character varying(100)|f|
Created|timestamp(3) without time zone|t|LOCALTIMESTAMP
CREATE UNIQUE INDEX "Customers_pkey" ("Region", "No")
CREATE UNIQUE INDEX "Customers_Email_key" ("Email") NULLS NOT DISTINCT
OUT
)" "Customers: composite primary key, a nullable UNIQUE column (NULLs equal, as in SQL Server), sysdatetime() default"
is "$(describe Orders)" "$(cat <<'OUT'
Id|integer|t|identity
Region|character(2)|t|
CustNo|integer|t|
Status|character varying(10)|t|'open'::character varying
Total|numeric(12,2)|f|0
CREATE UNIQUE INDEX "Orders_pkey" ("Id")
CREATE INDEX "Orders_Status_Total_idx" ("Status") INCLUDE ("Total")
OUT
)" "Orders: identity, named and unnamed constant defaults, a non-unique index with INCLUDE"
is "$(describe 'Order Lines]')" "$(cat <<'OUT'
Order Id|integer|t|
Line No|integer|t|
Qty|smallint|t|1
Price|numeric(19,4)|f|
CREATE UNIQUE INDEX "Order Lines]_pkey" ("Order Id", "Line No")
OUT
)" "Order Lines]: names with blanks and ], money as numeric(19,4)"
is "$(describe Employees)" "$(cat <<'OUT'
Id|integer|t|
BossId|integer|f|
FullName|character varying(50)|t|
CREATE UNIQUE INDEX "Employees_pkey" ("Id")
OUT
)" "Employees: the self-referencing table"
is "$(describe Codes)" "$(cat <<'OUT'
Code|character varying(5)|t|
Label|character varying(20)|f|
CREATE UNIQUE INDEX "Codes_Code_key" ("Code")
OUT
)" "Codes: no primary key, a UNIQUE constraint on a NOT NULL column is the key"
is "$(describe Products)" "$(cat <<'OUT'
ProductId|integer|t|
SKU|character varying(20)|t|
unitPrice|numeric(9,3)|f|
RowGuid|uuid|t|gen_random_uuid()
Discontinued|boolean|t|false
CREATE UNIQUE INDEX "Products_pkey" ("ProductId")
CREATE INDEX "Products_unitPrice_idx" ("unitPrice" DESC) WHERE ("Discontinued" = false)
CREATE UNIQUE INDEX "Products_SKU_idx" ("SKU")
OUT
)" "Products: mixed-case names, newid() default, a unique index and a filtered DESC index"
is "$(pg -c "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND connamespace = '\"Shop Copy\"'::regnamespace")" "0" \
   "define_schema: no foreign key before the first complete load"

# --- first run: one table fails, the others load, the foreign keys wait ---------
pg -c "ALTER TABLE \"Shop Copy\".\"Codes\" ADD COLUMN \"Extra\" int NOT NULL"
out=$(pg_error -c "SELECT concat_ws('|', name, status, rows_read, rows_inserted, rows_updated, rows_unchanged) FROM mssql_upsert_sync_run_all('shop')")
is "$out" "$(cat <<'OUT'
WARNING:  sync "shop.Codes" failed (SQLSTATE 23502): column "Extra" of "Shop Copy"."Codes" is NOT NULL without a default and has no matching column in remote table [SyncShop].[Codes]
shop.AllTypes|ok|3|3|0|0
shop.Codes|failed
shop.Customers|ok|3|3|0|0
shop.Employees|ok|3|3|0|0
shop.Orders|ok|3|3|0|0
shop.Order Lines]|ok|3|3|0|0
shop.Products|ok|2|2|0|0
OUT
)" "run_all: parents first, a failing table reported and skipped, the others loaded"
is "$(pg -c "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND connamespace = '\"Shop Copy\"'::regnamespace")" "0" \
   "a group with a failed table gets no foreign key yet"

# --- second run: the failed table loads, then the foreign keys are added --------
pg -c "ALTER TABLE \"Shop Copy\".\"Codes\" DROP COLUMN \"Extra\""
out=$(pg_error -c "SELECT concat_ws('|', name, status, rows_read, rows_inserted, rows_updated, rows_unchanged) FROM mssql_upsert_sync_run_all('shop')")
is "$out" "$(cat <<'OUT'
NOTICE:  foreign key "FK_Employees_Boss" on "Shop Copy"."Employees" added and validated
NOTICE:  foreign key "FK Lines Orders" on "Shop Copy"."Order Lines]" added and validated
NOTICE:  foreign key "FK_Orders_Customers" on "Shop Copy"."Orders" added and validated
shop.AllTypes|ok|3|0|0|3
shop.Codes|ok|2|2|0|0
shop.Customers|ok|3|0|0|3
shop.Employees|ok|3|0|0|3
shop.Orders|ok|3|0|0|3
shop.Order Lines]|ok|3|0|0|3
shop.Products|ok|2|0|0|2
OUT
)" "run_all after the fix: the missing table loads, the others are unchanged, then every foreign key is added and validated"
is "$(pg -c "SELECT string_agg(conrelid::regclass || '|' || conname || '|' || convalidated || '|' || pg_get_constraintdef(oid), E'\n' ORDER BY conname)
             FROM pg_constraint WHERE contype = 'f' AND connamespace = '\"Shop Copy\"'::regnamespace")" "$(cat <<'OUT'
"Shop Copy"."Order Lines]"|FK Lines Orders|true|FOREIGN KEY ("Order Id") REFERENCES "Shop Copy"."Orders"("Id") ON DELETE CASCADE
"Shop Copy"."Employees"|FK_Employees_Boss|true|FOREIGN KEY ("BossId") REFERENCES "Shop Copy"."Employees"("Id")
"Shop Copy"."Orders"|FK_Orders_Customers|true|FOREIGN KEY ("Region", "CustNo") REFERENCES "Shop Copy"."Customers"("Region", "No")
OUT
)" "the foreign keys: a two-level chain (Order Lines -> Orders -> Customers) and a self-reference, validated, ON DELETE kept"
out=$(pg_error -v VERBOSITY=verbose -c "INSERT INTO \"Shop Copy\".\"Order Lines]\" VALUES (999, 1, 1, 1)" | head -1)
is "$out" "ERROR:  23503: insert or update on table \"Order Lines]\" violates foreign key constraint \"FK Lines Orders\"" \
   "the foreign keys are enforced locally"

# --- the rows equal the remote rows ---------------------------------------------
is "$(pg -c "$ALL_TYPES_ROW1_SQL FROM (SELECT \"Id\" id, \"B\" b, \"Ti\" ti, \"Si\" si, \"I\" i, \"Bi\" bi, \"D\" d, \"M\" m, \"Sm\" sm, \"R\" r, \"F\" f,
        \"Vc\" vc, \"Nvc\" nvc, \"Nmax\" nmax, \"Vb\" vb, \"Dt\" dt, \"Tm\" tm, \"Dtm\" dtm, \"Dt2\" dt2, \"Sdt\" sdt, \"Dto\" dto, \"G\" g
        FROM \"Shop Copy\".\"AllTypes\" WHERE \"Id\" = 1) AS t")" "$ALL_TYPES_ROW1" "AllTypes: row 1 arrives exactly"
is "$(pg -c "SELECT num_nulls(\"B\", \"Ti\", \"Si\", \"I\", \"Bi\", \"D\", \"M\", \"Sm\", \"R\", \"F\", \"Vc\", \"Nvc\", \"Nmax\", \"Vb\", \"Dt\", \"Tm\", \"Dtm\", \"Dt2\", \"Sdt\", \"Dto\", \"G\")
             FROM \"Shop Copy\".\"AllTypes\" WHERE \"Id\" = 3")" "21" "AllTypes: the NULL row"
local_rows() {
  pg -c "SELECT string_agg(concat_ws('|', \"Region\", \"No\", \"Name\", coalesce(\"Email\", 'NULL'), \"Created\"), ';' ORDER BY \"Region\", \"No\") FROM \"Shop Copy\".\"Customers\""
  pg -c "SELECT string_agg(concat_ws('|', \"Id\", \"Region\", \"CustNo\", \"Status\", \"Total\"), ';' ORDER BY \"Id\") FROM \"Shop Copy\".\"Orders\""
  pg -c "SELECT string_agg(concat_ws('|', \"Order Id\", \"Line No\", \"Qty\", coalesce(\"Price\"::text, 'NULL')), ';' ORDER BY 1) FROM \"Shop Copy\".\"Order Lines]\""
  pg -c "SELECT string_agg(concat_ws('|', \"Id\", coalesce(\"BossId\"::text, 'NULL'), \"FullName\"), ';' ORDER BY \"Id\") FROM \"Shop Copy\".\"Employees\""
  pg -c "SELECT string_agg(concat_ws('|', \"Code\", coalesce(\"Label\", 'NULL')), ';' ORDER BY \"Code\") FROM \"Shop Copy\".\"Codes\""
  pg -c "SELECT string_agg(concat_ws('|', \"ProductId\", \"SKU\", coalesce(\"unitPrice\"::text, 'NULL'), \"RowGuid\", \"Discontinued\"), ';' ORDER BY 1) FROM \"Shop Copy\".\"Products\""
}
remote_rows() {
  local table
  for table in Customers Orders "[Order Lines]]]" Employees Codes Products; do
    mssql "SELECT COUNT(*) FROM SyncShop.$table"
  done | paste -sd' ' -
}
is "$(local_rows)" "$(cat <<'OUT'
EU|1|Zoë|z@x|2024-01-02 03:04:05.678;EU|2|Ann|NULL|2024-01-03 00:00:00;US|1|Bob 'the' Builder|b@x|2024-01-04 00:00:00
100|EU|1|open|10.50;101|EU|2|paid|0.00;102|US|1|open|99.99
100|1|2|1.2500;100|2|1|9.0000;102|1|5|NULL
1|NULL|Boss;2|1|Mid;3|2|Low
A|first;B|NULL
1|SKU-1|1.500|6f9619ff-8b86-d011-b42d-00c04fc964ff|f;2|SKU-2|NULL|00000000-0000-0000-0000-000000000001|t
OUT
)" "every table holds the remote rows, value for value"
is "$(remote_rows)" "3 3 3 3 2 2" "and SQL Server holds as many"

# The identity moved past the pulled values: a local order gets 103.
is "$(pg -c "INSERT INTO \"Shop Copy\".\"Orders\" (\"Region\", \"CustNo\") VALUES ('EU', 1) RETURNING \"Id\"" | head -1)" "103" \
   "Orders: a local INSERT takes the identity value after the pulled ones"
pg -c "DELETE FROM \"Shop Copy\".\"Orders\" WHERE \"Id\" = 103"

# --- a third run changes nothing --------------------------------------------------
xmins() { pg -c "SELECT string_agg(t, ',') FROM (SELECT xmin::text t FROM \"Shop Copy\".\"Customers\" UNION ALL SELECT xmin::text FROM \"Shop Copy\".\"Orders\"
                 UNION ALL SELECT xmin::text FROM \"Shop Copy\".\"Order Lines]\" UNION ALL SELECT xmin::text FROM \"Shop Copy\".\"AllTypes\") x"; }
before=$(xmins)
out=$(pg_error -c "SELECT string_agg(concat_ws('|', name, status, rows_inserted, rows_updated, rows_unchanged), ';' ORDER BY name) FROM mssql_upsert_sync_run_all('shop')")
is "$out" "shop.AllTypes|ok|0|0|3;shop.Codes|ok|0|0|2;shop.Customers|ok|0|0|3;shop.Employees|ok|0|0|3;shop.Order Lines]|ok|0|0|3;shop.Orders|ok|0|0|3;shop.Products|ok|0|0|2" \
   "a run without remote changes: nothing inserted or updated, no NOTICE (the foreign keys are done)"
is "$(xmins)" "$before" "a run without remote changes rewrites no row"

# --- remote changes propagate ---------------------------------------------------------
mssql "UPDATE SyncShop.Customers SET Name = N'Ann B', Email = 'a@x' WHERE Region = 'EU' AND No = 2" >/dev/null
mssql "INSERT INTO SyncShop.Customers (Region, No, Name) VALUES ('US', 2, N'New')" >/dev/null
mssql "INSERT INTO SyncShop.Orders (Region, CustNo, Status, Total) VALUES ('US', 2, 'open', 5)" >/dev/null
mssql "INSERT INTO SyncShop.[Order Lines]]] VALUES (103, 1, 7, 0.5)" >/dev/null
mssql "UPDATE SyncShop.Employees SET BossId = 1 WHERE Id = 3" >/dev/null
out=$(pg_error -c "SELECT string_agg(concat_ws('|', name, status, rows_inserted, rows_updated), ';' ORDER BY name) FROM mssql_upsert_sync_run_all('shop')")
is "$out" "shop.AllTypes|ok|0|0;shop.Codes|ok|0|0;shop.Customers|ok|1|1;shop.Employees|ok|0|1;shop.Order Lines]|ok|1|0;shop.Orders|ok|1|0;shop.Products|ok|0|0" \
   "remote inserts and updates propagate, parents before the rows that reference them"
is "$(local_rows | sed -n '1,4p' | tr '\n' '#')" \
   "EU|1|Zoë|z@x|2024-01-02 03:04:05.678;EU|2|Ann B|a@x|2024-01-03 00:00:00;US|1|Bob 'the' Builder|b@x|2024-01-04 00:00:00;US|2|New|NULL|$(pg -c "SELECT \"Created\" FROM \"Shop Copy\".\"Customers\" WHERE \"Region\" = 'US' AND \"No\" = 2")#100|EU|1|open|10.50;101|EU|2|paid|0.00;102|US|1|open|99.99;103|US|2|open|5.00#100|1|2|1.2500;100|2|1|9.0000;102|1|5|NULL;103|1|7|0.5000#1|NULL|Boss;2|1|Mid;3|1|Low#" \
   "the changed and new rows arrive"
trim_fraction() { sed -E 's/(\.[0-9]*[1-9])0+$/\1/; s/\.0+$//'; }
is "$(mssql "SELECT Created FROM SyncShop.Customers WHERE Region = 'US' AND No = 2" | trim_fraction)" \
   "$(pg -c "SELECT to_char(\"Created\", 'YYYY-MM-DD HH24:MI:SS.US') FROM \"Shop Copy\".\"Customers\" WHERE \"Region\" = 'US' AND \"No\" = 2" | trim_fraction)" \
   "a remote default's value (sysdatetime()) arrives as SQL Server made it"

# --- defining again is harmless ---------------------------------------------------------
before=$(xmins)
out=$(pg_error -c "SELECT string_agg(concat_ws('|', remote_table, action), ';' ORDER BY remote_table)
                   FROM mssql_upsert_sync_define_schema('ss', 'SyncShop', 'Shop Copy', 'shop', create_foreign_keys => true)" | grep -v '^NOTICE:  remote table .* skipped')
is "$out" "AllTypes|table existed, sync defined;AuditLog|skipped;Codes|table existed, sync defined;Customers|table existed, sync defined;Employees|table existed, sync defined;Notes|skipped;Order Lines]|table existed, sync defined;Orders|table existed, sync defined;Products|table existed, sync defined" \
   "define_schema again (if_not_exists): the tables are kept, the syncs redefined"
is "$(pg -c "SELECT count(*) FROM mssql_upsert_sync_definitions WHERE sync_group = 'shop'")|$(pg -c "SELECT count(*) FILTER (WHERE convalidated) FROM pg_constraint WHERE contype = 'f' AND connamespace = '\"Shop Copy\"'::regnamespace")|$(xmins)" \
   "7|3|$before" "define_schema again: still 7 syncs, the 3 foreign keys valid, no row touched"
is "$(pg_error -c "SELECT string_agg(DISTINCT status || ':' || rows_inserted || ':' || rows_updated, ',') FROM mssql_upsert_sync_run_all('shop')")" "ok:0:0" \
   "a run after defining again: every table ok, nothing written, no foreign key added twice"

# --- bad input: a clear error, nothing changes --------------------------------------------
snapshot() { pg -c "SELECT (SELECT count(*) FROM mssql_upsert_sync_definitions) || '|' || (SELECT count(*) FROM mssql_upsert_sync_foreign_keys) || '|' ||
                           (SELECT count(*) FROM pg_namespace WHERE nspname = 'ss_bad') || '|' ||
                           (SELECT count(*) FROM pg_class WHERE relnamespace IN (SELECT oid FROM pg_namespace WHERE nspname = 'ss_bad'))"; }
state=$(snapshot)
is "$(pg_error -v VERBOSITY=verbose -c "SELECT * FROM mssql_upsert_sync_define_schema('ss', 'NoSuchSchema', 'ss_bad', 'bad')" | head -2)" \
   "$(printf '%s\n' 'ERROR:  3F000: remote schema [NoSuchSchema] does not exist on server "ss"' "HINT:  Check the name and that the server's login may see the schema.")" \
   "an unknown remote schema: 3F000 naming it and the server"
is "$(pg_error -v VERBOSITY=verbose -c "SELECT * FROM mssql_upsert_sync_define_schema('no_such_server', 'SyncShop', 'ss_bad', 'bad')" | head -1)" \
   'ERROR:  42704: server "no_such_server" does not exist' "an unknown server: 42704"
is "$(pg_error -v VERBOSITY=verbose -c "SELECT * FROM mssql_upsert_sync_define_schema('ss', 'SyncShop', 'ss_bad', 'bad', tables => ARRAY['Orders', 'NoSuch'])" | head -1)" \
   'ERROR:  42P01: table "NoSuch" named in tables is not a table of remote schema [SyncShop]' "an unknown table in tables: 42P01 naming it"
is "$(snapshot)" "$state" "unknown names: no schema, table, sync or foreign key was created"
pg -c "CREATE SCHEMA ss_bad; CREATE TABLE ss_bad.\"Codes\" (\"Code\" int)"
state=$(snapshot)
is "$(pg_error -v VERBOSITY=verbose -c "SELECT * FROM mssql_upsert_sync_define_schema('ss', 'SyncShop', 'ss_bad', 'bad', create_foreign_keys => true)" | head -3)" "$(printf '%s\n' \
   'ERROR:  42P07: local table ss_bad."Codes" already exists with columns that differ from remote table [SyncShop].[Codes]' \
   'DETAIL:  column "Code" is integer, expected character varying(5)' \
   'HINT:  Drop or rename the local table, or pull into it as it is.')" "a local table with other columns: 42P07 naming both tables and the difference"
is "$(snapshot)" "$state" "a local table with other columns: the tables created before it in the same call are gone, no sync or foreign key defined"
is "$(pg -c "SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ',') FROM pg_attribute WHERE attrelid = 'ss_bad.\"Codes\"'::regclass AND attnum > 0")" \
   "Code integer" "a local table with other columns: it is left as it was"

pg -c "SET client_min_messages = warning; DROP OWNED BY ss_user; DROP ROLE IF EXISTS ss_user" >/dev/null 2>&1
pg -c "SET client_min_messages = warning; DROP ROLE IF EXISTS ss_user; CREATE ROLE ss_user; GRANT USAGE ON FOREIGN SERVER ss TO ss_user;
       GRANT USAGE ON SCHEMA ss_bad TO ss_user; CREATE USER MAPPING FOR ss_user SERVER ss OPTIONS (username '$MSSQL_USER', password '$MSSQL_PASSWORD')"
out=$(pg_error -v VERBOSITY=verbose -c "SET ROLE ss_user; SELECT * FROM mssql_upsert_sync_define_schema('ss', 'SyncShop', 'ss_bad', 'bad')")
like "$out" "^ERROR:  42501: permission denied for schema ss_bad" "a non-superuser without CREATE on the schema: 42501"
out=$(pg_error -v VERBOSITY=verbose -c "SET ROLE ss_user; SELECT * FROM mssql_upsert_sync_define_schema('ss', 'SyncShop', 'ss_new', 'bad')")
like "$out" "^ERROR:  42501: permission denied to create schema ss_new in database" "a non-superuser without CREATE on the database: 42501"
is "$(snapshot)|$(pg -c "SELECT count(*) FROM pg_namespace WHERE nspname = 'ss_new'")" "$state|0" "refused for privileges: nothing changed"

pg -c "SET client_min_messages = warning; DROP SCHEMA \"Shop Copy\" CASCADE; DROP SCHEMA ss_bad CASCADE;
       DELETE FROM mssql_upsert_sync_definitions WHERE sync_group = 'shop'; DELETE FROM mssql_upsert_sync_foreign_keys WHERE sync_group = 'shop';
       DROP OWNED BY ss_user; DROP ROLE ss_user; DROP SERVER ss CASCADE"
for t in "[Order Lines]]]" Orders Customers Employees AllTypes Codes AuditLog Products Notes; do
  mssql "DROP TABLE SyncShop.$t" >/dev/null
done
mssql "DROP SCHEMA SyncShop" >/dev/null
done_testing
