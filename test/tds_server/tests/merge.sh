#!/usr/bin/env bash
# MERGE, OUTPUT $action, table variables, IDENTITY_INSERT, SQL Server error
# numbers and the deadlock fault of the TDS test server, through clients nobody
# here wrote (python3-tds and FreeTDS tsql). The MERGE batch is the one
# mssql_upsert_push sends per chunk (src/sqlgen/tsql_merge_sql.cpp).
source "$(dirname "$0")/../../integration/lib.sh"
require_mssql
[[ "${MSSQL_IS_TEST_SERVER:-0}" == 1 ]] || skip_all "tests of the TDS test server itself"

source "$(dirname "$0")/tsql_client.bash"
mssql_err() { mssql "$@" 2>&1; }

mssql "IF OBJECT_ID('dbo.MergeT') IS NOT NULL DROP TABLE dbo.MergeT
IF OBJECT_ID('dbo.MergeSrc') IS NOT NULL DROP TABLE dbo.MergeSrc
CREATE TABLE dbo.MergeT (Id int NOT NULL PRIMARY KEY, A int NULL, S nvarchar(20) NULL, B varbinary(10) NULL)
CREATE TABLE dbo.MergeSrc (Id int NOT NULL, A int NULL, S nvarchar(20) NULL, B varbinary(10) NULL)
INSERT INTO dbo.MergeT VALUES (1, 1, N'same', 0x01), (2, 2, N'b', NULL), (3, NULL, N'c', NULL), (4, 4, N'd', NULL), (5, 5, N'e', NULL), (6, 6, N'f', 0x01)
INSERT INTO dbo.MergeSrc VALUES (1, 1, N'same', 0x01), (2, 20, N'b', NULL), (3, 3, N'c', NULL), (4, 4, NULL, NULL), (5, 5, N'E', NULL), (6, 6, N'f', 0x0100), (7, 7, N'Zoë 😀', NULL), (8, NULL, NULL, NULL)" >/dev/null

# The push's SQL as the extension builds it (src/sqlgen/tsql_merge_sql), so these
# tests run what mssql_upsert_push really sends.
PUSH_SQL=${MSSQL_UPSERT_BUILD_DIR:-$(cd "$(dirname "$0")/../../.." && pwd)/build}/test/tds_server/push_sql
[[ -x "$PUSH_SQL" ]] || { echo "Bail out! $PUSH_SQL is not built (cmake --build build --target push_sql)"; exit 1; }
merge_columns=(Id=int:key A=int S=nvarchar B=varbinary)
staging_create=$("$PUSH_SQL" staging-create dbo.MergeT '#stg_MergeT_w0' "${merge_columns[@]}")
push_batch=$("$PUSH_SQL" merge-batch dbo.MergeT '#stg_MergeT_w0' "${merge_columns[@]}")
duplicate_probe=$("$PUSH_SQL" duplicate-probe dbo.MergeT '#stg_MergeT_w0' "${merge_columns[@]}")
# One connection: the #temp staging table as the push makes it, filled from
# dbo.MergeSrc, then the given push statement.
staged() { # statement
  printf '%s\nINSERT INTO [#stg_MergeT_w0] SELECT Id, A, S, B FROM dbo.MergeSrc\n%s' "$staging_create" "$1"
}

is "$(mssql "$(staged "$push_batch")")" $'2\t5' "push MERGE: 2 inserted, 5 updated (a value, NULL to value, value to NULL, case, 0x01 -> 0x0100), 1 unchanged"
is "$(mssql "SELECT Id, A, S, B FROM dbo.MergeT ORDER BY Id" | tr '\n' ' ')" \
   "1	1	same	b'\\x01' 2	20	b	\\N 3	3	c	\\N 4	4	\\N	\\N 5	5	E	\\N 6	6	f	b'\\x01\\x00' 7	7	Zoë 😀	\\N 8	\\N	\\N	\\N " \
   "the target holds the source's values"
