#include "server/batch_variables.hpp"
#include "server/identity_insert.hpp"
#include "server/merge_rewriter.hpp"

#include "rewrite_test_support.hpp"
#include "sqlgen/tsql_merge_sql.hpp"

#include <gtest/gtest.h>

using namespace tds_server;
using rewrite_test::error_of;
using rewrite_test::rewrite_one;

namespace {

MergePlan plan_of(const RewrittenStatement &s) { return *s.merge; }

bool contains(const std::string &haystack, const std::string &needle) {
  return haystack.find(needle) != std::string::npos;
}

// The MERGE statement of the batch mssql_upsert_push sends, built by the
// extension's own generator so the two cannot drift.
std::vector<Token> push_merge_statement() {
  mssql_upsert::sqlgen::TsqlMergeSpec spec;
  spec.target = {"dbo", "T"};
  spec.staging_table = "#stg_t_w0";
  spec.columns = {{"Id", true}, {"A", false}};
  for (const std::vector<Token> &statement :
       split_batch(mssql_upsert::sqlgen::build_tsql_merge_batch(spec)))
    if (is_word(statement.front(), "MERGE"))
      return statement;
  ADD_FAILURE() << "the push batch has no MERGE";
  return {};
}

} // namespace

TEST(MergeRewriter, PushMergeBecomesLockCheckAndDataModifyingCtes) {
  BatchVariables variables;
  variables.declare_table("@MERGE_ACTIONS");
  RewriteContext context;
  context.variables = &variables;
  RewrittenStatement s = rewrite_statement(push_merge_statement(), context);
  ASSERT_EQ(s.kind, StatementKind::Merge);
  const MergePlan &plan = plan_of(s);
  EXPECT_EQ(s.error_object, "T");
  EXPECT_EQ(plan.target.pg(), "\"dbo\".\"t\"");
  EXPECT_TRUE(plan.tablock);
  EXPECT_EQ(plan.lock_sql, "LOCK TABLE ONLY \"dbo\".\"t\" IN EXCLUSIVE MODE");
  EXPECT_EQ(plan.output, MergePlan::Output::Into);
  EXPECT_EQ(plan.into_sql, "INSERT INTO pg_temp.\"@merge_actions\" (\"action\")");
  // Unmatched source rows must survive the join: target RIGHT JOIN source.
  EXPECT_TRUE(contains(plan.with_sql,
                       "FROM ONLY \"dbo\".\"t\" AS \"target\" RIGHT JOIN \"__s\" AS \"source\" ON "
                       "(\"target\".\"id\" = \"source\".\"id\")"))
      << plan.with_sql;
  EXPECT_TRUE(contains(plan.with_sql, "FROM \"#stg_t_w0\" AS \"__src\"")) << plan.with_sql;
  EXPECT_TRUE(contains(plan.with_sql,
                       "UPDATE \"dbo\".\"t\" AS \"target\" SET \"a\" = \"source\".\"a\" FROM"))
      << plan.with_sql;
  EXPECT_TRUE(
      contains(plan.with_sql,
               "INSERT INTO \"dbo\".\"t\" AS \"target\" (\"id\", \"a\") SELECT \"source\".\"id\", "
               "\"source\".\"a\" FROM"))
      << plan.with_sql;
  EXPECT_FALSE(contains(plan.with_sql, "OVERRIDING")) << plan.with_sql;
  EXPECT_TRUE(contains(plan.check_filter, "count(tds_support.merge_multiple_match())"))
      << plan.check_filter;
  EXPECT_TRUE(contains(plan.check_filter, "GROUP BY \"__tid\" HAVING count(*) > 1"))
      << plan.check_filter;
  EXPECT_EQ(
      merge_into_sql(plan).rfind(
          "INSERT INTO pg_temp.\"@merge_actions\" (\"action\") SELECT \"__action\" FROM \"__o\""),
      plan.with_sql.size() + 1)
      << merge_into_sql(plan);
  EXPECT_EQ(merge_into_sql(plan).substr(merge_into_sql(plan).size() - plan.check_filter.size()),
            plan.check_filter);
}

