// Pure pieces of bulk load and #temp tables: INSERT BULK parsing, the load
// plan (direct COPY or staging), SELECT ... INTO and tempdb names.
#include "server/bulk_load.hpp"
#include "server/select_into.hpp"

#include <gtest/gtest.h>

using namespace tds_server;

namespace {

std::vector<Token> one_statement(const std::string &sql) {
  auto statements = split_batch(sql);
  EXPECT_EQ(statements.size(), 1u) << sql;
  return statements.empty() ? std::vector<Token>{} : statements[0];
}

int error_number(const std::function<void()> &f) {
  try {
    f();
  } catch (const SqlServerError &e) {
    return e.number;
  }
  return 0;
}

tds::BulkColumn stream_column(const char *name, const char *type) {
  tds::BulkColumn c;
  c.name = name;
  c.type = *tds::parse_sql_type(type);
  return c;
}

} // namespace

TEST(InsertBulk, AsFreeTdsSendsIt) {
  auto t = one_statement("insert bulk dbo.tbl ([k] INT, [name] NVARCHAR(50) COLLATE Latin1_General_CI_AS, "
                         "[amount] DECIMAL(10,2), [note] NVARCHAR(MAX)) with (TABLOCK, KEEP_NULLS)");
  ASSERT_TRUE(is_insert_bulk(t));
  InsertBulkRequest r = parse_insert_bulk(t);
  EXPECT_EQ(r.table, "dbo.tbl");
  EXPECT_EQ(r.backend_table, "\"dbo\".\"tbl\"");
  EXPECT_EQ(r.columns, (std::vector<std::string>{"k", "name", "amount", "note"}));
  EXPECT_TRUE(r.tablock);
  EXPECT_TRUE(r.keep_nulls);
  EXPECT_FALSE(r.fire_triggers);
}

TEST(InsertBulk, TempTablesAndPytdsForm) {
  InsertBulkRequest temp = parse_insert_bulk(one_statement("insert bulk [#stg_orders_w0] ([Id] INT)"));
  EXPECT_EQ(temp.backend_table, "\"#stg_orders_w0\""); // found first in the session's pg_temp
  InsertBulkRequest tempdb = parse_insert_bulk(one_statement("insert bulk tempdb..#x ([a] INT)"));
  EXPECT_EQ(tempdb.backend_table, "\"#x\"");
  InsertBulkRequest py = parse_insert_bulk(one_statement(
      "INSERT BULK [dbo].[T]([k] NVARCHAR(4000),[v] NVARCHAR(4000)) WITH (ORDER(k ASC),ROWS_PER_BATCH = 10)"));
  EXPECT_EQ(py.backend_table, "\"dbo\".\"t\"");
  EXPECT_EQ(py.columns.size(), 2u);
  EXPECT_FALSE(py.keep_nulls);
  EXPECT_EQ(error_number([] { parse_insert_bulk(one_statement("insert bulk t ([a] INT) with (NOPE)")); }), 102);
  EXPECT_FALSE(is_insert_bulk(one_statement("INSERT INTO t VALUES (1)")));
}

TEST(BulkLoadPlan, DirectCopyWhenEveryColumnArrivesInItsOwnType) {
  InsertBulkRequest r = parse_insert_bulk(one_statement("insert bulk dbo.t ([k] INT, [n] NVARCHAR(5))"));
  std::vector<BulkTargetColumn> target = {{"k", tds::parse_sql_type("int"), "integer", "", false},
                                          {"n", tds::parse_sql_type("nvarchar(5)"), "character varying(5)", "", false}};
  BulkLoadPlan plan = plan_bulk_load(r, target, {stream_column("K", "int"), stream_column("n", "nvarchar(5)")});
  EXPECT_EQ(plan.copy_sql, "COPY \"dbo\".\"t\" (\"k\", \"n\") FROM STDIN (FORMAT binary)");
  EXPECT_EQ(plan.staging_sql, "");
}

