#!/usr/bin/env bash
# mssql_upsert_create_table: a local table made from a SQL Server table's
# definition (types with lengths, NOT NULL, defaults, identity, keys, indexes),
# checked column by column, then filled by mssql_upsert_pull; if_not_exists,
# a mismatching existing table, privileges and unknown names.
source "$(dirname "$0")/lib.sh"
require_mssql
mssql_err() { mssql "$@" 2>&1; }

create_mssql_server ct >/dev/null
pg -c "SET client_min_messages = warning; DROP SCHEMA IF EXISTS ct CASCADE; CREATE SCHEMA ct"

# Every mapped type (the shared fixture plus the other string, binary and time types).
create_remote_all_types dbo.CtAllTypes
mssql "IF OBJECT_ID('dbo.CtMoreTypes') IS NOT NULL DROP TABLE dbo.CtMoreTypes" >/dev/null
mssql "CREATE TABLE dbo.CtMoreTypes (Id int NOT NULL PRIMARY KEY, C char(5), Nc nchar(3), Tx text, Ntx ntext, X xml,
  Bn binary(4), Img image, T3 time(3), D2 datetime2(2), F24 float(24), N50 numeric(5,0), Vmax varchar(max))" >/dev/null
mssql "INSERT INTO dbo.CtMoreTypes VALUES (1, 'ab', N'é', 'text', N'ntext', N'<a>1</a>', 0x01020304, 0xFF,
  '01:02:03.456', '2024-01-02 03:04:05.67', 1.5, 12345, 'long')" >/dev/null

# Keys, identity, defaults, indexes and names with blanks, mixed case and ].
mssql "IF OBJECT_ID('dbo.[Ct Order]]Lines]') IS NOT NULL DROP TABLE dbo.[Ct Order]]Lines]" >/dev/null
mssql "CREATE TABLE dbo.[Ct Order]]Lines] ([Order Id] int NOT NULL, [Line]]No] int NOT NULL,
  Seq bigint IDENTITY(10, 5) NOT NULL, Qty int CONSTRAINT DF_Ct_Qty DEFAULT 1 NOT NULL, Price decimal(10,2) DEFAULT -0.5,
  Active bit DEFAULT 1, Label nvarchar(20) DEFAULT N'it''s', Code varchar(12) NOT NULL, Created datetime DEFAULT getdate(),
  Stamp datetime2(7) DEFAULT sysdatetime(), Utc datetime2 DEFAULT sysutcdatetime(), Seen datetimeoffset(2) DEFAULT sysdatetimeoffset(),
  Token uniqueidentifier DEFAULT newid(), Shout nvarchar(10) DEFAULT upper('x'), Doubled AS (Qty * 2),
  CONSTRAINT PK_CtLines PRIMARY KEY ([Order Id], [Line]]No]), CONSTRAINT UQ_CtLines_Code UNIQUE (Code))" >/dev/null
mssql "CREATE UNIQUE INDEX UX_CtLines_Label ON dbo.[Ct Order]]Lines] (Label)" >/dev/null
mssql "CREATE INDEX [IX Ct Qty] ON dbo.[Ct Order]]Lines] (Qty DESC, Price) INCLUDE (Label) WHERE Qty > 0 AND Label IS NOT NULL" >/dev/null
mssql "CREATE INDEX IX_CtLines_Shout ON dbo.[Ct Order]]Lines] (Shout) WHERE upper(Shout) = 'X'" >/dev/null
mssql "SET IDENTITY_INSERT dbo.[Ct Order]]Lines] ON" >/dev/null 2>&1 || true
mssql "INSERT INTO dbo.[Ct Order]]Lines] ([Order Id], [Line]]No], Qty, Price, Active, Label, Code, Created, Stamp, Utc, Seen, Token, Shout)
  VALUES (1, 1, 3, 9.99, 1, N'first', 'A-1', '2024-01-02 03:04:05.997', '2024-01-02 03:04:05.1234567', '2024-01-02 00:00:00',
          '2024-01-02 03:04:05.12 +02:00', '6F9619FF-8B86-D011-B42D-00C04FC964FF', N'X'),
         (1, 2, 0, NULL, 0, NULL, 'A-2', NULL, NULL, NULL, NULL, NULL, NULL)" >/dev/null

