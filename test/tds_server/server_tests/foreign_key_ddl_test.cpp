#include "rewrite_test_support.hpp"

#include <gtest/gtest.h>

using namespace tds_server;
using rewrite_test::error_of;
using rewrite_test::rewrite_one;

TEST(ForeignKeyDdl, ColumnAndTableReferencesBecomeBackendForeignKeys) {
  RewrittenStatement s = rewrite_one(
      "CREATE TABLE Shop.[Order]]Lines] (Id int NOT NULL PRIMARY KEY, Parent int REFERENCES Shop.[Order]]Lines], "
      "Cust int CONSTRAINT FK_Cust FOREIGN KEY REFERENCES Customers (No) ON DELETE SET NULL ON UPDATE CASCADE, "
      "A int, B int, CONSTRAINT [FK AB] FOREIGN KEY (A, B) REFERENCES Shop.Pairs (X, Y) NOT FOR REPLICATION, "
      "FOREIGN KEY (B) REFERENCES Other ON DELETE NO ACTION)");
  EXPECT_EQ(s.pg_sql,
            "CREATE TABLE \"shop\".\"order]lines\" (\"id\" integer NOT NULL PRIMARY KEY, "
            "\"parent\" integer REFERENCES \"shop\".\"order]lines\", "
            "\"cust\" integer CONSTRAINT \"fk_cust\" REFERENCES \"dbo\".\"customers\" (\"no\") ON DELETE SET NULL "
            "ON UPDATE CASCADE, \"a\" integer, \"b\" integer, "
            "CONSTRAINT \"fk ab\" FOREIGN KEY (\"a\", \"b\") REFERENCES \"shop\".\"pairs\" (\"x\", \"y\"), "
            "FOREIGN KEY (\"b\") REFERENCES \"dbo\".\"other\" ON DELETE NO ACTION)");
  int named = 0;
  for (const std::string &sql : s.pg_after)
    named += sql.find("tds:constraint|FK_Cust") != std::string::npos ||
             sql.find("tds:constraint|FK AB") != std::string::npos;
  EXPECT_EQ(named, 2) << "declared constraint names are kept for the catalog";
}

TEST(ForeignKeyDdl, RefusesWhatSqlServerRefuses) {
  EXPECT_EQ(error_of("CREATE TABLE T (a int REFERENCES U (x) ON DELETE EXPLODE)"), "102: Incorrect syntax near 'EXPLODE'.");
  EXPECT_EQ(error_of("CREATE TABLE T (a int, FOREIGN KEY (a) U (x))"), "102: Incorrect syntax near 'U'.");
  EXPECT_EQ(error_of("CREATE TABLE T (a int, FOREIGN KEY (a) REFERENCES U (x) garbage)"),
            "102: Incorrect syntax near 'garbage'.");
}

TEST(SchemaDdl, CreateAndDropSchema) {
  RewrittenStatement created = rewrite_one("CREATE SCHEMA [Sales Data] AUTHORIZATION dbo");
  EXPECT_EQ(created.pg_sql, "CREATE SCHEMA \"sales data\"");
  ASSERT_EQ(created.pg_after.size(), 1u);
  EXPECT_EQ(created.pg_after[0], "COMMENT ON SCHEMA \"sales data\" IS 'tds:schema|Sales Data'");
  EXPECT_EQ(rewrite_one("DROP SCHEMA IF EXISTS Sales").pg_sql, "DROP SCHEMA IF EXISTS \"sales\" RESTRICT");
  EXPECT_EQ(rewrite_one("DROP SCHEMA Sales").pg_sql, "DROP SCHEMA \"sales\" RESTRICT");
  EXPECT_EQ(error_of("CREATE SCHEMA Sales extra"), "102: Incorrect syntax near 'extra'.");
}
