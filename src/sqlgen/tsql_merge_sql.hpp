// SQL text of a push's SQL Server side: the #temp staging table, the
// duplicate-key probe and the per-chunk MERGE. Names come in unquoted.
//
// Change test. A matched row is updated only when some updatable column
// differs, NULL-safely: (E(target.c) <> E(source.c) OR (target.c IS NULL AND
// source.c IS NOT NULL) OR (target.c IS NOT NULL AND source.c IS NULL)), where E
// depends on the column's type (TsqlChangeTest):
// - Comparable: E(c) = c, for types whose "<>" is exact (numbers, dates, bit,
//   uniqueidentifier, sql_variant).
// - Bytes: E(c) = CAST(c AS varbinary(max)) plus a DATALENGTH comparison, for
//   character types (a case-insensitive or trailing-space-blind collation would
//   call 'abc' and 'ABC ' equal and lose the change), binary types (SQL Server
//   compares binary values as if the shorter were padded with 0x00), and text,
//   ntext, image and CLR types, which have no "<>" at all.
// - XmlText: E(c) = CAST(CAST(c AS nvarchar(max)) AS varbinary(max)): xml has no
//   "<>"; its text is compared exactly, as above.
// EXCEPT-based tests were not used: they compare strings by collation too.
#pragma once

#include "sqlgen/qualified_name.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace mssql_upsert::sqlgen {

enum class TsqlChangeTest { Comparable, Bytes, XmlText };

// The change test for a SQL Server type name as sys.types spells it ("nvarchar",
// "datetime2", "xml", ...); case-insensitive.
TsqlChangeTest tsql_change_test_for_type(std::string_view type_name);

struct TsqlMergeColumn {
  std::string name;
  bool is_key = false;
  bool is_identity = false; // the target's IDENTITY column: inserted, never updated
  TsqlChangeTest change_test = TsqlChangeTest::Comparable;
};

struct TsqlMergeSpec {
  QualifiedName target;                 // unquoted
  std::string staging_table;            // unquoted, "#stg_..."
  std::vector<TsqlMergeColumn> columns; // staging (bulk-load) order
};

// IF OBJECT_ID(N'tempdb..[#stg]') IS NULL SELECT TOP 0 <cols> INTO [#stg] FROM target
// Run once per connection. With an IDENTITY column among the columns the SELECT
// is a UNION ALL of two TOP 0 halves, because SELECT INTO copies the IDENTITY
// property otherwise and bulk-loaded key values would be replaced by new ones.
std::string build_tsql_staging_create_sql(const TsqlMergeSpec &spec);
// IF OBJECT_ID(N'tempdb..[#stg]') IS NOT NULL DROP TABLE [#stg]
std::string build_tsql_staging_drop_sql(const TsqlMergeSpec &spec);
std::string build_tsql_truncate_staging_sql(const TsqlMergeSpec &spec);
// SELECT TOP 1 <keys as nvarchar(max)> FROM [#stg] GROUP BY <keys> HAVING COUNT_BIG(*) > 1:
// one row when the chunk holds a key twice (MERGE would fail with error 8672).
std::string build_tsql_duplicate_key_sql(const TsqlMergeSpec &spec);
// SET IDENTITY_INSERT [s].[t] ON|OFF
std::string build_tsql_identity_insert_sql(const QualifiedName &table, bool on);
// The MERGE statement alone, ending in "OUTPUT $action;": one row per inserted or
// updated row ('INSERT' / 'UPDATE'). Key-only merges have no WHEN MATCHED. The
// caller wraps it in build_tsql_identity_insert_sql when an IDENTITY column is inserted.
std::string build_tsql_merge_statement(const TsqlMergeSpec &spec);
// One batch: the MERGE with its actions collected in a table variable, then one
// row (inserted bigint, updated bigint); wrapped in SET IDENTITY_INSERT ON/OFF
// when an IDENTITY column is inserted. unchanged = staged - inserted - updated.
// A batch aborted by an error (deadlock 1205) skips the OFF: the caller sends
// build_tsql_identity_insert_sql(target, false) itself after a failure.
std::string build_tsql_merge_batch(const TsqlMergeSpec &spec);

} // namespace mssql_upsert::sqlgen