is "$(mssql "$(staged "$push_batch")")" $'0\t0' "the same MERGE again changes nothing"
is "$(tsql_run "$(staged "$push_batch")" | grep -E '^[0-9]')" $'0\t0' "tsql: the push batch returns its counts"
is "$(mssql_err "$(staged "$duplicate_probe")")" "" "duplicate key probe: no duplicates (and no error)"
mssql "INSERT INTO dbo.MergeSrc VALUES (2, 21, N'b2', NULL), (2, 22, N'b3', NULL)" >/dev/null
is "$(mssql "$(staged "$duplicate_probe")")" "2" "duplicate key probe: names the duplicated key"
is "$(mssql_err "$(staged "$push_batch")")" \
   "error 8672: The MERGE statement attempted to UPDATE or DELETE the same row more than once. This happens when a target row matches more than one source row. A MERGE statement cannot UPDATE/DELETE the same row of the target table multiple times. Refine the ON clause to ensure a target row matches at most one source row, or use the GROUP BY clause to group the source rows." \
   "a target row changed by two source rows: error 8672"
is "$(mssql "SELECT A FROM dbo.MergeT WHERE Id = 2")" "20" "... and the MERGE changed nothing"
mssql "DELETE FROM dbo.MergeSrc WHERE A IN (21, 22)" >/dev/null

# OUTPUT without INTO is a result set; @@ROWCOUNT counts every action.
is "$(mssql "MERGE dbo.MergeT AS t USING (SELECT 2 AS Id, 22 AS A UNION ALL SELECT 9, 90) AS s ON t.Id = s.Id
  WHEN MATCHED THEN UPDATE SET A = s.A WHEN NOT MATCHED THEN INSERT (Id, A) VALUES (s.Id, s.A)
  WHEN NOT MATCHED BY SOURCE AND t.Id = 8 THEN DELETE
  OUTPUT \$action, inserted.Id, deleted.A AS OldA; SELECT @@ROWCOUNT" | sort | tr '\n' ' ')" \
   "3 DELETE	\\N	\\N INSERT	9	\\N UPDATE	2	20 " "OUTPUT \$action, inserted.x, deleted.x AS alias; NOT MATCHED BY SOURCE; @@ROWCOUNT 3"
like "$(tsql_run "MERGE dbo.MergeT AS t USING (SELECT 9 AS Id) AS s ON t.Id = s.Id WHEN MATCHED THEN DELETE OUTPUT \$action, deleted.*;")" \
   $'\\$action\tId\tA\tS\tB.*DELETE\t9\t90\tNULL\tNULL' "tsql: OUTPUT columns named \$action and the declared column names"
is "$(mssql "SELECT COUNT(*) FROM dbo.MergeT")" "7" "deleted rows are gone"

# Table variables live for their batch; scalar variables too.
is "$(mssql_err "SELECT * FROM @merge_actions")" 'error 1087: Must declare the table variable "@MERGE_ACTIONS".' \
   "a table variable is gone after its batch (1087)"
is "$(mssql "DECLARE @v TABLE (k int NOT NULL, note nvarchar(10)); INSERT INTO @v VALUES (1, N'x'), (2, NULL); SELECT k, note FROM @v ORDER BY k" | tr '\n' ' ')" \
   "1	x 2	\\N " "INSERT INTO @v and SELECT FROM @v"
is "$(mssql "DECLARE @x int = 41; SET @x = @x + 1; DECLARE @s nvarchar(10) = N'a''b'; SELECT @x, @s")" $'42\ta\'b' \
   "scalar variables: DECLARE with a value, SET, use"
is "$(mssql_err "SELECT @nope")" 'error 137: Must declare the scalar variable "@NOPE".' "an undeclared scalar is error 137"