# The definition of a local table: column|type|not null|default, then its indexes.
describe() {
  pg -c "SELECT string_agg(a.attname || '|' || format_type(a.atttypid, a.atttypmod) || '|' || left(a.attnotnull::text, 1) || '|' ||
           coalesce(pg_get_expr(d.adbin, d.adrelid), CASE a.attidentity WHEN 'd' THEN 'identity' ELSE '' END), E'\n' ORDER BY a.attnum)
         FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
         WHERE a.attrelid = '$1'::regclass AND a.attnum > 0 AND NOT a.attisdropped"
}
indexes() {
  pg -c "SELECT string_agg(regexp_replace(pg_get_indexdef(indexrelid), ' ON [^ ]+ USING btree', ' USING btree'), E'\n' ORDER BY indisprimary DESC, pg_get_indexdef(indexrelid))
         FROM pg_index WHERE indrelid = '$1'::regclass"
}

out=$(pg_error -c "SELECT mssql_upsert_create_table('ct', 'dbo.CtAllTypes', 'ct.all_types', fold_names => true) IS NOT NULL")
is "$out" "t" "every mapped type: created, with no notice"
is "$(describe ct.all_types)" "$(cat <<'COLS'
id|integer|t|
b|boolean|f|
ti|smallint|f|
si|smallint|f|
i|integer|f|
bi|bigint|f|
d|numeric(38,10)|f|
m|numeric(19,4)|f|
sm|numeric(10,4)|f|
r|real|f|
f|double precision|f|
vc|character varying(20)|f|
nvc|character varying(50)|f|
nmax|text|f|
vb|bytea|f|
dt|date|f|
tm|time(6) without time zone|f|
dtm|timestamp(3) without time zone|f|
dt2|timestamp(6) without time zone|f|
sdt|timestamp(0) without time zone|f|
dto|timestamp(3) with time zone|f|
g|uuid|f|
COLS
)" "every mapped type: fold_names lower-cases, lengths, precisions and scales kept"
pg -c "SELECT mssql_upsert_pull('ct', 'dbo.CtAllTypes', 'ct.all_types')" >/dev/null
is "$(pg -c "$ALL_TYPES_ROW1_SQL FROM ct.all_types WHERE id = 1")" "$ALL_TYPES_ROW1" "every mapped type: the pull fills row 1 exactly"
is "$(pg -c "$ALL_TYPES_ROW2_SQL FROM ct.all_types WHERE id = 2")" "$ALL_TYPES_ROW2" "every mapped type: row 2 (zeros, empty strings)"
is "$(pg -c "$ALL_TYPES_NULLS_SQL FROM ct.all_types WHERE id = 3")" "21" "every mapped type: row 3 (NULLs)"

pg -c "SELECT mssql_upsert_create_table('ct', 'dbo.CtMoreTypes', 'ct.more_types', fold_names => true)" >/dev/null
is "$(describe ct.more_types | cut -d'|' -f1,2 | paste -sd' ' -)" \
   "id|integer c|character(5) nc|character(3) tx|text ntx|text x|text bn|bytea img|bytea t3|time(3) without time zone d2|timestamp(2) without time zone f24|real n50|numeric(5,0) vmax|text" \
   "the other types: char(n), nchar(n), text, ntext, xml, binary, image, time(3), datetime2(2), float(24), numeric(5,0), (max)"
pg -c "SELECT mssql_upsert_pull('ct', 'dbo.CtMoreTypes', 'ct.more_types')" >/dev/null
is "$(pg -c "SELECT concat_ws(',', c, nc, tx, ntx, x, encode(bn, 'hex'), encode(img, 'hex'), t3, d2, f24, n50, vmax) FROM ct.more_types")" \
   "ab   ,é  ,text,ntext,<a>1</a>,01020304,ff,01:02:03.456,2024-01-02 03:04:05.67,1.5,12345,long" "the other types: the pull fills them"

out=$(pg_error -c "SELECT mssql_upsert_create_table('ct', 'dbo.[Ct Order]]Lines]', 'ct.\"Order]Lines\"')")
like "$out" "NOTICE:  default of column \"Shout\" left out: \(upper\('x'\)\) has no safe PostgreSQL equivalent" \
   "an untranslatable default: a NOTICE names the column and the definition"
