#include "server/batch_variables.hpp"
#include "server/identity_insert.hpp"
#include "server/object_name.hpp"
#include "server/sql_server_errors.hpp"

#include "rewrite_test_support.hpp"

#include <gtest/gtest.h>

using namespace tds_server;
using rewrite_test::error_of;
using rewrite_test::rewrite_one;

TEST(ObjectName, PartsDefaultsAndTempTables) {
  auto parse = [](const std::string &text) {
    auto tokens = split_batch("SELECT " + text).at(0);
    std::size_t i = 1;
    auto name = parse_object_name(tokens, i);
    return name ? name->pg() + " " + name->key() + " " + std::to_string(i) : std::string("none");
  };
  EXPECT_EQ(parse("Orders"), "\"dbo\".\"orders\" dbo.orders 2");
  EXPECT_EQ(parse("[Sales Dept].[O'Brien]]s]"),
            "\"sales dept\".\"o'brien]s\" sales dept.o'brien]s 4");
  EXPECT_EQ(parse("testdb.dbo.T"), "\"dbo\".\"t\" dbo.t 6");
  EXPECT_EQ(parse("testdb..T"), "\"dbo\".\"t\" dbo.t 5");
  EXPECT_EQ(parse("[#stg_T_w0]"), "\"#stg_t_w0\" #stg_t_w0 2");
  EXPECT_EQ(parse("tempdb..#x"), "\"#x\" #x 5");
  EXPECT_EQ(parse("USING"), "none");
}

TEST(Cast, SqlServerTypesBecomeBackendTypes) {
  EXPECT_NE(
      rewrite_one("SELECT CAST([Id] AS nvarchar(max)) FROM t").pg_sql.find("CAST(\"id\" AS text)"),
      std::string::npos);
  EXPECT_NE(rewrite_one("SELECT CAST(x.s AS varbinary(max)) FROM t AS x")
                .pg_sql.find("tds_support.varbinary(\"x\".\"s\")"),
            std::string::npos);
  EXPECT_NE(rewrite_one("SELECT CAST(CASE WHEN a = 1 THEN 2 END AS decimal(10,2)) FROM t")
                .pg_sql.find("CAST(CASE WHEN \"a\" = 1 THEN 2 END AS numeric(10,2))"),
            std::string::npos);
  EXPECT_NE(
      rewrite_one("SELECT DATALENGTH(s) FROM t").pg_sql.find("tds_support.datalength (\"s\")"),
      std::string::npos);
  EXPECT_EQ(error_of("SELECT CAST(1 AS nosuchtype)"),
            "243: Type nosuchtype is not a defined system type.");
}

TEST(Variables, ScalarsAreTypedLiteralsTablesAreTempRelations) {
  BatchVariables variables;
  variables.declare_scalar("@X", *tds::parse_sql_type("int"));
  variables.declare_scalar("@S", *tds::parse_sql_type("nvarchar(10)"));
  variables.assign("@S", std::string("it's"));
  variables.declare_table("@V");
  RewriteContext context;
  context.variables = &variables;
  EXPECT_NE(
      rewrite_one("SELECT @x, @s FROM @v", context)
          .pg_sql.find("CAST(NULL AS integer), CAST('it''s' AS varchar(10)) FROM pg_temp.\"@v\""),
      std::string::npos);
  EXPECT_EQ(error_of("SELECT @y", context), "137: Must declare the scalar variable \"@Y\".");
  EXPECT_EQ(error_of("SELECT * FROM @w", context), "1087: Must declare the table variable \"@W\".");
  EXPECT_EQ(error_of("DECLARE @x bigint", context),
            "134: The variable name '@X' has already been declared. Variable names must be unique "
            "within a query "
            "batch or stored procedure.");
  EXPECT_EQ(variables.drop_sql(), std::vector<std::string>{"DROP TABLE IF EXISTS pg_temp.\"@v\""});
}