# IDENTITY and IDENTITY_INSERT
mssql "IF OBJECT_ID('dbo.IdT') IS NOT NULL DROP TABLE dbo.IdT
IF OBJECT_ID('dbo.IdU') IS NOT NULL DROP TABLE dbo.IdU
IF OBJECT_ID('dbo.IdSrc') IS NOT NULL DROP TABLE dbo.IdSrc
CREATE TABLE dbo.IdT (Id int IDENTITY(100, 10) NOT NULL PRIMARY KEY, Name nvarchar(10) NOT NULL)
CREATE TABLE dbo.IdU (Id bigint IDENTITY NOT NULL PRIMARY KEY, Name nvarchar(10))
CREATE TABLE dbo.IdSrc (Id int NOT NULL, Name nvarchar(10) NOT NULL)
INSERT INTO dbo.IdT (Name) VALUES (N'a'), (N'b')" >/dev/null
is "$(mssql "SELECT Id, Name FROM dbo.IdT ORDER BY Id" | tr '\n' ' ')" "100	a 110	b " "IDENTITY(100, 10) generates values"
is "$(mssql_err "INSERT INTO dbo.IdT (Id, Name) VALUES (5, N'x')")" \
   "error 544: Cannot insert explicit value for identity column in table 'IdT' when IDENTITY_INSERT is set to OFF." \
   "an explicit identity value without IDENTITY_INSERT: error 544"
is "$(mssql "SET IDENTITY_INSERT dbo.IdT ON; INSERT INTO dbo.IdT (Id, Name) VALUES (500, N'x'); SET IDENTITY_INSERT dbo.IdT OFF; INSERT INTO dbo.IdT (Name) VALUES (N'y'); SELECT Id FROM dbo.IdT WHERE Name IN (N'x', N'y') ORDER BY Id" | tr '\n' ' ')" \
   "500 510 " "IDENTITY_INSERT ON takes an explicit value; the identity continues after it"
is "$(mssql_err "SET IDENTITY_INSERT dbo.IdT ON; SET IDENTITY_INSERT dbo.IdU ON")" \
   "error 8107: IDENTITY_INSERT is already ON for table '$MSSQL_DATABASE.dbo.IdT'. Cannot perform SET operation for table 'IdU'." \
   "IDENTITY_INSERT is ON for one table at a time (8107)"
is "$(mssql_err "SET IDENTITY_INSERT dbo.MergeSrc ON")" \
   "error 8106: Table 'MergeSrc' does not have the identity property. Cannot perform SET operation." "a table without identity: 8106"
is "$(mssql_err "SET IDENTITY_INSERT dbo.IdT ON; INSERT INTO dbo.IdT VALUES (7, N'z')")" \
   "error 8101: An explicit value for the identity column in table 'IdT' can only be specified when a column list is used and IDENTITY_INSERT is ON." \
   "IDENTITY_INSERT ON needs a column list (8101)"
