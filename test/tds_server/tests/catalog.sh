#!/usr/bin/env bash
# The test server's catalog: sys.* and INFORMATION_SCHEMA.* views, OBJECT_ID and
# friends, as the extension, python3-tds and tds_fdw (IMPORT FOREIGN SCHEMA) use them.
source "$(dirname "$0")/../../integration/lib.sh"
require_mssql
[[ "${MSSQL_IS_TEST_SERVER:-0}" == 1 ]] || skip_all "tests of the TDS test server itself"

mssql "IF OBJECT_ID('dbo.CatalogTypes') IS NOT NULL DROP TABLE dbo.CatalogTypes" >/dev/null
mssql "IF OBJECT_ID('dbo.CatalogKeys') IS NOT NULL DROP TABLE dbo.CatalogKeys" >/dev/null
mssql "IF OBJECT_ID('dbo.CatalogHeap') IS NOT NULL DROP TABLE dbo.CatalogHeap" >/dev/null
mssql "CREATE TABLE dbo.CatalogTypes (Id int IDENTITY(100, 5) NOT NULL PRIMARY KEY, B bit NOT NULL, TI tinyint, SI smallint,
  BI bigint, D decimal(18,4), N numeric(5,0), DD decimal, M money, SM smallmoney, R real, F float, C char(5), VC varchar(30),
  NC nchar(4), NV nvarchar(40), VMAX varchar(max), NVMAX nvarchar(max), TX text, NTX ntext, BN binary(4), VB varbinary(16),
  VBMAX varbinary(max), IMG image, DT date, TM time(3), TM0 time(0), DTM datetime, DT2 datetime2, DT21 datetime2(1),
  SDT smalldatetime, DTO datetimeoffset(5), G uniqueidentifier, X xml)" >/dev/null
mssql "CREATE TABLE dbo.CatalogKeys (Region nvarchar(10) NOT NULL, [Order Id] bigint NOT NULL, Qty int DEFAULT 1,
  CONSTRAINT PK_CatalogKeys PRIMARY KEY ([Order Id], Region))" >/dev/null
mssql "CREATE TABLE dbo.CatalogHeap (A int)" >/dev/null
mssql "INSERT INTO dbo.CatalogKeys (Region, [Order Id]) VALUES (N'north', 7)" >/dev/null

# The two queries the extension sends (src/sqlgen/tsql_catalog_sql.cpp).
columns_sql() {
  echo "SELECT c.name AS column_name, CASE WHEN t.is_assembly_type = 1 THEN t.name ELSE TYPE_NAME(c.system_type_id) END AS type_name, c.max_length, c.precision, c.scale, c.is_nullable, c.is_identity, c.is_computed, CAST(CASE WHEN c.system_type_id = 189 THEN 1 ELSE 0 END AS bit) AS is_rowversion FROM sys.columns AS c JOIN sys.types AS t ON t.user_type_id = c.user_type_id WHERE c.object_id = OBJECT_ID(N'$1') ORDER BY c.column_id"
}
key_sql() {
  echo "SELECT c.name AS column_name FROM sys.indexes AS i JOIN sys.index_columns AS ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id WHERE i.object_id = OBJECT_ID(N'$1') AND i.is_primary_key = 1 ORDER BY ic.key_ordinal"
}

