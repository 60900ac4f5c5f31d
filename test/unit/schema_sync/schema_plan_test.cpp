#include "common/error.hpp"
#include "schema_sync/schema_catalog_sql.hpp"
#include "schema_sync/schema_plan.hpp"

#include <gtest/gtest.h>

using namespace mssql_upsert;
using namespace mssql_upsert::schema_sync;

namespace {

RemoteSchemaTable keyed(const std::string &name, std::vector<std::string> key = {"Id"}) {
  RemoteUniqueKey pk{true, {}};
  for (const std::string &column : key)
    pk.columns.push_back({column, false});
  return {name, {pk}};
}

RemoteForeignKey fk(const std::string &name, const std::string &table, const std::string &parent,
                    std::vector<std::string> columns, std::vector<std::string> referenced = {"Id"}) {
  RemoteForeignKey key;
  key.name = name;
  key.table = table;
  key.referenced_schema = "Sales";
  key.referenced_table = parent;
  key.columns = std::move(columns);
  key.referenced_columns = std::move(referenced);
  return key;
}

SchemaPlanRequest request() {
  SchemaPlanRequest r;
  r.remote_schema = "Sales";
  r.local_schema = "Sales Copy";
  r.sync_group = "sales";
  return r;
}

std::vector<std::string> order_of(const SchemaPlan &plan) {
  std::vector<std::string> out;
  for (const PlannedTable &t : plan.tables)
    out.push_back(t.remote_table + "@" + std::to_string(t.position));
  return out;
}

std::string error_of(const SchemaPlanRequest &r, const std::vector<RemoteSchemaTable> &tables) {
  try {
    plan_schema_sync(r, tables, {});
  } catch (const Error &e) {
    return e.sqlstate() + ": " + e.what();
  }
  return "no error";
}

} // namespace

TEST(SchemaPlan, ParentsRunBeforeChildrenAndSelfReferencesDoNotBlock) {
  // Lines -> Orders -> Customers (two levels), Employees -> Employees (self).
  std::vector<RemoteSchemaTable> tables = {keyed("Lines", {"OrderId", "LineNo"}), keyed("orders"), keyed("Customers"),
                                           keyed("Employees")};
  std::vector<RemoteForeignKey> keys = {fk("FK_Lines_Orders", "Lines", "Orders", {"OrderId"}),
                                        fk("FK_Orders_Customers", "Orders", "customers", {"CustomerId"}),
                                        fk("FK_Boss", "Employees", "Employees", {"BossId"})};
  SchemaPlan plan = plan_schema_sync(request(), tables, keys);
  EXPECT_EQ(order_of(plan), (std::vector<std::string>{"Customers@1", "Employees@2", "orders@3", "Lines@4"}));
  ASSERT_EQ(plan.foreign_keys.size(), 3u);
  EXPECT_EQ(plan.foreign_keys[0].add_sql,
            "ALTER TABLE \"Sales Copy\".\"Lines\" ADD CONSTRAINT \"FK_Lines_Orders\" FOREIGN KEY (\"OrderId\") "
            "REFERENCES \"Sales Copy\".orders (\"Id\") ON DELETE NO ACTION ON UPDATE NO ACTION NOT VALID");
  EXPECT_EQ(plan.foreign_keys[0].validate_sql,
            "ALTER TABLE \"Sales Copy\".\"Lines\" VALIDATE CONSTRAINT \"FK_Lines_Orders\"");
  EXPECT_EQ(plan.foreign_keys[0].sync_name, "sales.Lines");
  EXPECT_EQ(plan.foreign_keys[2].add_sql,
            "ALTER TABLE \"Sales Copy\".\"Employees\" ADD CONSTRAINT \"FK_Boss\" FOREIGN KEY (\"BossId\") "
            "REFERENCES \"Sales Copy\".\"Employees\" (\"Id\") ON DELETE NO ACTION ON UPDATE NO ACTION NOT VALID");
  EXPECT_EQ(plan.tables[3].key_columns, (std::vector<std::string>{"OrderId", "LineNo"}));
  EXPECT_EQ(plan.tables[3].sync_name, "sales.Lines");
  EXPECT_EQ(plan.tables[3].local_table, "\"Sales Copy\".\"Lines\"");
  EXPECT_EQ(plan.tables[3].remote_reference, "[Sales].[Lines]");
}

TEST(SchemaPlan, ReferentialActionsAndQuotedNames) {
  RemoteForeignKey key = fk("FK \"odd\"", "Order]Lines", "Orders", {"Order Id", "x\"y"}, {"Id", "Region"});
  key.delete_action = 1;
  key.update_action = 2;
  SchemaPlan plan = plan_schema_sync(request(), {keyed("Order]Lines"), keyed("Orders", {"Id", "Region"})}, {key});
  ASSERT_EQ(plan.foreign_keys.size(), 1u);
  EXPECT_EQ(plan.foreign_keys[0].add_sql,
            "ALTER TABLE \"Sales Copy\".\"Order]Lines\" ADD CONSTRAINT \"FK \"\"odd\"\"\" FOREIGN KEY (\"Order Id\", "
            "\"x\"\"y\") REFERENCES \"Sales Copy\".\"Orders\" (\"Id\", \"Region\") ON DELETE CASCADE ON UPDATE SET NULL "
            "NOT VALID");
  EXPECT_EQ(plan.tables[1].remote_reference, "[Sales].[Order]]Lines]");
}