like "$out" "NOTICE:  index \"IX_CtLines_Shout\" of \[dbo\]\.\[Ct Order\]\]Lines\] left out: its filter \(upper\(\[Shout\]\)=N?'X'\) has no PostgreSQL translation" \
   "an untranslatable index filter: a NOTICE names the index and the filter"
like "$out" "^NOTICE.*NOTICE.*CREATE TABLE ct\.\"Order\]Lines\" \(" "the DDL it ran is returned"
is "$(describe 'ct."Order]Lines"')" "$(cat <<'COLS'
Order Id|integer|t|
Line]No|integer|t|
Seq|bigint|t|identity
Qty|integer|t|1
Price|numeric(10,2)|f|'-0.5'::numeric
Active|boolean|f|true
Label|character varying(20)|f|'it''s'::character varying
Code|character varying(12)|t|
Created|timestamp(3) without time zone|f|LOCALTIMESTAMP
Stamp|timestamp(6) without time zone|f|LOCALTIMESTAMP
Utc|timestamp(6) without time zone|f|(now() AT TIME ZONE 'utc'::text)
Seen|timestamp(2) with time zone|f|now()
Token|uuid|f|gen_random_uuid()
Shout|character varying(10)|f|
Doubled|integer|f|
COLS
)" "keys, identity, defaults: every column's type, NOT NULL and default, names' case kept"
is "$(pg -c "SELECT seqstart || ',' || seqincrement FROM pg_sequence WHERE seqrelid = pg_get_serial_sequence('ct.\"Order]Lines\"', 'Seq')::regclass")" \
   "10,5" "IDENTITY(10, 5) keeps its seed and increment"
is "$(indexes 'ct."Order]Lines"')" "$(cat <<'IDX'
CREATE UNIQUE INDEX "Order]Lines_pkey" USING btree ("Order Id", "Line]No")
CREATE INDEX "Order]Lines_Qty_Price_Label_idx" USING btree ("Qty" DESC, "Price") INCLUDE ("Label") WHERE (("Qty" > 0) AND ("Label" IS NOT NULL))
CREATE UNIQUE INDEX "Order]Lines_Code_key" USING btree ("Code")
CREATE UNIQUE INDEX "Order]Lines_Label_idx" USING btree ("Label") NULLS NOT DISTINCT
IDX
)" "primary key, unique constraint, unique index (NULLs equal, as in SQL Server), filtered index with INCLUDE and DESC"

pg -c "SELECT rows_read, rows_inserted FROM mssql_upsert_pull('ct', 'dbo.[Ct Order]]Lines]', 'ct.\"Order]Lines\"')" >/dev/null
remote_rows=$(mssql "SELECT [Order Id], [Line]]No], Qty, Price, CASE WHEN Active = 1 THEN 't' ELSE 'f' END, Label, Code,
  Created, Token, Shout FROM dbo.[Ct Order]]Lines] ORDER BY [Line]]No]" | sed 's/\\N//g' | tr 'A-F' 'a-f' | tr '\t' '|')
local_rows=$(pg -c "SELECT concat_ws('|', \"Order Id\", \"Line]No\", \"Qty\", coalesce(\"Price\"::text, ''), \"Active\", coalesce(\"Label\", ''),
  lower(\"Code\"), coalesce(to_char(\"Created\", 'YYYY-MM-DD HH24:MI:SS.US'), ''), coalesce(\"Token\"::text, ''), coalesce(\"Shout\", ''))
  FROM ct.\"Order]Lines\" ORDER BY \"Line]No\"")
is "$local_rows" "$remote_rows" "the pull into the created table gives the remote rows"
is "$(pg -c "SELECT count(*) FROM ct.\"Order]Lines\"")" "2" "both rows arrived"

# The identity's sequence is moved past the pulled values (10 and 15), never back.
seq_next() { pg -c "INSERT INTO ct.\"Order]Lines\" (\"Order Id\", \"Line]No\", \"Code\", \"Label\") VALUES (9, 9, 'L-9', 'probe') RETURNING \"Seq\"" |
             head -1; pg -c "DELETE FROM ct.\"Order]Lines\" WHERE \"Order Id\" = 9" >/dev/null; }
