#include "server/catalog_functions.hpp"
#include "server/tsql_rewriter.hpp"

#include <gtest/gtest.h>

using namespace tds_server;

namespace {
std::string parts(const std::string &text) {
  auto p = parse_object_name(text);
  return p ? p->database + "|" + p->schema + "|" + p->name : "invalid";
}
std::string rewrite(const std::string &sql) {
  auto statements = split_batch(sql);
  return rewrite_statement(statements.at(0), RewriteContext{}).pg_sql;
}
} // namespace

TEST(ParseObjectName, SplitsBracketedQuotedAndPlainParts) {
  EXPECT_EQ(parts("Orders"), "||Orders");
  EXPECT_EQ(parts("dbo.Orders"), "|dbo|Orders");
  EXPECT_EQ(parts("[dbo].[Orders]"), "|dbo|Orders");
  EXPECT_EQ(parts("[Sales Dept].[Order]]s]"), "|Sales Dept|Order]s");
  EXPECT_EQ(parts("\"dbo\".\"Or.ders\""), "|dbo|Or.ders");
  EXPECT_EQ(parts("testdb.dbo.Orders"), "testdb|dbo|Orders");
  EXPECT_EQ(parts("tempdb..#stg"), "tempdb||#stg");
  EXPECT_EQ(parts("srv.db.dbo.t"), "db|dbo|t");
  EXPECT_EQ(parts(" dbo . Orders "), "|dbo|Orders");
}

TEST(ParseObjectName, RejectsWhatIsNotAName) {
  EXPECT_EQ(parts("[unclosed"), "invalid");
  EXPECT_EQ(parts("a.b.c.d.e"), "invalid");
  EXPECT_EQ(parts("dbo."), "invalid");
  EXPECT_EQ(parts(""), "invalid");
  EXPECT_EQ(parts("[a]b"), "invalid");
  EXPECT_EQ(parts("x[a]"), "invalid");
}

TEST(ObjectIdSql, CallsTheCatalogFunctionWithQuotedParts) {
  EXPECT_EQ(object_id_sql("[dbo].[O'Brien]", std::nullopt), "tds_catalog.object_id(NULL, 'dbo', 'O''Brien', NULL)");
  EXPECT_EQ(object_id_sql("Orders", std::string("U")), "tds_catalog.object_id(NULL, NULL, 'Orders', 'U')");
  EXPECT_EQ(object_id_sql("testdb.dbo.T", std::nullopt), "tds_catalog.object_id('testdb', 'dbo', 'T', NULL)");
  EXPECT_EQ(object_id_sql("[broken", std::nullopt), "NULL::integer");
  EXPECT_EQ(object_id_sql("tempdb..#Stg", std::nullopt), "to_regclass('pg_temp.\"#stg\"')::oid::integer");
}

TEST(CatalogFunctionSql, MapsCatalogFunctionsOnly) {
  EXPECT_EQ(*catalog_function_sql("TYPE_NAME"), "CAST(tds_catalog.type_name({}) AS varchar(128))");
  EXPECT_EQ(*catalog_function_sql("COLUMNPROPERTY"), "tds_catalog.columnproperty({})");
  EXPECT_FALSE(catalog_function_sql("UPPER"));
  EXPECT_EQ(*catalog_schema_sql("INFORMATION_SCHEMA"), "\"tds_information_schema\"");
  EXPECT_EQ(*catalog_schema_sql("information_schema"), "\"tds_information_schema\"");
  EXPECT_FALSE(catalog_schema_sql("sys"));
}

TEST(CastTargetSql, MapsSqlServerTypesToBackendTypes) {
  EXPECT_EQ(cast_target_sql("bit"), "boolean");
  EXPECT_EQ(cast_target_sql("INT"), "integer");
  EXPECT_EQ(cast_target_sql("nvarchar(50)"), "varchar(50)");
  EXPECT_EQ(cast_target_sql("nvarchar(max)"), "text");
  EXPECT_EQ(cast_target_sql("decimal(10,2)"), "numeric(10,2)");
  EXPECT_EQ(cast_target_sql("datetime2"), "timestamp(6)");
  EXPECT_EQ(cast_target_sql("uniqueidentifier"), "uuid");
  try {
    cast_target_sql("number(5)");
    FAIL() << "no error";
  } catch (const SqlServerError &e) {
    EXPECT_EQ(e.number, 243);
    EXPECT_STREQ(e.what(), "Type number(5) is not a defined system type.");
  }
}