mssql "INSERT INTO dbo.IdSrc VALUES (100, N'a2'), (900, N'new')" >/dev/null
id_columns=(Id=int:key:identity Name=nvarchar)
id_merge="$("$PUSH_SQL" staging-create dbo.IdT '#stg_IdT_w0' "${id_columns[@]}")
INSERT INTO [#stg_IdT_w0] (Id, Name) SELECT Id, Name FROM dbo.IdSrc
$("$PUSH_SQL" merge-batch dbo.IdT '#stg_IdT_w0' "${id_columns[@]}")"
is "$(mssql "$id_merge")" $'1\t1' "push MERGE with IDENTITY_INSERT around it: explicit keys land"
is "$(mssql "INSERT INTO dbo.IdT (Name) VALUES (N'after'); SELECT Id, Name FROM dbo.IdT WHERE Id >= 100 AND Name <> N'b' AND Name <> N'x' AND Name <> N'y' ORDER BY Id" | tr '\n' ' ')" \
   "100	a2 900	new 910	after " "... and the identity continues after the largest key"
is "$(mssql_err "MERGE dbo.IdT AS t USING dbo.IdSrc AS s ON t.Id = s.Id WHEN NOT MATCHED THEN INSERT (Id, Name) VALUES (s.Id + 1, s.Name);")" \
   "error 544: Cannot insert explicit value for identity column in table 'IdT' when IDENTITY_INSERT is set to OFF." \
   "MERGE inserting an explicit identity value without IDENTITY_INSERT: 544"

# SQL Server's error numbers where MERGE and INSERT meet them
is "$(mssql_err "INSERT INTO dbo.MergeT (Id, A) VALUES (1, 1)")" \
   "error 2627: Violation of PRIMARY KEY constraint 'merget_pkey'. Cannot insert duplicate key in object 'dbo.MergeT'. The duplicate key value is (1)." \
   "duplicate primary key: 2627, the table named as declared"
is "$(mssql_err "MERGE dbo.IdT AS t USING (SELECT 1 AS Id) AS s ON t.Id = s.Id WHEN NOT MATCHED THEN INSERT (Name) VALUES (NULL);")" \
   "error 515: Cannot insert the value NULL into column 'Name', table '$MSSQL_DATABASE.dbo.IdT'; column does not allow nulls. INSERT fails." \
   "NULL into NOT NULL: 515"
is "$(mssql_err "MERGE dbo.MergeT AS t USING (SELECT 1 AS Id) AS s ON t.Id = s.Id WHEN MATCHED THEN UPDATE SET S = N'this is far longer than twenty';")" \
   "error 8152: String or binary data would be truncated." "a too long string: 8152"
is "$(mssql_err "SELECT CAST(N'abc' AS int)")" "error 245: Conversion failed when converting the nvarchar value 'abc' to data type int." \
   "a failed conversion to int: 245"
is "$(mssql_err "SELECT CAST(N'abc' AS decimal(10,2))")" "error 8114: Error converting data type nvarchar to numeric." \
   "a failed conversion to decimal: 8114"
is "$(mssql "SELECT Id, A FROM dbo.MergeT WHERE Id = 1")" $'1\t1' "failed statements changed nothing"

# Deadlock injection: the next N MERGEs are victims; the batch and its transaction end.
counter_merge="MERGE dbo.MergeT WITH (TABLOCK) AS t USING (SELECT 1 AS Id) AS s ON t.Id = s.Id WHEN MATCHED THEN UPDATE SET A = t.A + 1;"
mssql "EXEC tds_test_fault @kind = 'deadlock', @count = 2" >/dev/null
like "$(mssql_err "$counter_merge")" \
   "^error 1205: Transaction \(Process ID [0-9]+\) was deadlocked on lock resources with another process and has been chosen as the deadlock victim. Rerun the transaction.$" \
   "injected deadlock: error 1205 with SQL Server's text"
is "$(mssql_err "BEGIN TRAN; INSERT INTO dbo.MergeT (Id) VALUES (50); $counter_merge SELECT 'not reached'" | sed -E 's/Process ID [0-9]+/Process ID n/')" \
   "error 1205: Transaction (Process ID n) was deadlocked on lock resources with another process and has been chosen as the deadlock victim. Rerun the transaction." \
   "the second MERGE is a victim too; the rest of its batch does not run"
is "$(mssql "SELECT @@TRANCOUNT; SELECT COUNT(*) FROM dbo.MergeT WHERE Id = 50" | tr '\n' ' ')" "0 0 " \
   "the victim's transaction was rolled back (@@TRANCOUNT 0, its INSERT undone)"
is "$(mssql "$counter_merge SELECT @@ROWCOUNT; SELECT A FROM dbo.MergeT WHERE Id = 1" | tr '\n' ' ')" "1 2 " \
   "the next MERGE works"
is "$(mssql_err "BEGIN TRAN; INSERT INTO dbo.MergeT (Id) VALUES (51); MERGE dbo.MergeT AS t USING (SELECT 2 AS Id UNION ALL SELECT 2) AS s ON t.Id = s.Id WHEN MATCHED THEN DELETE; COMMIT; SELECT COUNT(*) FROM dbo.MergeT WHERE Id IN (2, 51)")" \
   "error 8672: The MERGE statement attempted to UPDATE or DELETE the same row more than once. This happens when a target row matches more than one source row. A MERGE statement cannot UPDATE/DELETE the same row of the target table multiple times. Refine the ON clause to ensure a target row matches at most one source row, or use the GROUP BY clause to group the source rows." \
   "a failed MERGE inside a transaction..."
is "$(mssql "SELECT COUNT(*) FROM dbo.MergeT WHERE Id IN (2, 51); SELECT @@TRANCOUNT" | tr '\n' ' ')" "2 0 " \
   "... undoes only itself: the transaction goes on and commits"

# Two sessions MERGE WITH (TABLOCK) at once: the second waits for the first's
# transaction, and both increments land.
is "$(/usr/bin/python3 - <<'PY' 2>&1
import os, threading, time, pytds
def connect():
    return pytds.connect(server=os.environ['MSSQL_HOST'], port=int(os.environ['MSSQL_PORT']), database=os.environ['MSSQL_DATABASE'],
                         user=os.environ['MSSQL_USER'], password=os.environ['MSSQL_PASSWORD'], autocommit=True)
merge = "MERGE dbo.MergeT WITH (TABLOCK) AS t USING (SELECT 3 AS Id) AS s ON t.Id = s.Id WHEN MATCHED THEN UPDATE SET A = t.A * 10 + %d;"
first, second = connect(), connect()
c1 = first.cursor()
c1.execute("SELECT A FROM dbo.MergeT WHERE Id = 3"); before = c1.fetchall()[0][0]
c1.execute("BEGIN TRAN; " + merge % 1)
waited = []
def other():
    start = time.time()
    second.cursor().execute(merge % 2)
    waited.append(time.time() - start)
t = threading.Thread(target=other); t.start()
time.sleep(1.5)
c1.execute("COMMIT"); t.join()
c1.execute("SELECT A FROM dbo.MergeT WHERE Id = 3")
print(before, c1.fetchall()[0][0], waited[0] > 1.0)
PY
)" "3 312 True" "concurrent MERGE WITH (TABLOCK): the second queues behind the first's transaction, both apply in order"