TEST(Variables, DeclareAndSetStatements) {
  RewrittenStatement declare = rewrite_one("DECLARE @a int = 1 + 2, @b AS nvarchar(5)");
  ASSERT_EQ(declare.kind, StatementKind::Declare);
  ASSERT_EQ(declare.variables->scalars.size(), 2u);
  EXPECT_EQ(declare.variables->scalars[0].value_sql, "1 + 2");
  EXPECT_EQ(declare.variables->scalars[1].value_sql, "");
  EXPECT_EQ(tds::format_sql_type(declare.variables->scalars[1].type), "nvarchar(5)");
  RewrittenStatement table =
      rewrite_one("DECLARE @merge_actions TABLE ([action] nvarchar(10) NOT NULL)");
  EXPECT_EQ(table.variables->table_name, "@MERGE_ACTIONS");
  EXPECT_EQ(table.variables->table_create.pg_sql,
            "CREATE TABLE \"pg_temp\".\"@merge_actions\" (\"action\" varchar(10) NOT NULL)");
  EXPECT_EQ(error_of("SET @a = 1"), "137: Must declare the scalar variable \"@A\".");
  EXPECT_EQ(error_of("DECLARE @a nosuch"),
            "2715: Column, parameter, or variable #1: Cannot find data type nosuch.");
}

TEST(Identity, ColumnDefinitionAndIdentityInsert) {
  EXPECT_NE(rewrite_one("CREATE TABLE t (id int IDENTITY(100, 10) NOT NULL PRIMARY KEY)")
                .pg_sql.find("\"id\" integer GENERATED ALWAYS AS IDENTITY (START WITH 100 "
                             "INCREMENT BY 10) NOT NULL PRIMARY KEY"),
            std::string::npos);
  EXPECT_NE(
      rewrite_one("CREATE TABLE t (id int IDENTITY)").pg_sql.find("(START WITH 1 INCREMENT BY 1)"),
      std::string::npos);
  EXPECT_NE(rewrite_one("CREATE TABLE t (id int IDENTITY(-1, -1))")
                .pg_sql.find("(START WITH -1 INCREMENT BY -1 MAXVALUE -1)"),
            std::string::npos);

  RewrittenStatement set = rewrite_one("SET IDENTITY_INSERT [dbo].[T] ON");
  ASSERT_EQ(set.kind, StatementKind::IdentityInsert);
  EXPECT_TRUE(set.identity->on);
  EXPECT_EQ(set.identity->table.key(), "dbo.t");
  EXPECT_EQ(error_of("SET IDENTITY_INSERT T MAYBE"), "102: Incorrect syntax near 'MAYBE'.");

  IdentityInsertState state{{"dbo", "T"}, "id"};
  RewriteContext context;
  context.identity_insert = &state;
  RewrittenStatement insert = rewrite_one("INSERT INTO T (Id, Name) VALUES (5, N'x')", context);
  EXPECT_EQ(insert.pg_sql,
            "INSERT INTO t (\"id\", \"name\") OVERRIDING SYSTEM VALUE values (5, 'x')");
  EXPECT_EQ(insert.error_object, "T");
  EXPECT_EQ(rewrite_one("INSERT INTO other (Id) VALUES (5)", context).pg_sql.find("OVERRIDING"),
            std::string::npos);
  EXPECT_EQ(error_of("INSERT dbo.T VALUES (5, N'x')", context),
            "8101: An explicit value for the identity column in table 'T' can only be specified "
            "when a column list is "
            "used and IDENTITY_INSERT is ON.");
  EXPECT_NE(identity_reseed_sql(state).find("pg_get_serial_sequence('\"dbo\".\"t\"', 'id')"),
            std::string::npos);
}

