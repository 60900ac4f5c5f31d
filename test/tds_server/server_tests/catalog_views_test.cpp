#include "server/catalog_types.hpp"
#include "server/catalog_views.hpp"
#include "wire/sql_type.hpp"

#include <gtest/gtest.h>

#include <set>

using namespace tds_server;

TEST(CatalogViews, EveryColumnHasAKnownTypeAndAUniqueName) {
  for (const CatalogView &view : catalog_views("testdb")) {
    std::set<std::string> names;
    for (const CatalogViewColumn &column : view.columns) {
      EXPECT_TRUE(tds::parse_sql_type(column.sql_type)) << view.name << "." << column.name;
      EXPECT_TRUE(names.insert(column.name).second) << view.name << "." << column.name;
    }
  }
}

TEST(CatalogViews, ViewSqlCastsEachColumnAndRecordsItsSqlServerType) {
  CatalogView view{"sys", "demo", {{"name", "nvarchar(128)", "o.name"}, {"IS_X", "bit", "o.x"}}, "FROM t o"};
  EXPECT_EQ(catalog_view_sql(view),
            "CREATE VIEW sys.demo AS SELECT (o.name)::varchar(128) COLLATE tds_catalog.ci AS \"name\", "
            "(o.x)::smallint AS \"is_x\" FROM t o;\n"
            "COMMENT ON COLUMN sys.demo.\"name\" IS 'tds:nvarchar(128)|name';\n"
            "COMMENT ON COLUMN sys.demo.\"is_x\" IS 'tds:bit|IS_X';\n");
}

TEST(CatalogViews, InformationSchemaNamesTheDatabaseAndLivesApartFromPostgres) {
  bool found = false;
  for (const CatalogView &view : catalog_views("Sales'DB"))
    if (view.schema == "tds_information_schema" && view.name == "tables") {
      found = true;
      EXPECT_EQ(view.columns.at(0).name, "TABLE_CATALOG");
      EXPECT_EQ(view.columns.at(0).expression, "'Sales''DB'");
    }
  EXPECT_TRUE(found);
  EXPECT_NE(catalog_bootstrap_sql("testdb").find("CREATE VIEW tds_information_schema.columns AS"), std::string::npos);
}

TEST(SysTypes, SqlServerTypeIds) {
  EXPECT_EQ(find_sys_type("nvarchar")->system_type_id, 231);
  EXPECT_EQ(find_sys_type("sysname")->user_type_id, 256);
  EXPECT_EQ(find_sys_type("sysname")->system_type_id, 231);
  EXPECT_EQ(find_sys_type("timestamp")->system_type_id, 189);
  EXPECT_EQ(find_sys_type("geography")->user_type_id, 130);
  EXPECT_TRUE(find_sys_type("geography")->assembly);
  EXPECT_EQ(find_sys_type("datetimeoffset")->precision, 34);
  EXPECT_EQ(find_sys_type("nosuch"), nullptr);
  // every type the server can declare is listed
  for (const char *name : {"bit", "tinyint", "smallint", "int", "bigint", "decimal", "numeric", "money", "smallmoney",
                           "real", "float", "char", "varchar", "nchar", "nvarchar", "text", "ntext", "binary",
                           "varbinary", "image", "date", "time", "datetime", "datetime2", "smalldatetime",
                           "datetimeoffset", "uniqueidentifier", "xml"}) {
    auto type = tds::parse_sql_type(name);
    ASSERT_TRUE(type) << name;
    EXPECT_NE(find_sys_type(tds::sql_type_name(type->type)), nullptr) << name;
  }
}
