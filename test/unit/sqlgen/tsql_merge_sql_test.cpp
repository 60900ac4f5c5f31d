#include "sqlgen/tsql_merge_sql.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

using namespace mssql_upsert::sqlgen;
using sqlgen_test::error_of;

namespace {
TsqlMergeSpec orders_spec() {
  TsqlMergeSpec spec;
  spec.target = {"dbo", "Orders"};
  spec.staging_table = "#stg_Orders_w0";
  spec.columns = {{"Id", true, false, TsqlChangeTest::Comparable},
                  {"Note", false, false, TsqlChangeTest::Bytes},
                  {"Qty", false, false, TsqlChangeTest::Comparable}};
  return spec;
}

const char *kNoteTest =
    "(CAST(target.[Note] AS varbinary(max)) <> CAST(source.[Note] AS varbinary(max)) OR "
    "DATALENGTH(target.[Note]) <> DATALENGTH(source.[Note]) OR (target.[Note] IS NULL AND "
    "source.[Note] IS NOT NULL) OR (target.[Note] IS NOT NULL AND source.[Note] IS NULL))";
const char *kQtyTest = "(target.[Qty] <> source.[Qty] OR (target.[Qty] IS NULL AND source.[Qty] "
                       "IS NOT NULL) OR (target.[Qty] IS NOT NULL AND source.[Qty] IS NULL))";
} // namespace

TEST(TsqlMergeSql, StagingTableCreatedOnceTruncatedDropped) {
  EXPECT_EQ(build_tsql_staging_create_sql(orders_spec()),
            "IF OBJECT_ID(N'tempdb..[#stg_Orders_w0]') IS NULL SELECT TOP 0 [Id], [Note], [Qty] "
            "INTO [#stg_Orders_w0] FROM [dbo].[Orders]");
  EXPECT_EQ(build_tsql_truncate_staging_sql(orders_spec()), "TRUNCATE TABLE [#stg_Orders_w0]");
  EXPECT_EQ(build_tsql_staging_drop_sql(orders_spec()),
            "IF OBJECT_ID(N'tempdb..[#stg_Orders_w0]') IS NOT NULL DROP TABLE [#stg_Orders_w0]");
}

TEST(TsqlMergeSql, StagingNamesWithQuotesAndBrackets) {
  TsqlMergeSpec spec = orders_spec();
  spec.target = {"Sales Dept", "O'Brien]s"};
  spec.staging_table = "#stg_O'Brien]s_w1";
  EXPECT_EQ(build_tsql_staging_create_sql(spec),
            "IF OBJECT_ID(N'tempdb..[#stg_O''Brien]]s_w1]') IS NULL SELECT TOP 0 [Id], [Note], "
            "[Qty] INTO [#stg_O'Brien]]s_w1] FROM [Sales Dept].[O'Brien]]s]");
}

TEST(TsqlMergeSql, IdentityColumnIsNotCopiedIntoStaging) {
  TsqlMergeSpec spec = orders_spec();
  spec.columns[0].is_identity = true;
  EXPECT_EQ(build_tsql_staging_create_sql(spec),
            "IF OBJECT_ID(N'tempdb..[#stg_Orders_w0]') IS NULL SELECT TOP 0 [Id], [Note], [Qty] "
            "INTO [#stg_Orders_w0] FROM [dbo].[Orders] UNION ALL SELECT TOP 0 [Id], [Note], [Qty] "
            "FROM [dbo].[Orders]");
}

TEST(TsqlMergeSql, MergeUpdatesOnlyChangedRows) {
  EXPECT_EQ(build_tsql_merge_statement(orders_spec()),
            std::string("MERGE INTO [dbo].[Orders] WITH (TABLOCK) AS target USING "
                        "[#stg_Orders_w0] AS source ON target.[Id] = source.[Id] WHEN MATCHED "
                        "AND (") +
                kNoteTest + " OR " + kQtyTest +
                ") THEN UPDATE SET [Note] = source.[Note], [Qty] = source.[Qty] WHEN NOT MATCHED "
                "BY TARGET THEN INSERT ([Id], [Note], [Qty]) VALUES (source.[Id], source.[Note], "
                "source.[Qty]) OUTPUT $action;");
}

TEST(TsqlMergeSql, XmlComparesItsTextExactly) {
  TsqlMergeSpec spec = orders_spec();
  spec.columns = {{"Id", true, false, TsqlChangeTest::Comparable},
                  {"Doc", false, false, TsqlChangeTest::XmlText}};
  EXPECT_EQ(build_tsql_merge_statement(spec),
            "MERGE INTO [dbo].[Orders] WITH (TABLOCK) AS target USING [#stg_Orders_w0] AS source "
            "ON target.[Id] = source.[Id] WHEN MATCHED AND ((CAST(CAST(target.[Doc] AS "
            "nvarchar(max)) AS varbinary(max)) <> CAST(CAST(source.[Doc] AS nvarchar(max)) AS "
            "varbinary(max)) OR (target.[Doc] IS NULL AND source.[Doc] IS NOT NULL) OR "
            "(target.[Doc] IS NOT NULL AND source.[Doc] IS NULL))) THEN UPDATE SET [Doc] = "
            "source.[Doc] WHEN NOT MATCHED BY TARGET THEN INSERT ([Id], [Doc]) VALUES "
            "(source.[Id], source.[Doc]) OUTPUT $action;");
}