TEST(SqlServerErrors, BackendErrorsGetSqlServerNumbersAndTexts) {
  StatementErrorContext context{"Orders", "INSERT", "testdb"};
  // sqlstate, message, detail, schema, table, column, constraint, constraint type
  auto mapped = [&](std::vector<std::string> f) {
    f.resize(8);
    SqlServerError e = map_backend_error({f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7]}, context);
    return std::to_string(e.number) + "/" + std::to_string(e.severity) + ": " + e.what();
  };
  EXPECT_EQ(mapped({"23505", "duplicate key value violates unique constraint \"orders_pkey\"",
                    "Key (id, code)=(1, a b) already exists.", "dbo", "orders", "", "orders_pkey"}),
            "2627/14: Violation of PRIMARY KEY constraint 'orders_pkey'. Cannot insert duplicate "
            "key in object "
            "'dbo.orders'. The duplicate key value is (1, a b).");
  EXPECT_EQ(mapped({"23505", "", "Key (code)=(x) already exists.", "dbo", "orders", "",
                    "orders_code_key"})
                .substr(0, 49),
            "2627/14: Violation of UNIQUE KEY constraint 'orde");
  EXPECT_EQ(
      mapped({"23505", "", "Key (id)=(7) already exists.", "dbo", "Orders", "", "PK_Orders", "p"}),
      "2627/14: Violation of PRIMARY KEY constraint 'PK_Orders'. Cannot insert duplicate key in "
      "object "
      "'dbo.Orders'. The duplicate key value is (7).");
  EXPECT_EQ(mapped({"23502", "null value in column \"name\"", "", "dbo", "orders", "name", ""}),
            "515/16: Cannot insert the value NULL into column 'name', table 'testdb.dbo.orders'; "
            "column does not allow "
            "nulls. INSERT fails.");
  EXPECT_EQ(mapped({"22001", "value too long for type character varying(5)"}),
            "8152/16: String or binary data would be truncated.");
  EXPECT_EQ(mapped({"22P02", "invalid input syntax for type integer: \"abc\""}),
            "245/16: Conversion failed when converting the nvarchar value 'abc' to data type int.");
  EXPECT_EQ(mapped({"22P02", "invalid input syntax for type numeric: \"x\""}),
            "8114/16: Error converting data type nvarchar to numeric.");
  EXPECT_EQ(mapped({"428C9", "cannot insert a non-DEFAULT value into column \"id\""}),
            "544/16: Cannot insert explicit value for identity column in table 'Orders' when "
            "IDENTITY_INSERT is set "
            "to OFF.");
  EXPECT_EQ(mapped({"428C9", "column \"id\" can only be updated to DEFAULT"}),
            "8102/16: Cannot update identity column 'id'.");
  EXPECT_EQ(mapped({"40P01", "deadlock detected"}).substr(0, 8), "1205/13:");
  EXPECT_EQ(std::string(deadlock_victim_error(57).what()),
            "Transaction (Process ID 57) was deadlocked on lock resources with another process and "
            "has been chosen "
            "as the deadlock victim. Rerun the transaction.");
  EXPECT_EQ(merge_multiple_match_error().number, 8672);
  EXPECT_EQ(mapped({"TS672", "a MERGE target row matched more than one source row"}).substr(0, 60),
            "8672/16: The MERGE statement attempted to UPDATE or DELETE t");
}

// SQL Server ends a -- comment at a carriage return as at a line feed.
TEST(SplitBatch, LineCommentEndsAtCarriageReturnOrLineFeed) {
  auto words = [](const std::string &batch) {
    std::string out;
    for (const auto &statement : split_batch(batch))
      for (const Token &token : statement)
        out += (out.empty() ? "" : " ") + token.text;
    return out;
  };
  EXPECT_EQ(words("SELECT 1 -- x\rFROM t"), "SELECT 1 FROM t");
  EXPECT_EQ(words("SELECT 1 -- x\nFROM t"), "SELECT 1 FROM t");
  EXPECT_EQ(words("SELECT 1 -- x\r\nFROM t"), "SELECT 1 FROM t");
  EXPECT_EQ(words("SELECT 1 -- x FROM t"), "SELECT 1");
}
