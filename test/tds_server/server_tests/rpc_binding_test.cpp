#include "server/rpc_binding.hpp"

#include <gtest/gtest.h>

using namespace tds_server;

namespace {

tds::RpcParameter param(const std::string &name, const std::string &type, const std::string &value, bool null = false) {
  tds::RpcParameter p;
  p.name = name;
  p.type = *tds::parse_sql_type(type);
  p.value = value;
  p.is_null = null;
  return p;
}

std::string text_of(const std::vector<Token> &tokens) {
  std::string out;
  for (const Token &t : tokens)
    out += (out.empty() ? "" : " ") + (t.kind == Token::String ? (t.unicode ? "N'" : "'") + t.text + "'" : t.text);
  return out;
}

std::string bound_sql(const std::string &sql, const std::vector<tds::RpcParameter> &values) {
  auto statements = split_batch(sql);
  bind_parameters(statements, values);
  return rewrite_statement(statements.at(0), RewriteContext{}).pg_sql;
}

tds::RpcRequest executesql(std::vector<tds::RpcParameter> parameters) {
  tds::RpcRequest request;
  request.procedure = "sp_executesql";
  request.parameters = std::move(parameters);
  return request;
}

} // namespace

TEST(RpcBinding, ParameterTokensCarryTheType) {
  EXPECT_EQ(text_of(parameter_tokens(param("@P1", "int", "42"))), "42");
  EXPECT_EQ(text_of(parameter_tokens(param("@P1", "bigint", "-7"))), "( - 7 )");
  EXPECT_EQ(text_of(parameter_tokens(param("@P1", "bit", "1"))), "1");
  EXPECT_EQ(text_of(parameter_tokens(param("@P1", "bit", "", true))), "NULL");
  EXPECT_EQ(text_of(parameter_tokens(param("@P1", "int", "", true))), "CAST ( NULL AS int )");
  EXPECT_EQ(text_of(parameter_tokens(param("@P1", "nvarchar(1)", "it's"))), "CAST ( N'it's' AS nvarchar(max) )");
  EXPECT_EQ(text_of(parameter_tokens(param("@P1", "varchar(10)", "x"))), "CAST ( 'x' AS varchar(max) )");
  EXPECT_EQ(text_of(parameter_tokens(param("@P1", "varbinary(8000)", std::string("\x00\xff", 2)))),
            "CAST ( 0x00FF AS varbinary(max) )");
  EXPECT_EQ(text_of(parameter_tokens(param("@P1", "decimal(10,2)", "-1.50"))), "CAST ( '-1.50' AS decimal(10,2) )");
  EXPECT_EQ(text_of(parameter_tokens(param("@P1", "datetime2(6)", "2024-01-02 03:04:05.000006"))),
            "CAST ( '2024-01-02 03:04:05.000006' AS datetime2(6) )");
}

TEST(RpcBinding, BindsVariablesCaseInsensitivelyIntoBackendSql) {
  EXPECT_EQ(bound_sql("SELECT a FROM t WHERE b = @P1 AND c = @p2",
                      {param("@P1", "nvarchar(max)", "O'Brien"), param("@P2", "int", "3")}),
            "SELECT \"a\" AS \"\x01" "a\" FROM \"t\" WHERE \"b\" = CAST('O''Brien' AS text) AND \"c\" = 3");
  EXPECT_EQ(bound_sql("SELECT TOP (@n) a FROM t", {param("@n", "int", "5")}), "SELECT \"a\" AS \"\x01" "a\" FROM \"t\" LIMIT 5");
  EXPECT_EQ(bound_sql("UPDATE t SET x = @v", {param("@v", "varbinary(max)", "")}),
            "UPDATE \"t\" SET \"x\" = tds_support.varbinary('\\x'::bytea)");
  EXPECT_THROW(bound_sql("SELECT @other", {param("@P1", "int", "1")}), SqlServerError);
}