TEST(MergeRewriter, JoinFollowsTheClausesPresent) {
  auto join_of = [](const std::string &clauses) {
    const MergePlan plan = plan_of(rewrite_one("MERGE t USING s ON t.k = s.k " + clauses + ";"));
    for (const char *join : {"FULL JOIN", "RIGHT JOIN", "LEFT JOIN"})
      if (contains(plan.with_sql, std::string("AS \"t\" ") + join))
        return std::string(join);
    return std::string("JOIN");
  };
  EXPECT_EQ(join_of("WHEN MATCHED THEN DELETE"), "JOIN");
  EXPECT_EQ(join_of("WHEN NOT MATCHED THEN INSERT (k) VALUES (s.k)"), "RIGHT JOIN");
  EXPECT_EQ(join_of("WHEN NOT MATCHED BY SOURCE THEN DELETE"), "LEFT JOIN");
  EXPECT_EQ(join_of("WHEN NOT MATCHED BY TARGET THEN INSERT (k) VALUES (s.k) WHEN NOT MATCHED BY "
                    "SOURCE THEN DELETE"),
            "FULL JOIN");
}

TEST(MergeRewriter, ClausesAreTriedInOrderAndWithoutTablockTheLockStillQueuesWriters) {
  const MergePlan plan = plan_of(rewrite_one(
      "MERGE INTO dbo.t AS tg USING (SELECT 1 AS K, 'x' AS V) AS src ON tg.k = src.k "
      "WHEN MATCHED AND src.v IS NULL THEN DELETE WHEN MATCHED THEN UPDATE SET tg.v = src.v "
      "WHEN NOT MATCHED BY SOURCE AND tg.v = 'old' THEN UPDATE SET v = NULL;"));
  EXPECT_FALSE(plan.tablock);
  EXPECT_EQ(plan.lock_sql, "LOCK TABLE ONLY \"dbo\".\"t\" IN SHARE ROW EXCLUSIVE MODE");
  EXPECT_TRUE(
      contains(plan.with_sql, "CASE WHEN \"src\".\"v\" IS NULL THEN 1 WHEN TRUE THEN 2 END"))
      << plan.with_sql;
  EXPECT_TRUE(contains(plan.with_sql, "ELSE CASE WHEN \"tg\".\"v\" = 'x' THEN 3 END") ||
              contains(plan.with_sql, "ELSE CASE WHEN \"tg\".\"v\" = 'old' THEN 3 END"))
      << plan.with_sql;
  // A derived table's column aliases fold like every other name.
  EXPECT_TRUE(contains(plan.with_sql, "FROM (SELECT 1 AS \"k\", 'x' AS \"v\") AS \"__src\""))
      << plan.with_sql;
  EXPECT_EQ(plan.output, MergePlan::Output::None);
  EXPECT_EQ(merge_count_sql(plan),
            plan.with_sql + " SELECT count(*) FROM \"__o\"" + plan.check_filter);
}

TEST(MergeRewriter, NoDuplicateCheckWithoutWhenMatched) {
  EXPECT_EQ(
      plan_of(
          rewrite_one("MERGE t USING s ON t.k = s.k WHEN NOT MATCHED THEN INSERT DEFAULT VALUES;"))
          .check_filter,
      "");
}

TEST(MergeRewriter, OutputResultSetNamesColumnsAsSqlServerDoes) {
  const MergePlan plan =
      plan_of(rewrite_one("MERGE t USING s ON t.k = s.k WHEN MATCHED THEN DELETE OUTPUT $action, "
                          "deleted.K, inserted.v AS [New V], deleted.*;"));
  ASSERT_EQ(plan.output, MergePlan::Output::ResultSet);
  std::vector<MergeTargetColumn> columns = {{"k", "K"}, {"v", "V"}};
  EXPECT_EQ(merge_output_select_sql(plan, columns),
            "SELECT \"c0\" AS \"\x01$action\", \"c1\" AS \"\x01K\", \"c2\" AS \"\x01New V\", "
            "\"c3\" AS \"\x01K\", "
            "\"c4\" AS \"\x01V\" FROM pg_temp.\"__tds_merge_output\"");
  EXPECT_TRUE(contains(
      merge_output_table_sql(plan, columns),
      "SELECT \"__action\" AS \"c0\", \"deleted\".\"k\" AS \"c1\", \"inserted\".\"v\" AS \"c2\", "
      "\"deleted\".\"k\" AS \"c3\", \"deleted\".\"v\" AS \"c4\" FROM \"__o\""));
}