is "$(seq_next)" "20" "after the pull a local INSERT takes the identity value after the pulled ones (IDENTITY(10, 5): 20)"
mssql "INSERT INTO dbo.[Ct Order]]Lines] ([Order Id], [Line]]No], Code) VALUES (2, 1, 'B-1')" >/dev/null
is "$(pg -c "SELECT rows_inserted FROM mssql_upsert_pull('ct', 'dbo.[Ct Order]]Lines]', 'ct.\"Order]Lines\"')")|$(pg -c "SELECT \"Seq\" FROM ct.\"Order]Lines\" WHERE \"Order Id\" = 2")" \
   "1|20" "a remote row takes the value the local INSERT had used (20)"
is "$(seq_next)" "25" "the sequence, already at 20, is not moved back"
mssql "DELETE FROM dbo.[Ct Order]]Lines] WHERE [Order Id] = 2" >/dev/null
pg -c "DELETE FROM ct.\"Order]Lines\" WHERE \"Order Id\" = 2" >/dev/null

# A second call: the table exists with the same columns.
is "$(pg_error -c "SELECT mssql_upsert_create_table('ct', 'dbo.[Ct Order]]Lines]', 'ct.\"Order]Lines\"')")" \
   "-- ct.\"Order]Lines\" already exists with the columns of [dbo].[Ct Order]]Lines]; nothing done" \
   "if_not_exists: a table with matching columns is left as it is"
is "$(pg -c "SELECT count(*) FROM ct.\"Order]Lines\"")|$(indexes 'ct."Order]Lines"' | wc -l)" "2|4" "if_not_exists: rows and indexes unchanged"
is "$(pg_error -c "SELECT mssql_upsert_create_table('ct', 'dbo.[Ct Order]]Lines]', 'ct.\"Order]Lines\"', if_not_exists => false)")" \
   "$(printf '%s\n' 'ERROR:  relation ct."Order]Lines" already exists' 'HINT:  Call with if_not_exists => true to accept a table whose columns match.')" \
   "if_not_exists => false: an existing table is an error"

# A local table with other columns: a clear error, nothing changes.
pg -c "CREATE TABLE ct.lines_other (\"Order Id\" bigint, note text)"
is "$(pg_error -c "SELECT mssql_upsert_create_table('ct', 'dbo.[Ct Order]]Lines]', 'ct.lines_other')")" "$(printf '%s\n' \
   'ERROR:  local table ct.lines_other already exists with columns that differ from remote table [dbo].[Ct Order]]Lines]' \
   'DETAIL:  column "Order Id" is bigint, expected integer' \
   'HINT:  Drop or rename the local table, or pull into it as it is.')" "different columns: the error names the table and the first difference"
is "$(describe ct.lines_other | paste -sd' ' -)|$(pg -c "SELECT count(*) FROM pg_index WHERE indrelid = 'ct.lines_other'::regclass")" \
   "Order Id|bigint|f| note|text|f||0" "different columns: the local table is unchanged"

# create_indexes => false: keys and unique indexes only.
pg -c "SELECT mssql_upsert_create_table('ct', 'dbo.[Ct Order]]Lines]', 'ct.lines_keys_only', create_indexes => false)" >/dev/null 2>&1
is "$(indexes ct.lines_keys_only | cut -d' ' -f1-4 | paste -sd' ' -)" \
   "CREATE UNIQUE INDEX lines_keys_only_pkey CREATE UNIQUE INDEX \"lines_keys_only_Code_key\" CREATE UNIQUE INDEX \"lines_keys_only_Label_idx\"" \
   "create_indexes => false: the primary key and unique keys, no other index"

# Privileges: USAGE on the server and CREATE on the local schema, checked first.
pg -c "SET client_min_messages = warning; DROP OWNED BY ct_user; DROP ROLE IF EXISTS ct_user" >/dev/null 2>&1
pg -c "SET client_min_messages = warning; DROP ROLE IF EXISTS ct_user; CREATE ROLE ct_user; GRANT USAGE ON SCHEMA ct TO ct_user;
       CREATE USER MAPPING FOR ct_user SERVER ct OPTIONS (username '$MSSQL_USER', password '$MSSQL_PASSWORD')"