is "$(mssql "$(columns_sql '[dbo].[CatalogTypes]')")" "$(cat <<'ROWS'
Id	int	4	10	0	False	True	False	False
B	bit	1	1	0	False	False	False	False
TI	tinyint	1	3	0	True	False	False	False
SI	smallint	2	5	0	True	False	False	False
BI	bigint	8	19	0	True	False	False	False
D	decimal	9	18	4	True	False	False	False
N	numeric	5	5	0	True	False	False	False
DD	decimal	9	18	0	True	False	False	False
M	money	8	19	4	True	False	False	False
SM	smallmoney	4	10	4	True	False	False	False
R	real	4	24	0	True	False	False	False
F	float	8	53	0	True	False	False	False
C	char	5	0	0	True	False	False	False
VC	varchar	30	0	0	True	False	False	False
NC	nchar	8	0	0	True	False	False	False
NV	nvarchar	80	0	0	True	False	False	False
VMAX	varchar	-1	0	0	True	False	False	False
NVMAX	nvarchar	-1	0	0	True	False	False	False
TX	text	16	0	0	True	False	False	False
NTX	ntext	16	0	0	True	False	False	False
BN	binary	4	0	0	True	False	False	False
VB	varbinary	16	0	0	True	False	False	False
VBMAX	varbinary	-1	0	0	True	False	False	False
IMG	image	16	0	0	True	False	False	False
DT	date	3	10	0	True	False	False	False
TM	time	4	12	3	True	False	False	False
TM0	time	3	8	0	True	False	False	False
DTM	datetime	8	23	3	True	False	False	False
DT2	datetime2	8	27	7	True	False	False	False
DT21	datetime2	6	21	1	True	False	False	False
SDT	smalldatetime	4	16	0	True	False	False	False
DTO	datetimeoffset	10	32	5	True	False	False	False
G	uniqueidentifier	16	0	0	True	False	False	False
X	xml	-1	0	0	True	False	False	False
ROWS
)" "extension's column query: every type with SQL Server's names, max_length in bytes, precision and scale; IDENTITY; NOT NULL"

is "$(mssql "$(columns_sql '[dbo].[CatalogKeys]')" | cut -f1,2,3,6)" $'Region\tnvarchar\t20\tFalse\nOrder Id\tbigint\t8\tFalse\nQty\tint\t4\tTrue' \
   "extension's column query: a name with a space, declared case kept"
is "$(mssql "$(key_sql '[dbo].[CatalogKeys]')")" $'Order Id\nRegion' "extension's key query: a composite primary key in key order"
is "$(mssql "$(key_sql 'dbo.catalogtypes')")" "Id" "extension's key query: names are case-insensitive"
is "$(mssql "$(key_sql '[dbo].[CatalogHeap]')")" "" "extension's key query: a table without a primary key has no key rows"
is "$(mssql "$(columns_sql '[dbo].[NoSuchTable]')")" "" "extension's column query: an unknown table gives no rows"

# Result column types, as python3-tds decodes COLMETADATA: sysname is nvarchar(128),
# max_length smallint, precision/scale tinyint, flags bit.
py() { /usr/bin/python3 -c "$1" 2>&1; }
connect="import os, pytds, datetime, decimal, uuid
c = pytds.connect(server=os.environ['MSSQL_HOST'], port=int(os.environ['MSSQL_PORT']), database=os.environ['MSSQL_DATABASE'], user=os.environ['MSSQL_USER'], password=os.environ['MSSQL_PASSWORD'], autocommit=True)
cur = c.cursor()
def types(sql):
    cur.execute(sql)
    cur.fetchall()
    return ' '.join('%s:%d:%s' % (col.column_name, col.serializer.get_typeid(), getattr(col.serializer, 'size', '')) for col in cur._session.res_info.columns)"
