#!/usr/bin/env bash
# The DDL a schema is made with (column and table UNIQUE, named CONSTRAINTs,
# DEFAULT expressions, CREATE [UNIQUE] INDEX ... INCLUDE (...) WHERE ...) and
# the catalog that describes it as SQL Server does: sys.default_constraints,
# sys.key_constraints, sys.indexes with filters, sys.index_columns with
# included columns, sys.computed_columns and sys.identity_columns.
source "$(dirname "$0")/../../integration/lib.sh"
require_mssql
[[ "${MSSQL_IS_TEST_SERVER:-0}" == 1 ]] || skip_all "tests of the TDS test server itself"
mssql_err() { mssql "$@" 2>&1; }

mssql "IF OBJECT_ID('dbo.DdlProbe') IS NOT NULL DROP TABLE dbo.DdlProbe" >/dev/null
mssql "CREATE TABLE dbo.DdlProbe (Id int IDENTITY(5,2) NOT NULL CONSTRAINT PK_DdlProbe PRIMARY KEY CLUSTERED,
  Code nvarchar(10) NOT NULL UNIQUE, Qty int CONSTRAINT DF_Probe_Qty DEFAULT 0 NOT NULL, At datetime2(3) DEFAULT getdate(),
  Ofs datetimeoffset DEFAULT (sysdatetimeoffset()), G uniqueidentifier DEFAULT newid(), Note nvarchar(5) DEFAULT N'it''s',
  Total AS (Qty * 2), S nvarchar(20), CONSTRAINT UQ_Probe UNIQUE NONCLUSTERED (S, Qty))" >/dev/null
is "$(mssql_err "CREATE NONCLUSTERED INDEX [IX Probe] ON dbo.DdlProbe (S DESC, At) INCLUDE (G) WHERE S = N'x' AND Qty > 0")" "" \
   "CREATE INDEX with DESC, INCLUDE and a filter is accepted"
is "$(mssql_err "CREATE UNIQUE INDEX UX_Probe_Note ON dbo.DdlProbe (Note)")" "" "CREATE UNIQUE INDEX is accepted"

is "$(mssql "SELECT name, parent_column_id, definition, is_system_named FROM sys.default_constraints
  WHERE parent_object_id = OBJECT_ID('dbo.DdlProbe') ORDER BY parent_column_id" | sed 's/^DF__DdlProbe__[A-Za-z]*__[0-9A-F]*/DF__system/')" \
   "$(printf '%s\n' $'DF_Probe_Qty\t3\t((0))\tFalse' $'DF__system\t4\t(getdate())\tTrue' \
      $'DF__system\t5\t(sysdatetimeoffset())\tTrue' $'DF__system\t6\t(newid())\tTrue' $'DF__system\t7\t(N\'it\'\'s\')\tTrue')" \
   "sys.default_constraints: names (declared or system), columns and definitions as SQL Server writes them"
is "$(mssql "SELECT COUNT(*) FROM sys.columns c JOIN sys.default_constraints d ON d.object_id = c.default_object_id
  WHERE c.object_id = OBJECT_ID('dbo.DdlProbe')")" "5" "sys.columns.default_object_id names the default constraint"
is "$(mssql "SELECT type_desc FROM sys.objects WHERE name = 'DF_Probe_Qty'")" "DEFAULT_CONSTRAINT" \
   "a default constraint is an object"

is "$(mssql "SELECT k.name, k.type, i.name, k.is_system_named FROM sys.key_constraints k JOIN sys.indexes i
  ON i.object_id = k.parent_object_id AND i.index_id = k.unique_index_id
  WHERE k.parent_object_id = OBJECT_ID('dbo.DdlProbe') AND k.is_system_named = 0 ORDER BY k.name")" \
   $'PK_DdlProbe\tPK\tPK_DdlProbe\tFalse\nUQ_Probe\tUQ\tUQ_Probe\tFalse' \
   "sys.key_constraints: the primary key and the unique constraint with their indexes"
is "$(mssql "SELECT COUNT(*) FROM sys.key_constraints WHERE parent_object_id = OBJECT_ID('dbo.DdlProbe') AND type = 'UQ'
  AND is_system_named = 1")" "1" "sys.key_constraints: the column's UNIQUE is a system-named constraint"

is "$(mssql "SELECT name, is_unique, is_unique_constraint, has_filter, filter_definition FROM sys.indexes
  WHERE object_id = OBJECT_ID('dbo.DdlProbe') AND name IN ('IX Probe', 'UX_Probe_Note', 'UQ_Probe') ORDER BY name")" \
   "$(printf '%s\n' $'IX Probe\tFalse\tFalse\tTrue\t([S]=N\'x\' AND [Qty]>(0))' $'UQ_Probe\tTrue\tTrue\tFalse\t\\N' \
      $'UX_Probe_Note\tTrue\tFalse\tFalse\t\\N')" \
   "sys.indexes: declared names, uniqueness and the filter as SQL Server writes it"
is "$(mssql "SELECT c.name, ic.key_ordinal, ic.is_descending_key, ic.is_included_column FROM sys.indexes i
  JOIN sys.index_columns ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id
  JOIN sys.columns c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
  WHERE i.object_id = OBJECT_ID('dbo.DdlProbe') AND i.name = 'IX Probe' ORDER BY ic.index_column_id")" \
   $'S\t1\tTrue\tFalse\nAt\t2\tFalse\tFalse\nG\t0\tFalse\tTrue' \
   "sys.index_columns: key order, DESC and the included column"
is "$(mssql "SELECT name, definition FROM sys.computed_columns WHERE object_id = OBJECT_ID('dbo.DdlProbe')")" \
   $'Total\t([Qty]*(2))' "sys.computed_columns: the definition as SQL Server writes it"
is "$(mssql "SELECT name, seed_value, increment_value FROM sys.identity_columns WHERE object_id = OBJECT_ID('dbo.DdlProbe')")" \
   $'Id\t5\t2' "sys.identity_columns: seed and increment"

# The constraints behave as SQL Server's: a unique key allows one NULL, the defaults fill in.
mssql "INSERT INTO dbo.DdlProbe (Code, S) VALUES (N'a', NULL)" >/dev/null
like "$(mssql_err "INSERT INTO dbo.DdlProbe (Code, S, Note) VALUES (N'b', NULL, N'z')")" "2627|2601|duplicate|unique" \
   "a unique constraint treats NULLs as equal, as SQL Server does"
is "$(mssql "SELECT Id, Qty, Note, CASE WHEN G IS NULL THEN 0 ELSE 1 END, CASE WHEN At IS NULL THEN 0 ELSE 1 END FROM dbo.DdlProbe")" \
   $'5\t0\tit\'s\t1\t1' "identity seed and the defaults fill the row"
like "$(mssql_err "CREATE INDEX IX_Bad ON dbo.DdlProbe (S) GARBAGE")" "Incorrect syntax near 'GARBAGE'" \
   "CREATE INDEX: anything after the filter is refused"
mssql "DROP TABLE dbo.DdlProbe" >/dev/null
is "$(mssql "SELECT COUNT(*) FROM sys.default_constraints WHERE name = 'DF_Probe_Qty'")" "0" \
   "dropping the table drops its defaults from the catalog"
done_testing