# A real deadlock in the backend: both sessions hold a row, then each wants the
# other's (the MERGE's table lock waits for the other's row update). PostgreSQL
# picks a victim; that session sees SQL Server's 1205 and its transaction ends.
is "$(/usr/bin/python3 - <<'PY' 2>&1
import os, threading, time, pytds
def connect():
    return pytds.connect(server=os.environ['MSSQL_HOST'], port=int(os.environ['MSSQL_PORT']), database=os.environ['MSSQL_DATABASE'],
                         user=os.environ['MSSQL_USER'], password=os.environ['MSSQL_PASSWORD'], autocommit=True)
a, b = connect(), connect()
a.cursor().execute("BEGIN TRAN; UPDATE dbo.MergeT SET A = 1000 WHERE Id = 4")
b.cursor().execute("BEGIN TRAN; UPDATE dbo.MergeT SET A = 2000 WHERE Id = 5")
results = {}
def run(name, conn, sql):
    try:
        conn.cursor().execute(sql)
        results[name] = 'ok'
    except pytds.Error as e:
        results[name] = str(e.number)
ta = threading.Thread(target=run, args=('a', a, "MERGE dbo.MergeT AS t USING (SELECT 5 AS Id) AS s ON t.Id = s.Id WHEN MATCHED THEN UPDATE SET A = 1001;"))
ta.start(); time.sleep(0.5)
tb = threading.Thread(target=run, args=('b', b, "UPDATE dbo.MergeT SET A = 2001 WHERE Id = 4"))
tb.start(); ta.join(); tb.join()
for conn in (a, b):
    cur = conn.cursor(); cur.execute("SELECT @@TRANCOUNT"); n = cur.fetchall()[0][0]
    if n: cur.execute("COMMIT")
print(sorted(results.values()))
PY
)" "['1205', 'ok']" "a real backend deadlock: one session is the victim with 1205, the other goes on"
done_testing
