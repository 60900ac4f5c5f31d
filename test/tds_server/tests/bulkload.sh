#!/usr/bin/env bash
# Bulk load and #temp tables with clients nobody here wrote: freebcp (out and in
# round trip of every type), a small db-lib program using bcp_init/bcp_bind/
# bcp_sendrow/bcp_done on ONE connection as the extension's push does (into a
# #temp table made with SELECT TOP 0 ... INTO), python3-tds copy_to, and the
# errors with SQL Server's numbers.
source "$(dirname "$0")/../../integration/lib.sh"
require_mssql
[[ "${MSSQL_IS_TEST_SERVER:-0}" == 1 ]] || skip_all "tests of the TDS test server itself"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export MSSQL_PASSWORD
gcc -O1 -Wall -o "$work/bcp_client" "$(dirname "$0")/bcp_client.c" -lsybdb || { echo "not ok 1 - building bcp_client.c"; exit 1; }
bcp_client() { "$work/bcp_client" "$MSSQL_HOST" "$MSSQL_PORT" "$MSSQL_USER" "$MSSQL_DATABASE" 2>/dev/null; }
# The script's lines, tab-separated fields written as " | ".
script() { printf '%s\n' "$@" | sed 's/ | /\t/g'; }
freebcp_run() { # table direction file [options]
  local table=$1 direction=$2 file=$3
  shift 3
  freebcp "$table" "$direction" "$file" -S "$MSSQL_HOST:$MSSQL_PORT" -U "$MSSQL_USER" -P "$MSSQL_PASSWORD" \
    -D "$MSSQL_DATABASE" "$@" 2>&1
}
py() { /usr/bin/python3 -c "import os, pytds, datetime, decimal, uuid
from pytds.tds_base import Column
from pytds import tds_types as T
c = pytds.connect(server=os.environ['MSSQL_HOST'], port=int(os.environ['MSSQL_PORT']), database=os.environ['MSSQL_DATABASE'], user=os.environ['MSSQL_USER'], password=os.environ['MSSQL_PASSWORD'], autocommit=True)
cur = c.cursor()
$1" 2>&1; }

# --- freebcp out, then in: every type, NULLs, extremes, non-BMP unicode -----
columns="k int NOT NULL PRIMARY KEY, b bit, ti tinyint, si smallint, i int, bi bigint,
  d38 decimal(38,10), n5 numeric(5,0), m money, sm smallmoney, r real, f float,
  c char(5), vc varchar(20), vmax varchar(max), nc nchar(5), nv nvarchar(30), nvmax nvarchar(max),
  tx text, ntx ntext, bn binary(4), vb varbinary(10), vbmax varbinary(max), img image,
  dt date, t0 time(0), t3 time(3), dtm datetime, dt2 datetime2(3), sdt smalldatetime,
  dto datetimeoffset(3), g uniqueidentifier"
mssql "DROP TABLE IF EXISTS dbo.BulkAllTypes; DROP TABLE IF EXISTS dbo.BulkAllTypesCopy;
CREATE TABLE dbo.BulkAllTypes ($columns); CREATE TABLE dbo.BulkAllTypesCopy ($columns)" >/dev/null
# Character data goes through FreeTDS's own date parser, which reads years
# before 1753 wrongly (0001-01-01 becomes 2001-01-01, 1000-01-01 1900-01-01,
# against SQL Server too): dates here start at 1753; python3-tds loads
# 0001-01-01 below.
mssql "INSERT INTO dbo.BulkAllTypes VALUES
(1, 0, 0, -32768, -2147483648, -9223372036854775808, -9999999999999999999999999999.9999999999, -99999,
 -922337203685477.5808, -214748.3648, -3.4E+38, -1.79E+308, 'a', 'min', 'x', N'a', N'Zoë 😀 𝄞', N'ñ',
 'text é', N'ntext 😀', 0x00000000, 0x00, 0x00, 0x01, '1753-01-01', '00:00:00', '00:00:00.000',
 '1753-01-01 00:00:00.000', '1753-01-01 00:00:00.000', '1900-01-01 00:00', '1753-01-01 00:00:00.000 +00:00',
 '00000000-0000-0000-0000-000000000000'),
(2, 1, 255, 32767, 2147483647, 9223372036854775807, 9999999999999999999999999999.9999999999, 99999,
 922337203685477.5807, 214748.3647, 3.4E+38, 1.79E+308, 'zzzzz', 'max', REPLICATE('y', 9000), N'ÿ',
 N'😀😀', REPLICATE(N'ж', 5000), 'text', N'ntext', 0xFFFFFFFF, 0xFFFFFFFFFFFFFFFFFFFF, 0xDEADBEEF, 0xFF00,
 '9999-12-31', '23:59:59', '23:59:59.999', '9999-12-31 23:59:59.997', '9999-12-31 23:59:59.999',
 '2079-06-06 23:59', '9999-12-31 23:59:59.999 +00:00', 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF'),
(3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
 NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
(4, 1, 7, -1, 0, 1, 0.0000000001, -1, 0.0001, -0.0001, 1.5, 0.1, 'ab', 'v', 'vm', N'n', N'n', N'nm',
 't', N'nt', 0x01, 0x02, 0x03, 0x04, '2024-02-29', '12:34:56', '12:34:56.789', '2024-02-29 12:34:56.787',
 '2024-02-29 12:34:56.789', '2024-02-29 12:35', '2024-02-29 12:34:56.789 +00:00',
 '6F9619FF-8B86-D011-B42D-00C04FC964FF')" >/dev/null
export FREEBCP_DATEFMT="%04Y-%m-%d %H:%M:%S.%z" # four-digit years, milliseconds
like "$(freebcp_run dbo.BulkAllTypes out "$work/all.dat" -c)" "4 rows copied" "freebcp out: 4 rows"
like "$(freebcp_run dbo.BulkAllTypesCopy in "$work/all.dat" -c)" "4 rows copied" "freebcp in: 4 rows"
is "$(py "cur.execute('SELECT * FROM dbo.BulkAllTypes ORDER BY k'); a = cur.fetchall()
cur.execute('SELECT * FROM dbo.BulkAllTypesCopy ORDER BY k'); b = cur.fetchall()
names = [d[0] for d in cur.description]
print(len(b), a == b, [(ra[0], n) for ra, rb in zip(a, b) for n, x, y in zip(names, ra, rb) if x != y])")" \
   "4 True []" "freebcp round trip: every column of every row compares equal in Python"
is "$(py "cur.execute('SELECT nv, d38, m, f, dt, dtm, dt2, g, vbmax FROM dbo.BulkAllTypesCopy WHERE k IN (1, 2) ORDER BY k')
for row in cur.fetchall(): print(row)")" \
"('Zoë 😀 𝄞', Decimal('-9999999999999999999999999999.9999999999'), Decimal('-922337203685477.5808'), -1.79e+308, datetime.date(1753, 1, 1), datetime.datetime(1753, 1, 1, 0, 0), datetime.datetime(1753, 1, 1, 0, 0), UUID('00000000-0000-0000-0000-000000000000'), b'\\x00')
('😀😀', Decimal('9999999999999999999999999999.9999999999'), Decimal('922337203685477.5807'), 1.79e+308, datetime.date(9999, 12, 31), datetime.datetime(9999, 12, 31, 23, 59, 59, 997000), datetime.datetime(9999, 12, 31, 23, 59, 59, 999000), UUID('ffffffff-ffff-ffff-ffff-ffffffffffff'), b'\\xde\\xad\\xbe\\xef')" \
   "freebcp round trip: the extremes arrive as they were sent"
like "$(freebcp_run dbo.BulkAllTypesCopy in "$work/all.dat" -c)" "Msg 2627" "freebcp in again: duplicate key is error 2627"
is "$(mssql "SELECT COUNT(*) FROM dbo.BulkAllTypesCopy")" "4" "a failed bulk load keeps none of its rows"
mssql "DELETE FROM dbo.BulkAllTypesCopy" >/dev/null
like "$(freebcp_run dbo.BulkAllTypesCopy in "$work/all.dat" -c -b 3)" "4 rows copied" "freebcp in with -b 3: two batches"
is "$(mssql "SELECT COUNT(*) FROM dbo.BulkAllTypesCopy")" "4" "freebcp -b 3: every row arrives"

# --- db-lib bcp_* into a #temp table, exactly as the extension's push does it ---
mssql "DROP TABLE IF EXISTS dbo.BulkOrders;
CREATE TABLE dbo.BulkOrders (Id int IDENTITY(1,1) NOT NULL PRIMARY KEY, Name nvarchar(50) NULL, Amount decimal(10,2) NOT NULL, At datetime2(6) NULL)" >/dev/null
stg="#stg_orders_w0"
push_script=(
  "sql | IF OBJECT_ID(N'tempdb..[$stg]') IS NULL SELECT TOP 0 [Id], [Name], [Amount], [At] INTO [$stg] FROM [dbo].[BulkOrders] UNION ALL SELECT TOP 0 [Id], [Name], [Amount], [At] FROM [dbo].[BulkOrders]"
  "init | [$stg] | 4"
  "row | 1 | u:Zoë 😀 | -1.25 | 2024-02-29 12:34:56.123456"
  "row | 2 | \\N | 99999999.99 | \\N"
  "row | 3 | u: | 0 | 9999-12-31 23:59:59.999999"
  "done"
  "sql | SELECT Id, Name, Amount, At FROM [$stg] ORDER BY Id"
  "sql | TRUNCATE TABLE [$stg]"
  "sql | IF OBJECT_ID(N'tempdb..[$stg]') IS NULL SELECT TOP 0 [Id], [Name], [Amount], [At] INTO [$stg] FROM [dbo].[BulkOrders] UNION ALL SELECT TOP 0 [Id], [Name], [Amount], [At] FROM [dbo].[BulkOrders]"
  "init | [$stg] | 4"
  "row | 4 | u:second chunk | 1 | \\N"
  "batch"
  "row | 5 | u:x | 2 | \\N"
  "done"
  "sql | SELECT Id, Name, Amount FROM [$stg] ORDER BY Id"
  "sql | IF OBJECT_ID(N'tempdb..[$stg]') IS NOT NULL DROP TABLE [$stg]"
  "sql | SELECT 'gone' WHERE OBJECT_ID(N'tempdb..[$stg]') IS NULL"
)
is "$(script "${push_script[@]}" | bcp_client)" "done 3
1	Zoë 😀	-1.25	Feb 29 2024 12:34:56:123456PM
2	NULL	99999999.99	NULL
3		0.00	Dec 31 9999 11:59:59:999999PM
batch 1
done 1
4	second chunk	1.00
5	x	2.00
gone" "db-lib bcp into a #temp table on the same connection: rows, NULLs, empty string, batches, TRUNCATE, DROP"
is "$(mssql "SELECT COUNT(*) FROM dbo.BulkOrders")" "0" "the #temp table was the connection's own: the real table is untouched"
is "$(script "sql | SELECT 'other connection' WHERE OBJECT_ID(N'tempdb..[$stg]') IS NULL" | bcp_client)" "other connection" \
   "another connection does not see the #temp table"
is "$(script "sql | SELECT TOP 0 [Id], [Name] INTO [#identity_kept] FROM [dbo].[BulkOrders]" "init | #identity_kept | 2" \
   "row | 77 | u:a" "done" "sql | SELECT Id, Name FROM #identity_kept" | bcp_client)" "done 1
1	a" "SELECT INTO without UNION keeps IDENTITY: bcp leaves the column out and the server numbers the row"

# --- errors, with SQL Server's numbers ---
is "$(script "init | dbo.NoSuchTable | 1" | bcp_client)" "msg 208: Invalid object name 'dbo.nosuchtable'.
bcp_init failed" "bcp_init on a missing table: error 208"
like "$(script "sql | SELECT TOP 0 [Id], [Name], [Amount] INTO [#e] FROM [dbo].[BulkOrders] UNION ALL SELECT TOP 0 [Id], [Name], [Amount] FROM [dbo].[BulkOrders]" \
   "init | #e | 3" "row | 1 | u:a | 1" "row | 2 | u:b | \\N" "done" "sql | SELECT COUNT(*) FROM #e" | bcp_client)" \
   "^msg 515: Cannot insert the value NULL into column 'amount', table '[^']*#e'; column does not allow nulls. INSERT fails.
done -1
0$" "NULL into a NOT NULL column (nullability copied by SELECT INTO): error 515, nothing kept"
is "$(script "sql | SELECT TOP 0 [Id], [Name], [Amount] INTO [#e] FROM [dbo].[BulkOrders] UNION ALL SELECT TOP 0 [Id], [Name], [Amount] FROM [dbo].[BulkOrders]" \
   "init | #e | 3" "row | 1 | abc | 1" "done" | bcp_client)" \
   "msg 4815: Received an invalid column length from the bcp client for colid 2.
done -1" "bcp_bind hands nvarchar its bytes unconverted: 3 bytes of UTF-8 are not UTF-16, error 4815"
mssql "INSERT INTO dbo.BulkOrders (Name, Amount) VALUES (N'existing', 1)" >/dev/null
is "$(script "sql | SET IDENTITY_INSERT dbo.BulkOrders ON" "init | dbo.BulkOrders | 3" "row | 1 | u:dup | 1" "done" | bcp_client)" \
   "done 1" "the identity column is left out unless IDENTITY_INSERT: a new row, no duplicate"

# --- python3-tds copy_to ---
mssql "DROP TABLE IF EXISTS dbo.PyBulk; CREATE TABLE dbo.PyBulk (k int NOT NULL PRIMARY KEY, name nvarchar(5),
  amount decimal(10,2), d date, created datetime2(3) DEFAULT '2000-01-01', flag bit)" >/dev/null
is "$(py "cur.copy_to(table_or_view='PyBulk', schema='dbo', data=[('1', 'abc', '1.25', '2024-01-02', None, '1'), ('2', None, None, None, None, None)])
cur.execute('SELECT * FROM dbo.PyBulk ORDER BY k'); print(cur.fetchall())")" \
   "[(1, 'abc', Decimal('1.25'), datetime.date(2024, 1, 2), datetime.datetime(2000, 1, 1, 0, 0), True), (2, None, None, None, datetime.datetime(2000, 1, 1, 0, 0), None)]" \
   "python3-tds copy_to: nvarchar(4000) values converted to the columns' types; NULL becomes the default without KEEP_NULLS"
is "$(py "cur.copy_to(table_or_view='PyBulk', schema='dbo', keep_nulls=True, data=[('3', None, None, None, None, None)])
cur.execute('SELECT created FROM dbo.PyBulk WHERE k = 3'); print(cur.fetchall())")" "[(None,)]" "python3-tds copy_to with KEEP_NULLS keeps the NULL"
is "$(py "cur.copy_to(table_or_view='PyBulk', schema='dbo', columns=[Column(name='k', type=T.IntType()), Column(name='d', type=T.DateType()), Column(name='name', type=T.NVarCharType(size=5))],
            data=[(4, datetime.date(1, 1, 1), 'x'), (5, datetime.date(9999, 12, 31), 'ñ😀')])
cur.execute('SELECT k, d, name FROM dbo.PyBulk WHERE k > 3 ORDER BY k'); print(cur.fetchall())")" \
   "[(4, datetime.date(1, 1, 1), 'x'), (5, datetime.date(9999, 12, 31), 'ñ😀')]" "python3-tds copy_to with typed columns: dates at their min and max"
is "$(py "cur.execute('SELECT TOP 0 k, name INTO #py FROM dbo.PyBulk')
cur.copy_to(table_or_view='#py', data=[('1', 'tmp')])
cur.execute('SELECT * FROM #py'); print(cur.fetchall())")" "[(1, 'tmp')]" "python3-tds copy_to into a #temp table"
is "$(py "cur.copy_to(table_or_view='PyBulk', schema='dbo', data=[('9', 'toolong', None, None, None, None)])" | tail -1)" \
   "pytds.tds_base.OperationalError: String or binary data would be truncated." \
   "python3-tds: a value too long for nvarchar(5) is SQL Server's truncation error"
is "$(py "try:
    cur.copy_to(table_or_view='PyBulk', schema='dbo', columns=[Column(name='k', type=T.IntType()), Column(name='name', type=T.NVarCharType(size=2))], data=[(9, 'abcdef')])
except pytds.Error as e: print(e.number, e)")" "4815 Received an invalid column length from the bcp client for colid 2." \
   "python3-tds: a value longer than its declared nvarchar(2) is error 4815"
is "$(py "try:
    cur.copy_to(table_or_view='PyBulk', schema='dbo', columns=['k', 'nosuch'], data=[('9', 'x')])
except pytds.Error as e: print(e.number, e)")" "207 Invalid column name 'nosuch'." "python3-tds: an unknown column is error 207"
is "$(py "try:
    cur.copy_to(table_or_view='NoSuch', schema='dbo', columns=['k'], data=[('9',)])
except pytds.Error as e: print(e.number, e)")" "208 Invalid object name 'dbo.NoSuch'." "python3-tds: INSERT BULK into a missing table is error 208"
is "$(mssql "SELECT COUNT(*) FROM dbo.PyBulk")" "5" "failed loads kept nothing"

# --- ATTENTION inside an unfinished bulk-load message: discarded, rolled back ---
is "$(py "cur.execute('INSERT BULK [dbo].[PyBulk]([k] INT)')
s = cur._session
w = s._writer
w.begin_packet(7)
w.write(bytes([0x81, 1, 0, 0, 0, 0, 0, 8, 0, 0x26, 4, 1, ord('k'), 0, 0xD1, 4, 100, 0, 0, 0]))
w._write_packet(final=False)  # no end of message: the load is unfinished
s.set_state(pytds.tds_base.TDS_QUERYING); s.set_state(pytds.tds_base.TDS_PENDING)
s.put_cancel()
s.process_cancel()
cur.execute('SELECT COUNT(*) FROM dbo.PyBulk WHERE k = 100'); print('after attention', cur.fetchall())")" \
   "after attention [(0,)]" "an attention inside an unfinished bulk load discards it; the connection stays usable"

done_testing
