#!/usr/bin/env bash
# python-tds in its default mode (autocommit off) drives transactions with
# transaction-manager requests (TDS message type 0x0E): rollback must undo,
# commit must keep, and the connection goes on. Runs against a real SQL
# Server too.
source "$(dirname "$0")/../../integration/lib.sh"
require_mssql

mssql "IF OBJECT_ID('dbo.TmItems') IS NOT NULL DROP TABLE dbo.TmItems" >/dev/null
mssql "CREATE TABLE dbo.TmItems (Id int NOT NULL PRIMARY KEY, Label nvarchar(20))" >/dev/null

py() { /usr/bin/python3 -c "$1" 2>&1; }
connect="import os, pytds
c = pytds.connect(server=os.environ['MSSQL_HOST'], port=int(os.environ['MSSQL_PORT']), database=os.environ['MSSQL_DATABASE'],
                  user=os.environ['MSSQL_USER'], password=os.environ['MSSQL_PASSWORD'])
cur = c.cursor()"

is "$(py "$connect
cur.execute(\"INSERT INTO dbo.TmItems VALUES (1, N'rolled back')\")
cur.execute('SELECT COUNT(*) FROM dbo.TmItems')
print(cur.fetchone()[0])
c.rollback()
cur.execute('SELECT COUNT(*) FROM dbo.TmItems')
print(cur.fetchone()[0])
cur.execute(\"INSERT INTO dbo.TmItems VALUES (2, N'committed')\")
c.commit()
cur.execute(\"INSERT INTO dbo.TmItems VALUES (3, N'left open')\")
c.close()
")" $'1\n0' "autocommit off: the insert is seen in its transaction, and rollback undoes it"
is "$(mssql_rows "SELECT Id, Label FROM dbo.TmItems ORDER BY Id")" "2:committed" \
   "commit keeps its row; a transaction left open at close is rolled back"
is "$(py "$connect
cur.execute('SELECT @@TRANCOUNT')
print(cur.fetchone()[0])
cur.execute(\"INSERT INTO dbo.TmItems VALUES (2, N'duplicate')\")
" | grep -oE '^[0-9]+$|Violation of PRIMARY KEY constraint')" $'1\nViolation of PRIMARY KEY constraint' \
   "inside the driver's transaction @@TRANCOUNT is 1, and a duplicate key is SQL Server's error"
is "$(py "$connect
c.autocommit = True
cur.execute('SELECT @@TRANCOUNT')
print(cur.fetchone()[0])
")" "0" "switched to autocommit, no transaction is open"

mssql "DROP TABLE dbo.TmItems" >/dev/null
done_testing