is "$(py "$connect
print(types(\"\"\"$(columns_sql '[dbo].[CatalogTypes]')\"\"\"))")" \
   "column_name:231:128.0 type_name:231:128.0 max_length:52:2 precision:48:1 scale:48:1 is_nullable:50:1 is_identity:50:1 is_computed:50:1 is_rowversion:50:1" \
   "extension's column query: result columns typed nvarchar(128), smallint, tinyint, bit"

# sys.* views
# PostgreSQL 18 can run LIKE under the case-insensitive collation of name
# columns; on an older backend database the server refuses it (a documented limit).
like_on_names=$(mssql "SELECT s.name, t.name, t.type, t.type_desc FROM sys.tables AS t JOIN sys.schemas AS s ON s.schema_id = t.schema_id WHERE t.name LIKE 'catalog%' ORDER BY t.name" 2>&1)
if [[ $(pg -c "SHOW server_version_num") -ge 180000 ]]; then
  is "$like_on_names" $'dbo\tCatalogHeap\tU \tUSER_TABLE\ndbo\tCatalogKeys\tU \tUSER_TABLE\ndbo\tCatalogTypes\tU \tUSER_TABLE' \
     "sys.tables: LIKE on a name column, case-insensitive as on SQL Server"
else
  is "$like_on_names" "error 50000: nondeterministic collations are not supported for LIKE (backend SQLSTATE 0A000)" \
     "sys.tables: LIKE on a name column is refused (a documented limit)"
fi
is "$(mssql "SELECT s.name, t.name, t.type, t.type_desc FROM sys.tables AS t JOIN sys.schemas AS s ON s.schema_id = t.schema_id WHERE t.name IN ('catalogtypes', 'CATALOGKEYS') ORDER BY t.name")" \
   $'dbo\tCatalogKeys\tU \tUSER_TABLE\ndbo\tCatalogTypes\tU \tUSER_TABLE' "sys.tables and sys.schemas: declared names, compared case-insensitively"
is "$(mssql "SELECT name, schema_id FROM sys.schemas WHERE name IN ('dbo', 'sys', 'INFORMATION_SCHEMA') ORDER BY schema_id")" \
   $'dbo\t1\nINFORMATION_SCHEMA\t3\nsys\t4' "sys.schemas: SQL Server's schema ids"
is "$(mssql "SELECT OBJECT_ID('dbo.CatalogTypes') - object_id, OBJECT_NAME(object_id), SCHEMA_NAME(schema_id), OBJECT_SCHEMA_NAME(object_id) FROM sys.objects WHERE name = 'CatalogTypes'")" \
   $'0\tCatalogTypes\tdbo\tdbo' "OBJECT_ID, OBJECT_NAME, SCHEMA_NAME, OBJECT_SCHEMA_NAME agree with sys.objects"
is "$(mssql "SELECT CASE WHEN OBJECT_ID(N'[dbo].[CatalogTypes]', 'U') = OBJECT_ID('CatalogTypes') THEN 1 ELSE 0 END, OBJECT_ID('dbo.CatalogTypes', 'V'), OBJECT_ID('dbo.Missing'), OBJECT_ID('$MSSQL_DATABASE.dbo.CatalogTypes') - OBJECT_ID('CatalogTypes'), OBJECT_ID('otherdb.dbo.CatalogTypes'), OBJECT_ID('[unclosed')")" \
   $'1\t\\N\t\\N\t0\t\\N\t\\N' "OBJECT_ID: an int anywhere in an expression; type filter; NULL for missing, other databases, malformed names"
is "$(mssql "SELECT o.name, o.type, o.type_desc, OBJECT_NAME(o.parent_object_id) FROM sys.objects o WHERE o.parent_object_id = OBJECT_ID('dbo.CatalogKeys') ORDER BY o.type DESC")" \
   $'PK_CatalogKeys\tPK\tPRIMARY_KEY_CONSTRAINT\tCatalogKeys\nDF__CatalogK__Qty__'"$(mssql "SELECT name FROM sys.default_constraints WHERE parent_object_id = OBJECT_ID('dbo.CatalogKeys')" | sed 's/.*__//')"$'\tD \tDEFAULT_CONSTRAINT\tCatalogKeys' \
   "sys.objects: the primary key and the system-named default (type char(2), 'D ') belong to their table"
is "$(mssql "SELECT SCHEMA_NAME(), TYPE_NAME(231), TYPE_NAME(56), TYPE_ID('nvarchar'), TYPE_NAME(TYPE_ID('sysname'))")" \
   $'dbo\tnvarchar\tint\t231\tsysname' "SCHEMA_NAME(), TYPE_NAME, TYPE_ID"
is "$(mssql "SELECT COLUMNPROPERTY(OBJECT_ID('dbo.CatalogTypes'), 'Id', 'IsIdentity'), COLUMNPROPERTY(OBJECT_ID('dbo.CatalogTypes'), 'nv', 'AllowsNull'), COLUMNPROPERTY(OBJECT_ID('dbo.CatalogTypes'), 'NV', 'Precision'), COLUMNPROPERTY(OBJECT_ID('dbo.CatalogTypes'), 'D', 'Scale'), COLUMNPROPERTY(OBJECT_ID('dbo.CatalogTypes'), 'Nope', 'ColumnId')")" \
   $'1\t1\t40\t4\t\\N' "COLUMNPROPERTY"
is "$(mssql "SELECT name, system_type_id, user_type_id, max_length, precision, scale, is_nullable FROM sys.types WHERE name IN ('nvarchar', 'sysname', 'decimal', 'datetime2', 'timestamp') ORDER BY user_type_id")" \
   $'datetime2\t42\t42\t8\t27\t7\tTrue\ndecimal\t106\t106\t17\t38\t38\tTrue\ntimestamp\t189\t189\t8\t0\t0\tFalse\nnvarchar\t231\t231\t8000\t0\t0\tTrue\nsysname\t231\t256\t256\t0\t0\tFalse' \
   "sys.types: SQL Server's type ids and sizes"
is "$(mssql "SELECT c.name, c.seed_value, c.increment_value FROM sys.identity_columns c WHERE c.object_id = OBJECT_ID('dbo.CatalogTypes')")" \
   $'Id\t100\t5' "sys.identity_columns: seed and increment as declared"
mssql "INSERT INTO dbo.CatalogTypes (B) VALUES (1), (0)" >/dev/null
is "$(mssql "SELECT Id FROM dbo.CatalogTypes ORDER BY Id")" $'100\n105' "IDENTITY(100, 5) numbers rows from 100 by 5"
is "$(mssql "SELECT i.name, i.index_id, i.type_desc, i.is_primary_key, i.is_unique FROM sys.indexes i WHERE i.object_id IN (OBJECT_ID('dbo.CatalogKeys'), OBJECT_ID('dbo.CatalogHeap')) ORDER BY i.object_id")" \
   $'PK_CatalogKeys\t1\tCLUSTERED\tTrue\tTrue\n\\N\t0\tHEAP\tFalse\tFalse' "sys.indexes: the primary key is clustered index 1; a table without one is a heap"
is "$(mssql "SELECT count(*) FROM sys.computed_columns WHERE object_id = OBJECT_ID('dbo.CatalogTypes')")" "0" "sys.computed_columns: none declared"

# Computed columns: stored generated columns, typed by their expression.
mssql "IF OBJECT_ID('dbo.CatalogComputed') IS NOT NULL DROP TABLE dbo.CatalogComputed" >/dev/null
mssql "CREATE TABLE dbo.CatalogComputed (Id int NOT NULL PRIMARY KEY, Qty int, Twice AS (Qty * 2) PERSISTED, Note nvarchar(10))" >/dev/null
mssql "INSERT INTO dbo.CatalogComputed (Id, Qty, Note) VALUES (1, 21, N'a'); INSERT INTO dbo.CatalogComputed VALUES (2, 5, N'b')" >/dev/null
is "$(mssql "SELECT Id, Qty, Twice, Note FROM dbo.CatalogComputed ORDER BY Id")" $'1\t21\t42\ta\n2\t5\t10\tb' \
   "computed column: computed on insert; a positional INSERT skips it as on SQL Server"
is "$(mssql "$(columns_sql 'dbo.CatalogComputed')" | cut -f1,2,8)" $'Id\tint\tFalse\nQty\tint\tFalse\nNote\tnvarchar\tFalse\nTwice\tint\tTrue' \
   "extension's column query: the computed column is flagged (it comes last in the backend)"
is "$(mssql "SELECT name, definition, is_persisted, is_computed FROM sys.computed_columns WHERE object_id = OBJECT_ID('dbo.CatalogComputed')")" \
   $'Twice\t([Qty]*(2))\tTrue\tTrue' "sys.computed_columns: the computed column and its definition as SQL Server writes it"
is "$(py "$connect
cur.execute('SELECT Twice FROM dbo.CatalogComputed')
cur.fetchall()
print(cur._session.res_info.columns[0].flags & 0x20)")" "32" "COLMETADATA flags the computed column"

# INFORMATION_SCHEMA: the test server's, never PostgreSQL's own
is "$(mssql "SELECT TABLE_CATALOG, TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME IN ('CatalogKeys', 'pg_class', 'tables') ORDER BY TABLE_NAME")" \
   $'testdb\tdbo\tCatalogKeys\tBASE TABLE' "INFORMATION_SCHEMA.TABLES: the server's tables only (no PostgreSQL catalogs)"
is "$(mssql "SELECT COLUMN_NAME, ORDINAL_POSITION, COLUMN_DEFAULT, IS_NULLABLE, DATA_TYPE, CHARACTER_MAXIMUM_LENGTH, CHARACTER_OCTET_LENGTH, NUMERIC_PRECISION, NUMERIC_PRECISION_RADIX, NUMERIC_SCALE, DATETIME_PRECISION FROM information_schema.columns WHERE table_schema = 'dbo' AND table_name = 'catalogtypes' AND COLUMN_NAME IN ('Id', 'D', 'F', 'NV', 'NVMAX', 'TX', 'DT2', 'DTO', 'B') ORDER BY ORDINAL_POSITION")" "$(cat <<'ROWS'
Id	1	\N	NO	int	\N	\N	10	10	0	\N
B	2	\N	NO	bit	\N	\N	\N	\N	\N	\N
D	6	\N	YES	decimal	\N	\N	18	10	4	\N
F	12	\N	YES	float	\N	\N	53	2	\N	\N
NV	16	\N	YES	nvarchar	40	80	\N	\N	\N	\N
NVMAX	18	\N	YES	nvarchar	-1	-1	\N	\N	\N	\N
TX	19	\N	YES	text	2147483647	2147483647	\N	\N	\N	\N
DT2	29	\N	YES	datetime2	\N	\N	\N	\N	\N	7
DTO	32	\N	YES	datetimeoffset	\N	\N	\N	\N	\N	5
ROWS
)" "INFORMATION_SCHEMA.COLUMNS: SQL Server's lengths, precisions and scales"
is "$(mssql "SELECT COLUMN_NAME, COLUMN_DEFAULT FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = 'CatalogKeys' AND COLUMN_DEFAULT IS NOT NULL")" \
   $'Qty\t(1)' "INFORMATION_SCHEMA.COLUMNS: COLUMN_DEFAULT"