out=$(pg_error -v VERBOSITY=verbose -c "SET ROLE ct_user; SELECT mssql_upsert_create_table('ct', 'dbo.CtMoreTypes', 'ct.denied')")
like "$out" "ERROR:  42501: permission denied for foreign server ct" "without USAGE on the server: 42501"
pg -c "GRANT USAGE ON FOREIGN SERVER ct TO ct_user"
out=$(pg_error -v VERBOSITY=verbose -c "SET ROLE ct_user; SELECT mssql_upsert_create_table('ct', 'dbo.NoSuchTableAtAll', 'ct.denied')")
like "$out" "ERROR:  42501: permission denied for schema ct" \
   "without CREATE on the schema: 42501, before SQL Server is asked (an unknown remote table would say so)"
is "$(pg -c "SELECT count(*) FROM pg_class WHERE relname = 'denied'")" "0" "refused: nothing created"
pg -c "GRANT CREATE ON SCHEMA ct TO ct_user"
pg -c "SET ROLE ct_user; SELECT mssql_upsert_create_table('ct', 'dbo.CtMoreTypes', 'ct.allowed')" >/dev/null
is "$(pg -c "SELECT tableowner FROM pg_tables WHERE schemaname = 'ct' AND tablename = 'allowed'")" "ct_user" \
   "with CREATE on the schema a non-superuser creates the table, and owns it"

# A puller without rights on the sequence: the rows arrive, a WARNING names the sequence.
pg -c "GRANT SELECT, INSERT, UPDATE ON ct.\"Order]Lines\" TO ct_user"
mssql "SET IDENTITY_INSERT dbo.[Ct Order]]Lines] ON; INSERT INTO dbo.[Ct Order]]Lines] ([Order Id], [Line]]No], Seq, Code) VALUES (3, 1, 500, 'C-1'); SET IDENTITY_INSERT dbo.[Ct Order]]Lines] OFF" >/dev/null
out=$(pg_error -c "SET ROLE ct_user; SELECT rows_inserted FROM mssql_upsert_pull('ct', 'dbo.[Ct Order]]Lines]', 'ct.\"Order]Lines\"')")
like "$out" 'WARNING:  sequence ct\."Order\]Lines_Seq_seq" of column "Seq" of ct\."Order\]Lines" was not moved past the pulled values: permission denied' \
   "no rights on the sequence: a WARNING names sequence, column and table"
like "$out" "1$" "no rights on the sequence: the row is still pulled"
is "$(seq_next)" "30" "no rights on the sequence: it is left where it was"
mssql "DELETE FROM dbo.[Ct Order]]Lines] WHERE [Order Id] = 3" >/dev/null

# Unknown names.
is "$(pg_error -c "SELECT mssql_upsert_create_table('no_such_server', 'dbo.CtMoreTypes', 'ct.x')" | head -1)" \
   'ERROR:  server "no_such_server" does not exist' "an unknown server"
is "$(pg_error -c "SELECT mssql_upsert_create_table('ct', 'dbo.NoSuchTable', 'ct.x')" | head -1)" \
   'ERROR:  remote table [dbo].[NoSuchTable] does not exist' "an unknown remote table"
is "$(pg_error -c "SELECT mssql_upsert_create_table('ct', 'dbo.CtMoreTypes', 'no_such_schema.x')" | head -1)" \
   'ERROR:  schema "no_such_schema" does not exist' "an unknown local schema"
is "$(pg -c "SELECT count(*) FROM pg_class WHERE relname = 'x'")" "0" "errors: nothing created"

pg -c "SET client_min_messages = warning; DROP SCHEMA ct CASCADE; DROP OWNED BY ct_user; DROP ROLE ct_user; DROP SERVER ct CASCADE"
mssql "DROP TABLE dbo.[Ct Order]]Lines]" >/dev/null
mssql "DROP TABLE dbo.CtMoreTypes" >/dev/null
mssql "DROP TABLE dbo.CtAllTypes" >/dev/null
done_testing
