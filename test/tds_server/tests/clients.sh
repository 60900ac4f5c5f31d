#!/usr/bin/env bash
# Clients nobody here wrote, against the TDS test server: FreeTDS tsql and
# python3-tds, checking logins, result values of several types and error numbers.
source "$(dirname "$0")/../../integration/lib.sh"
require_mssql
[[ "${MSSQL_IS_TEST_SERVER:-0}" == 1 ]] || skip_all "tests of the TDS test server itself"

source "$(dirname "$0")/tsql_client.bash"

mssql "IF OBJECT_ID('dbo.ClientCheck') IS NOT NULL DROP TABLE dbo.ClientCheck" >/dev/null
mssql "CREATE TABLE dbo.ClientCheck (Id int NOT NULL PRIMARY KEY, Name nvarchar(30), Amount decimal(10,3), At datetime2(3), G uniqueidentifier, B varbinary(10), Flag bit)" >/dev/null
mssql "INSERT INTO dbo.ClientCheck VALUES (1, N'Zoë 😀', -12.345, '2024-03-04 05:06:07.890', '6F9619FF-8B86-D011-B42D-00C04FC964FF', 0x0102FF, 1), (2, NULL, NULL, NULL, NULL, NULL, NULL)" >/dev/null

out=$(tsql_run "SELECT Id, Name, Amount, G, Flag FROM dbo.ClientCheck ORDER BY Id")
like "$out" $'1\tZoë 😀\t-12.345\t6F9619FF-8B86-D011-B42D-00C04FC964FF\t1' "tsql: unicode outside the BMP, decimal, uniqueidentifier byte order, bit"
like "$out" $'2\tNULL\tNULL\tNULL\tNULL' "tsql: NULLs"
like "$(tsql_run "SELECT @@VERSION")" 'Microsoft SQL Server' "tsql: @@VERSION names Microsoft SQL Server (tds_fdw checks this)"
like "$(tsql_run "SELECT * FROM dbo.NoSuch")" "Msg 208 \(severity 16" "tsql: a missing table is error 208, class 16"

py() { /usr/bin/python3 -c "$1" 2>&1; }
connect="import os, pytds, datetime, decimal, uuid
c = pytds.connect(server=os.environ['MSSQL_HOST'], port=int(os.environ['MSSQL_PORT']), database=os.environ['MSSQL_DATABASE'], user=os.environ['MSSQL_USER'], password=os.environ['MSSQL_PASSWORD'], autocommit=True)
cur = c.cursor()"
is "$(py "$connect
cur.execute('SELECT Id, Name, Amount, At, G, B, Flag FROM dbo.ClientCheck WHERE Id = 1')
row = cur.fetchone()
print(row == (1, 'Zoë 😀', decimal.Decimal('-12.345'), datetime.datetime(2024, 3, 4, 5, 6, 7, 890000), uuid.UUID('6F9619FF-8B86-D011-B42D-00C04FC964FF'), b'\x01\x02\xff', True), row)")" \
   "True (1, 'Zoë 😀', Decimal('-12.345'), datetime.datetime(2024, 3, 4, 5, 6, 7, 890000), UUID('6f9619ff-8b86-d011-b42d-00c04fc964ff'), b'\x01\x02\xff', True)" \
   "python3-tds: every value of the row compares equal in Python"
is "$(py "$connect
try:
    cur.execute('SELECT * FROM dbo.NoSuch')
except pytds.Error as e:
    print(e.number, e)")" "208 Invalid object name 'dbo.nosuch'." "python3-tds: error 208 raised with its number"
is "$(py "import os, pytds
try:
    pytds.connect(server=os.environ['MSSQL_HOST'], port=int(os.environ['MSSQL_PORT']), user=os.environ['MSSQL_USER'], password='wrong')
except pytds.Error as e:
    print(e.number, e)")" "18456 Login failed for user '$MSSQL_USER'." "python3-tds: a wrong password is error 18456"
mssql "EXEC tds_test_fault @kind = 'refuse_logins', @count = 1" >/dev/null
is "$(py "$connect
print('connected')" | tail -1)" "pytds.tds_base.OperationalError: Login failed for user '$MSSQL_USER'." "fault refuse_logins: the next login fails with 18456"
is "$(py "$connect
print('connected')")" "connected" "fault refuse_logins: only the next N logins"

# tds_fdw: a foreign table over a test-server table returns the right rows.
# (tds_fdw's FreeTDS uses its default client charset unless freetds.conf sets
# "client charset = UTF-8", so this data stays ASCII.)
mssql "IF OBJECT_ID('dbo.TdsFdwCheck') IS NOT NULL DROP TABLE dbo.TdsFdwCheck" >/dev/null
mssql "CREATE TABLE dbo.TdsFdwCheck (Id int NOT NULL PRIMARY KEY, Name nvarchar(30), Amount decimal(10,3), Flag bit)" >/dev/null
mssql "INSERT INTO dbo.TdsFdwCheck VALUES (1, N'Zoe', -12.345, 1), (2, NULL, NULL, NULL)" >/dev/null
pg -c "SET client_min_messages = warning; CREATE EXTENSION IF NOT EXISTS tds_fdw; DROP SERVER IF EXISTS tds_check CASCADE;
       CREATE SERVER tds_check FOREIGN DATA WRAPPER tds_fdw OPTIONS (servername '$MSSQL_HOST', port '$MSSQL_PORT', database '$MSSQL_DATABASE', tds_version '7.4');
       CREATE USER MAPPING FOR CURRENT_USER SERVER tds_check OPTIONS (username '$MSSQL_USER', password '$MSSQL_PASSWORD');
       CREATE FOREIGN TABLE client_check_tds (id int, name text, amount numeric, flag boolean) SERVER tds_check OPTIONS (table_name 'dbo.TdsFdwCheck')" 2>/dev/null
is "$(pg -c "SET client_min_messages = warning; SELECT string_agg(concat_ws('|', id, coalesce(name, 'NULL'), coalesce(amount::text, 'NULL'), coalesce(flag::text, 'NULL')), ' ' ORDER BY id) FROM client_check_tds")" \
   "1|Zoe|-12.345|true 2|NULL|NULL|NULL" "tds_fdw: a foreign table over a test-server table returns the right rows"
pg -c "DROP SERVER tds_check CASCADE" 2>/dev/null
like "$(tsql_run "SELECT id, NAME FROM dbo.ClientCheck WHERE Id = 1")" $'id\tNAME' "result columns are named as the select list spells them"
done_testing