TEST(RpcBinding, ExecuteSqlCallNamesPositionalValuesFromTheDeclaration) {
  ExecuteSqlCall call = execute_sql_call(executesql({param("", "nvarchar(max)", "SELECT @a, @b"),
                                                     param("", "nvarchar(max)", "@a decimal(10, 2), @b int OUTPUT"),
                                                     param("", "decimal(10,2)", "1.00"), param("", "int", "2")}));
  EXPECT_EQ(call.statement, "SELECT @a, @b");
  ASSERT_EQ(call.values.size(), 2u);
  EXPECT_EQ(call.values[0].name, "@A");
  EXPECT_EQ(call.values[1].name, "@B");
  EXPECT_EQ(execute_sql_call(executesql({param("", "nvarchar(max)", "SELECT 1")})).values.size(), 0u);
}

TEST(RpcBinding, ValuesAreConvertedToTheDeclaredTypeAsSqlServerDoes) {
  ExecuteSqlCall call = execute_sql_call(executesql(
      {param("", "nvarchar(max)", "SELECT @p1, @p2, @p3"),
       param("", "nvarchar(max)", "@p1 bigint, @p2 decimal(38, 10) OUTPUT, @p3 nvarchar(4000)"),
       param("@p1", "nvarchar(4000)", "42"), param("@p2", "nvarchar(4000)", "-1.5"),
       param("@p3", "nvarchar(4000)", "x")}));
  EXPECT_EQ(call.declared_types,
            (std::vector<std::string>{"BIGINT", "DECIMAL(38,10)", "NVARCHAR(4000)"}));
  EXPECT_EQ(text_of(parameter_tokens(call.values[0], call.declared_types[0])),
            "CAST ( CAST ( N'42' AS nvarchar(max) ) AS BIGINT )");
  // Characters declared as characters, or a value of the declared type, stay as sent.
  EXPECT_EQ(text_of(parameter_tokens(call.values[2], call.declared_types[2])),
            "CAST ( N'x' AS nvarchar(max) )");
  EXPECT_EQ(text_of(parameter_tokens(param("@P1", "int", "7"), "INT")), "7");
  EXPECT_EQ(text_of(parameter_tokens(param("@P1", "nvarchar(10)", "", true), "DATE")),
            "CAST ( CAST ( NULL AS nvarchar(max) ) AS DATE )");
  EXPECT_EQ(text_of(parameter_tokens(param("@P1", "nvarchar(4)", "true"), "BIT")), "1");
  EXPECT_EQ(text_of(parameter_tokens(param("@P1", "nvarchar(4)", "0"), "BIT")), "0");
  EXPECT_THROW(parameter_tokens(param("@P1", "nvarchar(4)", "yes"), "BIT"), SqlServerError);
  auto statements = split_batch(call.statement);
  bind_parameters(statements, call.values, call.declared_types);
  EXPECT_EQ(rewrite_statement(statements.at(0), RewriteContext{})
                    .pg_sql.find("CAST(CAST('42' AS text) AS bigint)") != std::string::npos,
            true)
      << rewrite_statement(statements.at(0), RewriteContext{}).pg_sql;
}

TEST(RpcBinding, ExecuteSqlCallErrorsAsSqlServer) {
  auto number = [](const tds::RpcRequest &request) {
    try {
      execute_sql_call(request);
    } catch (const SqlServerError &e) {
      return e.number;
    }
    return 0;
  };
  tds::RpcRequest other = executesql({});
  other.procedure = "sp_who";
  EXPECT_EQ(number(other), 2812);
  EXPECT_EQ(number(executesql({})), 214);
  EXPECT_EQ(number(executesql({param("", "int", "1")})), 214);
  EXPECT_EQ(number(executesql({param("", "nvarchar(max)", "SELECT @a"), param("", "nvarchar(max)", "@a int")})), 8178);
  EXPECT_EQ(number(executesql({param("", "nvarchar(max)", "SELECT 1"), param("", "nvarchar(max)", ""),
                               param("", "int", "1")})),
            8144);
  tds::RpcParameter output = param("@a", "int", "1");
  output.by_reference = true;
  EXPECT_EQ(number(executesql({param("", "nvarchar(max)", "SELECT @a"), param("", "nvarchar(max)", "@a int OUTPUT"),
                               output})),
            102);
}