TEST(BulkLoadPlan, StagingCastsOtherTypesAndAppliesDefaults) {
  InsertBulkRequest r = parse_insert_bulk(one_statement("insert bulk dbo.t ([k] NVARCHAR(4000))"));
  std::vector<BulkTargetColumn> target = {{"k", tds::parse_sql_type("int"), "integer", "", false},
                                          {"n", tds::parse_sql_type("nvarchar(5)"), "character varying(5)", "", false},
                                          {"at", tds::parse_sql_type("datetime2(3)"), "timestamp(3) without time zone",
                                           "localtimestamp", false}};
  BulkLoadPlan plan = plan_bulk_load(r, target, {stream_column("k", "nvarchar(4000)"), stream_column("n", "nvarchar(4000)"),
                                                 stream_column("at", "datetime2(7)")});
  EXPECT_EQ(plan.staging_sql, "CREATE TEMP TABLE pg_temp.\"tds bulk staging\" (c0 text, c1 text, c2 timestamp)");
  // strings are assigned (too long fails as on SQL Server); without KEEP_NULLS NULL takes the default
  EXPECT_EQ(plan.insert_sql, "INSERT INTO \"dbo\".\"t\" (\"k\", \"n\", \"at\") SELECT c0::integer, c1, "
                             "coalesce(c2::timestamp(3) without time zone, localtimestamp) FROM pg_temp.\"tds bulk staging\"");
  EXPECT_EQ(error_number([&] { plan_bulk_load(r, target, {stream_column("nosuch", "int")}); }), 207);
}

TEST(SelectInto, TempTableFromTopZeroUnionAll) {
  auto t = one_statement("SELECT TOP 0 [Id], [Name] INTO [#stg_orders_w0] FROM [dbo].[Orders] "
                         "UNION ALL SELECT TOP 0 [Id], [Name] FROM [dbo].[Orders]");
  ASSERT_TRUE(is_select_into(t));
  RewrittenStatement s = rewrite_select_into(t, RewriteContext{});
  EXPECT_EQ(s.kind, StatementKind::SelectInto);
  EXPECT_EQ(s.into_table, "pg_temp.\"#stg_orders_w0\"");
  EXPECT_FALSE(s.into_keeps_identity); // the UNION is how SQL Server is told not to copy IDENTITY
  EXPECT_EQ(s.into_describe_sql.find("UNION"), std::string::npos);
  EXPECT_NE(s.pg_sql.find("UNION ALL"), std::string::npos);
  EXPECT_NE(s.pg_sql.find("LIMIT 0"), std::string::npos);

  RewrittenStatement plain = rewrite_select_into(one_statement("SELECT Id INTO Sales.Copy FROM dbo.Orders"), RewriteContext{});
  EXPECT_EQ(plain.into_table, "\"sales\".\"copy\"");
  EXPECT_TRUE(plain.into_keeps_identity);
  EXPECT_FALSE(is_select_into(one_statement("SELECT a FROM t WHERE b IN (SELECT c INTO x FROM y)")));
}

TEST(TempTables, CreateAndObjectIdInTempdb) {
  RewrittenStatement create = rewrite_statement(one_statement("CREATE TABLE #x (a int NOT NULL)"), RewriteContext{});
  EXPECT_EQ(create.pg_sql, "CREATE TABLE \"pg_temp\".\"#x\" (\"a\" integer NOT NULL)");
  RewrittenStatement drop = rewrite_statement(
      one_statement("IF OBJECT_ID(N'tempdb..[#stg_orders_w0]') IS NOT NULL DROP TABLE [#stg_orders_w0]"), RewriteContext{});
  EXPECT_EQ(drop.condition_sql, "SELECT to_regclass('pg_temp.\"#stg_orders_w0\"')::oid::integer IS NOT NULL");
  EXPECT_EQ(drop.pg_sql, "DROP TABLE \"#stg_orders_w0\"");
}

TEST(TempTables, IfBodyIsOneStatement) {
  auto statements = split_batch("IF OBJECT_ID(N'tempdb..#s') IS NULL SELECT TOP 0 a INTO #s FROM t "
                                "INSERT INTO #s VALUES (1) TRUNCATE TABLE #s");
  ASSERT_EQ(statements.size(), 3u);
  EXPECT_EQ(statements[1].front().text, "INSERT");
}

TEST(SplitBatch, SelectAfterACompleteSelectOrInsertStartsAStatement) {
  auto statements = split_batch("INSERT INTO #s SELECT a FROM t SELECT COUNT(*) FROM #s "
                                "INSERT INTO #s (a) VALUES (1) SELECT 2 SELECT 3 "
                                "SELECT 4 UNION ALL SELECT 5 EXCEPT SELECT 6 "
                                "INSERT INTO #s (a) SELECT 1 UNION SELECT (SELECT 2)");
  ASSERT_EQ(statements.size(), 7u);
  EXPECT_EQ(statements[0].size(), 7u); // INSERT INTO #s SELECT a FROM t
  EXPECT_EQ(statements[1].front().text, "SELECT");
  EXPECT_EQ(statements[2].back().text, ")");
  EXPECT_EQ(statements[3].back().text, "2");
  EXPECT_EQ(statements[4].back().text, "3");
  EXPECT_EQ(statements[5].back().text, "6");
  EXPECT_EQ(statements[6].front().text, "INSERT");
}
