#include "rewrite_test_support.hpp"
#include "server/schema_ddl.hpp"

#include <gtest/gtest.h>

using namespace tds_server;
using rewrite_test::error_of;
using rewrite_test::rewrite_one;

namespace {

// SQL Server's text of the expression after the first token of a one-statement batch.
std::string definition_of(const std::string &expression) {
  auto tokens = split_batch("SELECT " + expression).at(0);
  return sql_server_definition(tokens, 1, tokens.size());
}

} // namespace

TEST(SqlServerDefinition, ShowsExpressionsAsSqlServerStoresThem) {
  EXPECT_EQ(definition_of("0"), "((0))");
  EXPECT_EQ(definition_of("(0)"), "((0))");
  EXPECT_EQ(definition_of("-1.5"), "((-1.5))");
  EXPECT_EQ(definition_of("'it''s'"), "('it''s')");
  EXPECT_EQ(definition_of("N'x'"), "(N'x')");
  EXPECT_EQ(definition_of("GETDATE()"), "(getdate())");
  EXPECT_EQ(definition_of("(NewId())"), "(newid())");
  EXPECT_EQ(definition_of("Status = 'open' AND Qty > -1"), "([Status]='open' AND [Qty]>(-1))");
  EXPECT_EQ(definition_of("[Deleted At] IS NULL"), "([Deleted At] IS NULL)");
  EXPECT_EQ(definition_of("[a]]b] != 2"), "([a]]b]<>(2))");
}

TEST(CreateTableDdl, RecordsDefaultsUniqueKeysAndNamedConstraints) {
  RewrittenStatement s = rewrite_one(
      "CREATE TABLE dbo.T (Id int NOT NULL CONSTRAINT PK_T PRIMARY KEY CLUSTERED, "
      "Code nvarchar(10) NOT NULL UNIQUE, Qty int CONSTRAINT DF_T_Qty DEFAULT 0 NOT NULL, "
      "At datetime2 DEFAULT getdate(), A int, B int, CONSTRAINT UQ_T_AB UNIQUE NONCLUSTERED (A ASC, B DESC))");
  EXPECT_EQ(s.pg_sql, "CREATE TABLE \"dbo\".\"t\" (\"id\" integer NOT NULL CONSTRAINT \"pk_t\" PRIMARY KEY, "
                      "\"code\" varchar(10) NOT NULL UNIQUE NULLS NOT DISTINCT, \"qty\" integer DEFAULT 0 NOT NULL, "
                      "\"at\" timestamp(6) DEFAULT localtimestamp, \"a\" integer, \"b\" integer, "
                      "CONSTRAINT \"uq_t_ab\" UNIQUE NULLS NOT DISTINCT (\"a\", \"b\"))");
  std::string after;
  for (const std::string &sql : s.pg_after)
    after += sql + "\n";
  EXPECT_NE(after.find("COMMENT ON CONSTRAINT \"pk_t\" ON \"dbo\".\"t\" IS 'tds:constraint|PK_T'"), std::string::npos)
      << after;
  EXPECT_NE(after.find("COMMENT ON CONSTRAINT \"uq_t_ab\" ON \"dbo\".\"t\" IS 'tds:constraint|UQ_T_AB'"),
            std::string::npos)
      << after;
  EXPECT_NE(after.find("SELECT 'pg_attrdef'::regclass, ad.oid, 0, 'DF_T_Qty', '((0))' FROM pg_attrdef ad"),
            std::string::npos)
      << after;
  EXPECT_NE(after.find("a.attname = 'qty'"), std::string::npos) << after;
  EXPECT_NE(after.find("SELECT 'pg_attrdef'::regclass, ad.oid, 0, NULL, '(getdate())'"), std::string::npos) << after;
}

TEST(CreateIndexDdl, KeysIncludedColumnsAndFilter) {
  RewrittenStatement s = rewrite_one("CREATE NONCLUSTERED INDEX [IX Status] ON dbo.[My Table] (Status, [Due At] DESC) "
                                     "INCLUDE (Total) WHERE Status <> N'done' AND [Due At] IS NOT NULL");
  EXPECT_EQ(s.kind, StatementKind::CreateTable);
  EXPECT_EQ(s.pg_sql, "CREATE INDEX \"my table$ix status\" ON \"dbo\".\"my table\" (\"status\", \"due at\" DESC) "
                      "INCLUDE (\"total\") WHERE \"status\" <> 'done' AND \"due at\" IS NOT NULL");
  ASSERT_EQ(s.pg_after.size(), 1u);
  EXPECT_EQ(s.pg_after[0], "INSERT INTO tds_catalog_store.object_text (classid, objid, objsubid, name, definition) "
                           "SELECT 'pg_class'::regclass, '\"dbo\".\"my table$ix status\"'::regclass, 0, 'IX Status', "
                           "'([Status]<>N''done'' AND [Due At] IS NOT NULL)' ON CONFLICT (classid, objid, objsubid) "
                           "DO UPDATE SET name = EXCLUDED.name, definition = EXCLUDED.definition");
}

TEST(CreateIndexDdl, UniqueIndexesTreatNullsAsEqualAndBadSyntaxIsRefused) {
  RewrittenStatement s = rewrite_one("CREATE UNIQUE INDEX UX_Code ON T (Code)");
  EXPECT_EQ(s.pg_sql, "CREATE UNIQUE INDEX \"t$ux_code\" ON \"dbo\".\"t\" (\"code\") NULLS NOT DISTINCT");
  EXPECT_EQ(error_of("CREATE INDEX IX ON T"), "102: Incorrect syntax near 'T'.");
  EXPECT_EQ(error_of("CREATE INDEX IX T (a)"), "102: Incorrect syntax near 'T'.");
  EXPECT_EQ(error_of("CREATE INDEX IX ON T (a) GARBAGE"), "102: Incorrect syntax near 'GARBAGE'.");
}