TEST(RewriterCatalogHooks, RewritesCatalogNamesFunctionsAndCasts) {
  EXPECT_EQ(rewrite("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES"),
            "SELECT \"table_name\" AS \"\x01TABLE_NAME\" FROM \"tds_information_schema\".\"tables\"");
  EXPECT_EQ(rewrite("SELECT name FROM sys.columns WHERE object_id = OBJECT_ID(N'[dbo].[T]', 'U')"),
            "SELECT \"name\" AS \"\x01name\" FROM \"sys\".\"columns\" WHERE \"object_id\" = "
            "tds_catalog.object_id(NULL, 'dbo', 'T', 'U')");
  EXPECT_EQ(rewrite("SELECT TYPE_NAME(c.system_type_id) FROM sys.columns c"),
            "SELECT CAST(tds_catalog.type_name(\"c\".\"system_type_id\") AS varchar(128)) FROM \"sys\".\"columns\" \"c\"");
  EXPECT_EQ(rewrite("SELECT CAST(CASE WHEN a = 1 THEN 1 ELSE 0 END AS bit) AS f FROM t"),
            "SELECT CAST(CASE WHEN \"a\" = 1 THEN 1 ELSE 0 END AS boolean) AS \"f\" FROM \"t\"");
  EXPECT_EQ(rewrite("SELECT CAST(CAST(x AS nvarchar(10)) AS int) FROM t"),
            "SELECT CAST(CAST(\"x\" AS varchar(10)) AS integer) FROM \"t\"");
  EXPECT_EQ(rewrite("SELECT CONVERT(decimal(10, 2), x) FROM t"), "SELECT CAST(\"x\" AS numeric(10,2)) FROM \"t\"");
  EXPECT_EQ(rewrite("SELECT SCHEMA_NAME()"), "SELECT CAST(tds_catalog.schema_name() AS varchar(128))");
  EXPECT_THROW(rewrite("SELECT CONVERT(varchar(10), x, 120) FROM t"), SqlServerError);
  EXPECT_THROW(rewrite("SELECT CAST(x int) FROM t"), SqlServerError);
  EXPECT_THROW(rewrite("SELECT CAST(x AS number(5)) FROM t"), SqlServerError);
}

TEST(RewriterCatalogHooks, CreateTableRecordsDeclaredNamesAndIdentitySeed) {
  auto statements = split_batch("CREATE TABLE dbo.MyTable (Id int IDENTITY(10, 5) NOT NULL, "
                                "CONSTRAINT PK_My PRIMARY KEY (Id))");
  RewrittenStatement s = rewrite_statement(statements.at(0), RewriteContext{});
  EXPECT_EQ(s.pg_sql, "CREATE TABLE \"dbo\".\"mytable\" (\"id\" integer GENERATED ALWAYS AS IDENTITY "
                      "(START WITH 10 INCREMENT BY 5) NOT NULL, CONSTRAINT \"pk_my\" PRIMARY key (\"id\"))");
  ASSERT_EQ(s.pg_after.size(), 3u);
  EXPECT_EQ(s.pg_after[0], "COMMENT ON COLUMN \"dbo\".\"mytable\".\"id\" IS 'tds:int|Id'");
  EXPECT_EQ(s.pg_after[1], "COMMENT ON CONSTRAINT \"pk_my\" ON \"dbo\".\"mytable\" IS 'tds:constraint|PK_My'");
  EXPECT_EQ(s.pg_after[2], "COMMENT ON TABLE \"dbo\".\"mytable\" IS 'tds:table|MyTable'");
}

TEST(RewriterCatalogHooks, ComputedColumnsBecomeGeneratedColumnsAddedAfterTheTable) {
  auto statements = split_batch("CREATE TABLE dbo.T (Id int NOT NULL, [Total Qty] AS (Id * 2) PERSISTED)");
  RewrittenStatement s = rewrite_statement(statements.at(0), RewriteContext{});
  EXPECT_EQ(s.pg_sql, "CREATE TABLE \"dbo\".\"t\" (\"id\" integer NOT NULL)");
  ASSERT_EQ(s.pg_after.size(), 4u);
  const std::string &computed = s.pg_after[1];
  EXPECT_NE(s.pg_after[2].find("'([Id]*(2))'"), std::string::npos) << s.pg_after[2];
  EXPECT_NE(computed.find("CREATE TEMP VIEW tds_computed_probe AS SELECT ((\"id\" * 2)) AS v FROM \"dbo\".\"t\";"),
            std::string::npos)
      << computed;
  EXPECT_NE(computed.find("EXECUTE 'ALTER TABLE \"dbo\".\"t\" ADD COLUMN \"total qty\" ' || column_type || "
                          "' GENERATED ALWAYS AS ((\"id\" * 2)) STORED';"),
            std::string::npos)
      << computed;
  EXPECT_NE(computed.find("attname = 'total qty'"), std::string::npos) << computed;
  EXPECT_NE(computed.find("'|Total Qty'"), std::string::npos) << computed;
  EXPECT_THROW(rewrite_statement(split_batch("CREATE TABLE t (a int, b AS)").at(0), RewriteContext{}), SqlServerError);
}