TEST(MergeRewriter, IdentityInsertOnTheTargetOverridesTheIdentity) {
  IdentityInsertState state{{"dbo", "T"}, "id"};
  RewriteContext context;
  context.identity_insert = &state;
  const MergePlan plan = plan_of(rewrite_one(
      "MERGE dbo.t AS x USING s ON x.id = s.id WHEN NOT MATCHED THEN INSERT (id) VALUES (s.id);",
      context));
  EXPECT_TRUE(plan.identity_insert);
  EXPECT_TRUE(contains(plan.with_sql, "(\"id\") OVERRIDING SYSTEM VALUE SELECT")) << plan.with_sql;
  EXPECT_FALSE(plan_of(rewrite_one("MERGE dbo.other AS x USING s ON x.id = s.id WHEN NOT MATCHED "
                                   "THEN INSERT (id) VALUES (s.id);",
                                   context))
                   .identity_insert);
}

TEST(MergeRewriter, BadMergesAreSyntaxErrors) {
  EXPECT_EQ(error_of("MERGE t USING s ON t.k = s.k;"), "102: Incorrect syntax near 'ON'.");
  EXPECT_EQ(error_of("MERGE t USING (SELECT 1 AS k) ON t.k = 1 WHEN MATCHED THEN DELETE;"),
            "102: Incorrect syntax near 'ON'.");
  EXPECT_EQ(error_of("MERGE t USING s ON t.k = s.k WHEN NOT MATCHED THEN DELETE;"),
            "102: Incorrect syntax near 'DELETE'.");
  EXPECT_EQ(error_of("MERGE t USING s ON t.k = s.k WHEN MATCHED THEN INSERT (k) VALUES (1);"),
            "102: Incorrect syntax near 'INSERT'.");
  EXPECT_EQ(error_of("MERGE t USING s t.k = s.k WHEN MATCHED THEN DELETE;"),
            "102: Incorrect syntax near '.'.");
  EXPECT_EQ(error_of("MERGE t USING @nope AS s ON t.k = s.k WHEN MATCHED THEN DELETE;"),
            "1087: Must declare the table variable \"@NOPE\".");
  EXPECT_EQ(
      error_of("MERGE t USING s ON t.k = s.k WHEN MATCHED THEN DELETE OUTPUT $action INTO @nope;"),
      "1087: Must declare the table variable \"@NOPE\".");
}

TEST(SplitBatch, MergeRunsToItsSemicolonAndDeclareStartsAStatement) {
  auto statements = split_batch(
      "DECLARE @m TABLE ([action] nvarchar(10) NOT NULL) SET IDENTITY_INSERT [dbo].[T] ON "
      "MERGE t USING s ON t.k = s.k WHEN MATCHED THEN UPDATE SET v = s.v WHEN NOT MATCHED THEN "
      "INSERT (k) VALUES (s.k) "
      "OUTPUT $action INTO @m; SET IDENTITY_INSERT [dbo].[T] OFF SELECT COUNT_BIG(*) FROM @m");
  ASSERT_EQ(statements.size(), 5u);
  EXPECT_EQ(statements[0][0].text, "DECLARE");
  EXPECT_EQ(statements[1][1].text, "IDENTITY_INSERT");
  EXPECT_EQ(statements[2][0].text, "MERGE");
  EXPECT_EQ(statements[2].back().text, "@M"); // ... INTO @m, whole
  EXPECT_EQ(statements[3][0].text, "SET");
  EXPECT_EQ(statements[4][0].text, "SELECT");
}

TEST(SplitBatch, IfTakesOneStatement) {
  auto statements = split_batch(
      "IF OBJECT_ID('a') IS NOT NULL DROP TABLE a IF OBJECT_ID('b') IS NULL CREATE TABLE b (k int) "
      "CREATE TABLE c (k int) DROP TABLE IF EXISTS d");
  ASSERT_EQ(statements.size(), 4u);
  EXPECT_EQ(statements[1][0].text, "IF");
  EXPECT_EQ(statements[2][0].text, "CREATE");
  EXPECT_EQ(statements[3].size(), 5u);
}