is "$(py "$connect
print(types('SELECT * FROM INFORMATION_SCHEMA.COLUMNS WHERE 1 = 0'))")" \
   "TABLE_CATALOG:231:128.0 TABLE_SCHEMA:231:128.0 TABLE_NAME:231:128.0 COLUMN_NAME:231:128.0 ORDINAL_POSITION:56:4 COLUMN_DEFAULT:231:4000.0 IS_NULLABLE:167:3 DATA_TYPE:231:128.0 CHARACTER_MAXIMUM_LENGTH:56:4 CHARACTER_OCTET_LENGTH:56:4 NUMERIC_PRECISION:48:1 NUMERIC_PRECISION_RADIX:52:2 NUMERIC_SCALE:56:4 DATETIME_PRECISION:52:2 CHARACTER_SET_CATALOG:231:128.0 CHARACTER_SET_SCHEMA:231:128.0 CHARACTER_SET_NAME:231:128.0 COLLATION_CATALOG:231:128.0 COLLATION_SCHEMA:231:128.0 COLLATION_NAME:231:128.0 DOMAIN_CATALOG:231:128.0 DOMAIN_SCHEMA:231:128.0 DOMAIN_NAME:231:128.0" \
   "INFORMATION_SCHEMA.COLUMNS: SELECT * gives SQL Server's upper-case names and types"
