#include "wire/sql_type.hpp"

#include <gtest/gtest.h>

using namespace tds;

TEST(SqlType, ParsesDeclarationsWithSqlServerDefaults) {
  EXPECT_EQ(format_sql_type(*parse_sql_type("INT")), "int");
  EXPECT_EQ(format_sql_type(*parse_sql_type("NVARCHAR(50)")), "nvarchar(50)");
  EXPECT_EQ(format_sql_type(*parse_sql_type("nvarchar(max)")), "nvarchar(max)");
  EXPECT_EQ(format_sql_type(*parse_sql_type("decimal")), "decimal(18,0)");
  EXPECT_EQ(format_sql_type(*parse_sql_type("numeric ( 10 , 2 )")), "numeric(10,2)");
  EXPECT_EQ(format_sql_type(*parse_sql_type("datetime2")), "datetime2(7)");
  EXPECT_EQ(format_sql_type(*parse_sql_type("char")), "char(1)");
  EXPECT_EQ(format_sql_type(*parse_sql_type("float(24)")), "real");
  EXPECT_EQ(format_sql_type(*parse_sql_type("float")), "float");
  EXPECT_EQ(format_sql_type(*parse_sql_type("varbinary(max)")), "varbinary(max)");
}

TEST(SqlType, RejectsWhatSqlServerRejects) {
  for (const char *bad : {"nvarchar(4001)", "varchar(0)", "decimal(39,0)", "decimal(5,6)", "char(max)",
                          "datetime2(8)", "int(4)", "nosuchtype", "nvarchar(50", "text(10)", "float(54)"})
    EXPECT_FALSE(parse_sql_type(bad).has_value()) << bad;
}

TEST(SqlType, BackendTypesAndSysMaxLength) {
  EXPECT_EQ(backend_pg_type(*parse_sql_type("nvarchar(50)")), "varchar(50)");
  EXPECT_EQ(backend_pg_type(*parse_sql_type("datetime2(7)")), "timestamp(6)");
  EXPECT_EQ(backend_pg_type(*parse_sql_type("datetime")), "timestamp(3)");
  EXPECT_EQ(backend_pg_type(*parse_sql_type("money")), "numeric(19,4)");
  EXPECT_EQ(backend_pg_type(*parse_sql_type("bit")), "smallint");
  EXPECT_EQ(backend_pg_type(*parse_sql_type("uniqueidentifier")), "uuid");
  EXPECT_EQ(sys_max_length(*parse_sql_type("nvarchar(50)")), 100);
  EXPECT_EQ(sys_max_length(*parse_sql_type("nvarchar(max)")), -1);
  EXPECT_EQ(sys_max_length(*parse_sql_type("decimal(38,10)")), 17);
  EXPECT_EQ(sys_max_length(*parse_sql_type("decimal(9,2)")), 5);
  EXPECT_EQ(sys_max_length(*parse_sql_type("datetimeoffset(7)")), 10);
  EXPECT_TRUE(is_plp(*parse_sql_type("ntext")));
  EXPECT_FALSE(is_plp(*parse_sql_type("nvarchar(4000)")));
}