TEST(SchemaPlan, TablesWithoutAUsableKeyAreSkippedAndListedLast) {
  RemoteSchemaTable nullable_unique{"Notes", {{false, {{"Code", true}}}}};
  RemoteSchemaTable unique_not_null{"Codes", {{false, {{"Code", false}}}}};
  RemoteSchemaTable heap{"Audit", {}};
  std::vector<RemoteForeignKey> keys = {fk("FK_Codes_Notes", "Codes", "Notes", {"NoteId"}),
                                        fk("FK_Audit", "Audit", "Codes", {"CodeId"})};
  SchemaPlan plan = plan_schema_sync(request(), {nullable_unique, unique_not_null, heap}, keys);
  EXPECT_EQ(order_of(plan), (std::vector<std::string>{"Codes@1", "Audit@0", "Notes@0"}));
  EXPECT_TRUE(plan.tables[0].synced);
  EXPECT_EQ(plan.tables[0].key_columns, (std::vector<std::string>{"Code"}));
  EXPECT_EQ(plan.tables[0].note, "foreign key FK_Codes_Notes references [Sales].[Notes], which is not synced: not created");
  EXPECT_FALSE(plan.tables[1].synced);
  EXPECT_EQ(plan.tables[1].note, "no primary key or unique key: not synced");
  EXPECT_EQ(plan.tables[2].note, "no primary key and no unique key on NOT NULL columns: not synced");
  EXPECT_TRUE(plan.foreign_keys.empty());
}

TEST(SchemaPlan, TablesAndExceptTablesSelectCaseInsensitively) {
  std::vector<RemoteSchemaTable> tables = {keyed("A"), keyed("B"), keyed("C")};
  SchemaPlanRequest only = request();
  only.tables = std::vector<std::string>{"c", "A"};
  EXPECT_EQ(order_of(plan_schema_sync(only, tables, {})), (std::vector<std::string>{"A@1", "C@2"}));
  SchemaPlanRequest except = request();
  except.except_tables = std::vector<std::string>{"b"};
  EXPECT_EQ(order_of(plan_schema_sync(except, tables, {})), (std::vector<std::string>{"A@1", "C@2"}));
  SchemaPlanRequest unknown = request();
  unknown.tables = std::vector<std::string>{"Nope"};
  EXPECT_EQ(error_of(unknown, tables), "42P01: table \"Nope\" named in tables is not a table of remote schema [Sales]");
  SchemaPlanRequest unknown_except = request();
  unknown_except.except_tables = std::vector<std::string>{"Z"};
  EXPECT_EQ(error_of(unknown_except, tables),
            "42P01: table \"Z\" named in except_tables is not a table of remote schema [Sales]");
  SchemaPlanRequest no_group = request();
  no_group.sync_group = "";
  EXPECT_EQ(error_of(no_group, tables), "22023: argument \"sync_group\" must not be NULL or empty");
}

TEST(SchemaPlan, ForeignKeysOutsideTheGroupAreNotedAndCyclesStillRun) {
  RemoteForeignKey outside = fk("FK_Out", "A", "X", {"XId"});
  outside.referenced_schema = "Other";
  std::vector<RemoteForeignKey> keys = {outside, fk("FK_AB", "A", "B", {"BId"}), fk("FK_BA", "B", "A", {"AId"})};
  SchemaPlan plan = plan_schema_sync(request(), {keyed("B"), keyed("A"), keyed("C")}, keys);
  EXPECT_EQ(order_of(plan), (std::vector<std::string>{"C@1", "A@2", "B@3"}));
  EXPECT_EQ(plan.tables[1].note, "foreign key FK_Out references [Other].[X] outside the schema: not created; in a "
                                 "foreign key cycle: runs in name order with the others of the cycle");
  EXPECT_EQ(plan.foreign_keys.size(), 2u);
}

TEST(SchemaPlan, JsonEscapesEveryString) {
  SchemaPlan plan = plan_schema_sync(request(), {keyed("Q\"\\\n")}, {});
  EXPECT_EQ(schema_plan_json(plan),
            "{\"tables\":[{\"remote_table\":\"Q\\\"\\\\\\u000a\",\"remote_reference\":\"[Sales].[Q\\\"\\\\\\u000a]\","
            "\"local_table\":\"\\\"Sales Copy\\\".\\\"Q\\\"\\\"\\\\\\u000a\\\"\",\"sync_name\":\"sales.Q\\\"\\\\\\u000a\","
            "\"synced\":true,\"position\":1,\"key_columns\":[\"Id\"],\"note\":\"\"}],\"foreign_keys\":[]}");
}

TEST(SchemaCatalogSql, TheSchemaIsALiteral) {
  EXPECT_EQ(build_tsql_schema_id_sql("Sa'les"), "SELECT SCHEMA_ID(N'Sa''les')");
  EXPECT_NE(build_tsql_schema_tables_sql("Sa'les").find("t.schema_id = SCHEMA_ID(N'Sa''les')"), std::string::npos);
  EXPECT_NE(build_tsql_schema_foreign_keys_sql("Sa'les").find("f.schema_id = SCHEMA_ID(N'Sa''les') AND f.is_disabled = 0"),
            std::string::npos);
}