is "$(mssql "SELECT tc.CONSTRAINT_NAME, tc.CONSTRAINT_TYPE, k.COLUMN_NAME, k.ORDINAL_POSITION FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS tc JOIN INFORMATION_SCHEMA.KEY_COLUMN_USAGE k ON k.CONSTRAINT_NAME = tc.CONSTRAINT_NAME AND k.TABLE_NAME = tc.TABLE_NAME WHERE tc.TABLE_NAME = 'CatalogKeys' ORDER BY k.ORDINAL_POSITION")" \
   $'PK_CatalogKeys\tPRIMARY KEY\tOrder Id\t1\nPK_CatalogKeys\tPRIMARY KEY\tRegion\t2' "INFORMATION_SCHEMA.TABLE_CONSTRAINTS and KEY_COLUMN_USAGE: the composite key in order"

# tds_fdw's IMPORT FOREIGN SCHEMA reads INFORMATION_SCHEMA.SCHEMATA/TABLES/COLUMNS.
pg -c "SET client_min_messages = warning; CREATE EXTENSION IF NOT EXISTS tds_fdw; DROP SERVER IF EXISTS tds_catalog_check CASCADE;
       CREATE SERVER tds_catalog_check FOREIGN DATA WRAPPER tds_fdw OPTIONS (servername '$MSSQL_HOST', port '$MSSQL_PORT', database '$MSSQL_DATABASE', tds_version '7.4');
       CREATE USER MAPPING FOR CURRENT_USER SERVER tds_catalog_check OPTIONS (username '$MSSQL_USER', password '$MSSQL_PASSWORD');
       DROP SCHEMA IF EXISTS tds_catalog_import CASCADE; CREATE SCHEMA tds_catalog_import;
       IMPORT FOREIGN SCHEMA dbo LIMIT TO (\"CatalogTypes\", \"CatalogKeys\") FROM SERVER tds_catalog_check INTO tds_catalog_import" 2>&1
# tds_fdw 2.0.3 (Debian 12's) imports money as money; 2.0.4 and later as numeric.
money_type=money smallmoney_type=money
if [[ $(pg -c "SELECT extversion <> '2.0.3' FROM pg_extension WHERE extname = 'tds_fdw'") == t ]]; then
  money_type='numeric(19,4)' smallmoney_type='numeric(10,4)'
fi
is "$(pg -c "SELECT c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid WHERE c.relnamespace = 'tds_catalog_import'::regnamespace AND a.attnum > 0 ORDER BY c.relname, a.attnum")" "$(cat <<ROWS
CatalogKeys.Region character varying(10) not null
CatalogKeys.Order Id bigint not null
CatalogKeys.Qty integer
CatalogTypes.Id integer not null
CatalogTypes.B smallint not null
CatalogTypes.TI smallint
CatalogTypes.SI smallint
CatalogTypes.BI bigint
CatalogTypes.D numeric(18,4)
CatalogTypes.N numeric(5,0)
CatalogTypes.DD numeric(18,0)
CatalogTypes.M $money_type
CatalogTypes.SM $smallmoney_type
CatalogTypes.R real
CatalogTypes.F double precision
CatalogTypes.C character(5)
CatalogTypes.VC character varying(30)
CatalogTypes.NC character(4)
CatalogTypes.NV character varying(40)
CatalogTypes.VMAX text
CatalogTypes.NVMAX text
CatalogTypes.TX text
CatalogTypes.NTX text
CatalogTypes.BN bytea
CatalogTypes.VB bytea
CatalogTypes.VBMAX bytea
CatalogTypes.IMG bytea
CatalogTypes.DT date
CatalogTypes.TM time without time zone
CatalogTypes.TM0 time without time zone
CatalogTypes.DTM timestamp(3) without time zone
CatalogTypes.DT2 timestamp(6) without time zone
CatalogTypes.DT21 timestamp(1) without time zone
CatalogTypes.SDT timestamp(0) without time zone
CatalogTypes.DTO timestamp(5) with time zone
CatalogTypes.G uuid
CatalogTypes.X xml
ROWS
)" "tds_fdw IMPORT FOREIGN SCHEMA: both tables, every column with tds_fdw's type for it, NOT NULL kept"
is "$(pg -c "SET client_min_messages = warning; SELECT \"Region\", \"Order Id\", \"Qty\" FROM tds_catalog_import.\"CatalogKeys\"")" "north|7|1" \
   "tds_fdw: the imported foreign table returns the row"
pg -c "SET client_min_messages = warning; DROP SCHEMA tds_catalog_import CASCADE; DROP SERVER tds_catalog_check CASCADE"
done_testing