TEST(TsqlMergeSql, KeyOnlyTablesHaveNoWhenMatched) {
  TsqlMergeSpec spec = orders_spec();
  spec.columns = {{"A]", true, false, TsqlChangeTest::Comparable},
                  {"B", true, false, TsqlChangeTest::Bytes}};
  EXPECT_EQ(build_tsql_merge_statement(spec),
            "MERGE INTO [dbo].[Orders] WITH (TABLOCK) AS target USING [#stg_Orders_w0] AS source "
            "ON target.[A]]] = source.[A]]] AND target.[B] = source.[B] WHEN NOT MATCHED BY "
            "TARGET THEN INSERT ([A]]], [B]) VALUES (source.[A]]], source.[B]) OUTPUT $action;");
}

TEST(TsqlMergeSql, NonKeyIdentityIsInsertedButNeverUpdated) {
  TsqlMergeSpec spec = orders_spec();
  spec.columns.push_back({"RowNo", false, true, TsqlChangeTest::Comparable});
  const std::string sql = build_tsql_merge_statement(spec);
  EXPECT_NE(sql.find("UPDATE SET [Note] = source.[Note], [Qty] = source.[Qty] WHEN NOT MATCHED"),
            std::string::npos)
      << sql;
  EXPECT_EQ(sql.find("target.[RowNo]"), std::string::npos) << sql;
  EXPECT_NE(sql.find("INSERT ([Id], [Note], [Qty], [RowNo]) VALUES (source.[Id], source.[Note], "
                     "source.[Qty], source.[RowNo])"),
            std::string::npos)
      << sql;
}

TEST(TsqlMergeSql, BatchCountsInsertsAndUpdates) {
  EXPECT_EQ(build_tsql_merge_batch(orders_spec()),
            "DECLARE @merge_actions TABLE ([action] nvarchar(10) NOT NULL); " +
                build_tsql_merge_statement(orders_spec())
                    .substr(0, build_tsql_merge_statement(orders_spec()).size() - 1) +
                " INTO @merge_actions ([action]); SELECT COUNT_BIG(CASE WHEN [action] = "
                "N'INSERT' THEN 1 END) AS inserted, COUNT_BIG(CASE WHEN [action] = N'UPDATE' "
                "THEN 1 END) AS updated FROM @merge_actions");
}

TEST(TsqlMergeSql, IdentityKeysGetIdentityInsertAround) {
  TsqlMergeSpec spec = orders_spec();
  spec.target = {"dbo", "a]b"};
  spec.columns[0].is_identity = true;
  EXPECT_EQ(build_tsql_identity_insert_sql(spec.target, true),
            "SET IDENTITY_INSERT [dbo].[a]]b] ON");
  EXPECT_EQ(build_tsql_identity_insert_sql(spec.target, false),
            "SET IDENTITY_INSERT [dbo].[a]]b] OFF");
  const std::string batch = build_tsql_merge_batch(spec);
  EXPECT_EQ(batch.find("DECLARE @merge_actions TABLE ([action] nvarchar(10) NOT NULL); SET "
                       "IDENTITY_INSERT [dbo].[a]]b] ON; MERGE INTO [dbo].[a]]b] WITH (TABLOCK)"),
            0u)
      << batch;
  EXPECT_NE(batch.find(" OUTPUT $action INTO @merge_actions ([action]); SET IDENTITY_INSERT "
                       "[dbo].[a]]b] OFF; SELECT COUNT_BIG"),
            std::string::npos)
      << batch;
  EXPECT_EQ(build_tsql_merge_batch(orders_spec()).find("IDENTITY_INSERT"), std::string::npos);
}

TEST(TsqlMergeSql, DuplicateKeyProbe) {
  TsqlMergeSpec spec = orders_spec();
  spec.columns[2].is_key = true;
  EXPECT_EQ(build_tsql_duplicate_key_sql(spec),
            "SELECT TOP 1 CAST([Id] AS nvarchar(max)), CAST([Qty] AS nvarchar(max)) FROM "
            "[#stg_Orders_w0] GROUP BY [Id], [Qty] HAVING COUNT_BIG(*) > 1");
}

TEST(TsqlMergeSql, RefusesSpecsWithoutColumnsOrKeys) {
  TsqlMergeSpec spec = orders_spec();
  spec.columns[0].is_key = false;
  EXPECT_EQ(error_of([&] { build_tsql_merge_statement(spec); }),
            "42P10: no key columns to merge on for [dbo].[Orders]");
  EXPECT_EQ(error_of([&] { build_tsql_duplicate_key_sql(spec); }).substr(0, 6), "42P10:");
  spec.columns.clear();
  EXPECT_EQ(error_of([&] { build_tsql_staging_create_sql(spec); }),
            "22023: no columns to merge into [dbo].[Orders]");
  spec = orders_spec();
  spec.columns[1].name = std::string(129, 'n');
  EXPECT_EQ(error_of([&] { build_tsql_merge_batch(spec); }).substr(0, 28),
            "42622: remote column name \"n");
}

TEST(TsqlChangeTestForType, ByTypeName) {
  for (const char *bytes : {"nvarchar", "VARCHAR", "nchar", "char", "text", "ntext", "sysname",
                            "binary", "varbinary", "image", "geography", "geometry", "hierarchyid"})
    EXPECT_EQ(tsql_change_test_for_type(bytes), TsqlChangeTest::Bytes) << bytes;
  EXPECT_EQ(tsql_change_test_for_type("xml"), TsqlChangeTest::XmlText);
  EXPECT_EQ(tsql_change_test_for_type("XML"), TsqlChangeTest::XmlText);
  for (const char *plain : {"int", "bigint", "decimal", "float", "datetime2", "datetimeoffset",
                            "uniqueidentifier", "bit", "money", "sql_variant", "date", "nvarcharx"})
    EXPECT_EQ(tsql_change_test_for_type(plain), TsqlChangeTest::Comparable) << plain;
}
