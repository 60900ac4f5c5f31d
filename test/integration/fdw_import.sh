#!/usr/bin/env bash
# IMPORT FOREIGN SCHEMA: every type mapped as the pull type table says, names'
# case kept, LIMIT TO / EXCEPT, NOT NULL, unreadable columns left out with a
# NOTICE, and the imported tables read back what SQL Server holds.
source "$(dirname "$0")/lib.sh"
require_mssql
mssql "SELECT TOP 1 TABLE_NAME FROM INFORMATION_SCHEMA.COLUMNS" >/dev/null 2>&1 ||
  skip_all "the SQL Server side has no INFORMATION_SCHEMA.COLUMNS (TDS test server without its catalog views)"
create_mssql_server mssql >/dev/null

mssql "IF OBJECT_ID('dbo.ImpTypes') IS NOT NULL DROP TABLE dbo.ImpTypes" >/dev/null
mssql "CREATE TABLE dbo.ImpTypes (Id int NOT NULL PRIMARY KEY, B bit, Ti tinyint, Si smallint,
  I int, Bi bigint, D decimal(38,10), M money, Sm smallmoney, R real, F float, C char(3), Vc varchar(20),
  Nc nchar(2), Nvc nvarchar(50), Nmax nvarchar(max), Bn binary(2), Vb varbinary(100), Dt date, Tm time(7),
  Dtm datetime, Dt2 datetime2(7), Sdt smalldatetime, Dto datetimeoffset(3), G uniqueidentifier)" >/dev/null
mssql "INSERT INTO dbo.ImpTypes VALUES (1, 1, 255, -32768, -2147483648, 9223372036854775807,
  1234567890123456789012345678.0123456789, -922337203685477.5808, 214748.3647, 1.5, -2.25, 'abc', 'cafe',
  N'zo', N'Zoë 😀', N'long', 0x0102, 0x00FF10, '0001-01-01', '23:59:59.999999', '2024-02-29 12:34:56.997',
  '9999-12-31 23:59:59.999999', '2079-06-06 23:59:00', '2024-05-06 07:08:09.123', '6F9619FF-8B86-D011-B42D-00C04FC964FF')" >/dev/null
mssql "IF OBJECT_ID('dbo.ImpOther') IS NOT NULL DROP TABLE dbo.ImpOther" >/dev/null
mssql "CREATE TABLE dbo.ImpOther (\"MixedCase Col\" int NOT NULL, lower_col nvarchar(10))" >/dev/null
mssql "INSERT INTO dbo.ImpOther VALUES (7, N'x')" >/dev/null

pg -c "DROP SCHEMA IF EXISTS imported CASCADE; CREATE SCHEMA imported"
pg -c "IMPORT FOREIGN SCHEMA dbo LIMIT TO (\"ImpTypes\", \"ImpOther\") FROM SERVER mssql INTO imported"
is "$(pg -c "SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class WHERE relnamespace = 'imported'::regnamespace")" \
   "ImpOther,ImpTypes" "LIMIT TO imports exactly the named tables, names' case kept"
is "$(pg -c "SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod) || CASE WHEN attnotnull THEN ' not null' ELSE '' END, ', ' ORDER BY attnum) FROM pg_attribute WHERE attrelid = 'imported.\"ImpTypes\"'::regclass AND attnum > 0")" \
   "Id integer not null, B boolean, Ti smallint, Si smallint, I integer, Bi bigint, D numeric(38,10), M numeric(19,4), Sm numeric(10,4), R real, F double precision, C text, Vc text, Nc text, Nvc text, Nmax text, Bn bytea, Vb bytea, Dt date, Tm time without time zone, Dtm timestamp without time zone, Dt2 timestamp without time zone, Sdt timestamp without time zone, Dto timestamp with time zone, G uuid" \
   "every type mapped as the pull type table says"
is "$(pg -c "SELECT array_to_string(ftoptions, ',') FROM pg_foreign_table WHERE ftrelid = 'imported.\"ImpTypes\"'::regclass")" \
   "schema_name=dbo,table_name=ImpTypes" "the remote table is recorded in the options"
is "$(pg -c "SET TimeZone = 'UTC'; SELECT concat_ws(',', \"Id\", \"B\", \"Ti\", \"D\", \"M\", \"R\", \"F\", \"C\", \"Nvc\", encode(\"Bn\", 'hex'), \"Dt\", \"Tm\", \"Dtm\", \"Dt2\", \"Sdt\", \"Dto\", \"G\") FROM imported.\"ImpTypes\"")" \
   "1,t,255,1234567890123456789012345678.0123456789,-922337203685477.5808,1.5,-2.25,abc,Zoë 😀,0102,0001-01-01,23:59:59.999999,2024-02-29 12:34:56.997,9999-12-31 23:59:59.999999,2079-06-06 23:59:00,2024-05-06 07:08:09.123+00,6f9619ff-8b86-d011-b42d-00c04fc964ff" \
   "the imported table reads every value"
is "$(pg -c "SELECT \"MixedCase Col\", lower_col FROM imported.\"ImpOther\" WHERE \"MixedCase Col\" = 7")" "7|x" \
   "a column name with a space and upper case"

pg -c "DROP SCHEMA imported CASCADE; CREATE SCHEMA imported"
pg -c "IMPORT FOREIGN SCHEMA dbo EXCEPT (\"ImpTypes\") FROM SERVER mssql INTO imported"
is "$(pg -c "SELECT count(*) FILTER (WHERE relname = 'ImpTypes'), count(*) FILTER (WHERE relname = 'ImpOther') FROM pg_class WHERE relnamespace = 'imported'::regnamespace")" \
   "0|1" "EXCEPT leaves the named table out"
like "$(pg_error -c "IMPORT FOREIGN SCHEMA dbo LIMIT TO (\"ImpOther\") FROM SERVER mssql INTO imported OPTIONS (import_default 'true')")" \
   'IMPORT FOREIGN SCHEMA of mssql_upsert_fdw takes no options' "options are refused"
pg -c "DROP SCHEMA imported CASCADE"
done_testing
