#!/usr/bin/env bash
# RPC requests: python3-tds sends every parameterized query as sp_executesql
# with typed parameters; values of every common type must arrive intact and
# errors carry SQL Server's numbers.
source "$(dirname "$0")/../../integration/lib.sh"
require_mssql
[[ "${MSSQL_IS_TEST_SERVER:-0}" == 1 ]] || skip_all "tests of the TDS test server itself"

mssql "IF OBJECT_ID('dbo.RpcTypes') IS NOT NULL DROP TABLE dbo.RpcTypes" >/dev/null
mssql "CREATE TABLE dbo.RpcTypes (K int NOT NULL PRIMARY KEY, B bit, BI bigint, D decimal(18,4), F float, NV nvarchar(40),
  VC varchar(20), VB varbinary(16), DT date, TM time(6), DT2 datetime2(6), DTO datetimeoffset(6), G uniqueidentifier, M money)" >/dev/null

py() { /usr/bin/python3 -c "$1" 2>&1; }
connect="import os, pytds, datetime, decimal, uuid
c = pytds.connect(server=os.environ['MSSQL_HOST'], port=int(os.environ['MSSQL_PORT']), database=os.environ['MSSQL_DATABASE'], user=os.environ['MSSQL_USER'], password=os.environ['MSSQL_PASSWORD'], autocommit=True)
cur = c.cursor()
tz = datetime.timezone(datetime.timedelta(hours=-5, minutes=-30))
row1 = (1, True, 2**40 + 3, decimal.Decimal('-12345.6789'), 1.1, 'Zoë 😀 \"quoted\" ''single''', 'café', pytds.Binary(b'\x00\x01\xff'),
        datetime.date(2024, 2, 29), datetime.time(23, 59, 59, 999999), datetime.datetime(2024, 3, 4, 5, 6, 7, 123456),
        datetime.datetime(2024, 12, 31, 22, 0, 0, 500000, tzinfo=tz), uuid.UUID('6F9619FF-8B86-D011-B42D-00C04FC964FF'),
        decimal.Decimal('922337203685477.5807'))
row2 = (2, False, -7, decimal.Decimal('0.0001'), -2.5e-300, '', '', pytds.Binary(b''), datetime.date(1, 1, 1),
        datetime.time(0, 0), datetime.datetime(9999, 12, 31, 23, 59, 59, 999999), datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc),
        uuid.UUID(int=0), decimal.Decimal('-1.5'))
row3 = (3,) + (None,) * 13
insert = 'INSERT INTO dbo.RpcTypes VALUES (' + ', '.join(['%s'] * 14) + ')'"

is "$(py "$connect
for row in (row1, row2, row3):
    cur.execute(insert, row)
    print(cur.rowcount, end=' ')
")" "1 1 1 " "sp_executesql INSERT with a parameter of every type: one row each"

is "$(py "$connect
for row in (row1, row2, row3):
    cur.execute('SELECT K, B, BI, D, F, NV, VC, VB, DT, TM, DT2, DTO, G, M FROM dbo.RpcTypes WHERE K = %s', (row[0],))
    got = cur.fetchall()
    expected = tuple(bytes(v) if isinstance(v, (bytes, bytearray)) else v for v in row)
    print(len(got) == 1 and tuple(got[0]) == expected or (got, expected))
")" $'True\nTrue\nTrue' "every value read back compares equal in Python (unicode outside the BMP, quotes, extremes, NULLs)"

is "$(py "$connect
for value in row1[1:] + row2[1:]:
    cur.execute('SELECT %s', (value,))
    got = cur.fetchone()[0]
    expected = bytes(value) if isinstance(value, (bytes, bytearray)) else value
    if got != expected:
        print('mismatch', repr(value), repr(got))
print('done')
")" "done" "SELECT %s returns each parameter value unchanged"

is "$(py "$connect
cur.execute('SELECT K FROM dbo.RpcTypes WHERE NV = %s OR G = %s ORDER BY K', ('Zoë 😀 \"quoted\" ''single''', uuid.UUID(int=0)))
print(cur.fetchall())
cur.execute('SELECT TOP (%s) K FROM dbo.RpcTypes WHERE BI > %s AND DT >= %s ORDER BY K', (1, -100, datetime.date(1, 1, 1)))
print(cur.fetchall())
cur.execute('SELECT count(*) FROM dbo.RpcTypes WHERE DTO = %s', (datetime.datetime(2025, 1, 1, 3, 30, 0, 500000, tzinfo=datetime.timezone.utc),))
print(cur.fetchall())
")" $'[(1,), (2,)]\n[(1,)]\n[(1,)]' "parameters in WHERE and TOP; a datetimeoffset compares as an instant"

is "$(py "$connect
cur.execute('UPDATE dbo.RpcTypes SET NV = %s WHERE K IN (%s, %s)', ('changed', 2, 3))
print(cur.rowcount)
cur.execute('SELECT NV FROM dbo.RpcTypes WHERE K = %s; SELECT count(*) FROM dbo.RpcTypes WHERE NV = %s', (3, 'changed'))
print(cur.fetchall())
cur.nextset()
print(cur.fetchall())
")" $'2\n[(\'changed\',)]\n[(2,)]' "UPDATE counts rows; two statements in one sp_executesql give two result sets"

is "$(py "$connect
for sql, args in (('SELECT * FROM dbo.NoSuch WHERE K = %s', (1,)),
                  ('INSERT INTO dbo.RpcTypes (K) VALUES (%s)', (1,)),
                  ('INSERT INTO dbo.RpcTypes (K) VALUES (%s)', (None,)),
                  ('SELECT NoSuchColumn FROM dbo.RpcTypes WHERE K = %s', (1,))):
    try:
        cur.execute(sql, args)
        print('no error')
    except pytds.Error as e:
        print(e.number)
cur.execute('SELECT %s', (5,))
print(cur.fetchall())
")" $'208\n2627\n515\n207\n[(5,)]' "errors raised with SQL Server's numbers (208, 2627, 515, 207); the connection stays usable"

is "$(py "$connect
cur.execute('SELECT K FROM dbo.RpcTypes WHERE K = @k', {'k': 2})
print(cur.fetchall())
try:
    cur.execute('SELECT @a + @b', {'a': 1})
except pytds.Error as e:
    print(e.number, e)
")" $'[(2,)]\n137 Must declare the scalar variable "@B".' "named parameters; an undeclared variable is error 137"
done_testing
