#!/usr/bin/env bash
# rowversion / timestamp columns, @@DBTS and MIN_ACTIVE_ROWVERSION() as SQL
# Server has them: one database-wide counter, binary(8), a new value on every
# insert and update; the oldest value an open transaction holds bounds
# MIN_ACTIVE_ROWVERSION(). Runs against a real SQL Server too.
source "$(dirname "$0")/../../integration/lib.sh"
require_mssql

for t in RvA RvB; do mssql "IF OBJECT_ID('dbo.$t') IS NOT NULL DROP TABLE dbo.$t" >/dev/null; done
mssql "CREATE TABLE dbo.RvA (Id int NOT NULL PRIMARY KEY, Label nvarchar(10), RV rowversion)" >/dev/null
mssql "CREATE TABLE dbo.RvB (Id int NOT NULL PRIMARY KEY, Stamp timestamp NOT NULL)" >/dev/null

start=$(mssql "SELECT CONVERT(bigint, @@DBTS)")
like "$start" '^[0-9]+$' "@@DBTS is a number (binary(8) converted)"
is "$(mssql "SELECT CONVERT(bigint, MIN_ACTIVE_ROWVERSION()) - CONVERT(bigint, @@DBTS)")" "1" "with no open transaction MIN_ACTIVE_ROWVERSION() is @@DBTS + 1"
mssql "INSERT INTO dbo.RvA (Id, Label) VALUES (1, N'a'), (2, N'b')" >/dev/null
mssql "INSERT INTO dbo.RvB (Id) VALUES (1)" >/dev/null
is "$(mssql "SELECT Id, CONVERT(bigint, RV) - $start FROM dbo.RvA ORDER BY Id" | tr '\t\n' ': ')" "1:1 2:2 " "each inserted row gets the next value of the counter"
is "$(mssql "SELECT CONVERT(bigint, Stamp) - $start FROM dbo.RvB")" "3" "one counter for the whole database (timestamp is rowversion's old name)"
is "$(mssql "SELECT DATALENGTH(RV) FROM dbo.RvA WHERE Id = 1")" "8" "a rowversion is 8 bytes"
mssql "UPDATE dbo.RvA SET Label = N'a' WHERE Id = 1" >/dev/null
is "$(mssql "SELECT Id, CONVERT(bigint, RV) - $start FROM dbo.RvA ORDER BY Id" | tr '\t\n' ': ')" "1:4 2:2 " "an update, even to the same value, gives the row a new value; other rows keep theirs"
is "$(mssql "SELECT CONVERT(bigint, @@DBTS) - $start")" "4" "@@DBTS is the last value used"
is "$(mssql "SELECT count(*) FROM dbo.RvA WHERE RV > 0x0000000000000000 AND RV < MIN_ACTIVE_ROWVERSION()")" "2" "rowversion values compare as binary(8) against MIN_ACTIVE_ROWVERSION()"
is "$(mssql "SELECT name, system_type_id, max_length, is_nullable FROM sys.columns WHERE object_id = OBJECT_ID('dbo.RvA') AND name = 'RV'" | tr '\t' ':')" \
   "RV:189:8:False" "sys.columns: system_type_id 189 (timestamp), 8 bytes, not nullable"
like "$(mssql "INSERT INTO dbo.RvA VALUES (3, N'c', 0x01)" 2>&1)" "error 273: Cannot insert an explicit value into a timestamp column" "an explicit value is refused (error 273)"
like "$(mssql "UPDATE dbo.RvA SET RV = 0x01 WHERE Id = 1" 2>&1)" "error 272: Cannot update a timestamp column" "an update of the column is refused (error 272)"

# --- an open transaction holds MIN_ACTIVE_ROWVERSION() back until it commits ------------------
before=$(mssql "SELECT CONVERT(bigint, @@DBTS)")
mssql_open_transaction "UPDATE dbo.RvA SET Label = N'open' WHERE Id = 2" 4
writer=$!
sleep 1.5
mssql "INSERT INTO dbo.RvB (Id) VALUES (2)" >/dev/null
is "$(mssql "SELECT CONVERT(bigint, MIN_ACTIVE_ROWVERSION()) - $before")" "1" "while a transaction that used value N is open, MIN_ACTIVE_ROWVERSION() is N"
is "$(mssql "SELECT CONVERT(bigint, @@DBTS) - $before")" "2" "... although a later value was committed meanwhile"
is "$(mssql "SELECT count(*) FROM dbo.RvB WHERE Stamp >= MIN_ACTIVE_ROWVERSION()")" "1" "so a reader bounded by it leaves the later committed row for later"
wait $writer
is "$(mssql "SELECT CONVERT(bigint, MIN_ACTIVE_ROWVERSION()) - CONVERT(bigint, @@DBTS)")" "1" "after the commit it is @@DBTS + 1 again"
is "$(mssql "SELECT Label, CONVERT(bigint, RV) - $before FROM dbo.RvA WHERE Id = 2" | tr '\t' ':')" "open:1" "the committed row carries the value it drew while open"
done_testing
