#include "sqlgen/pg_create_table.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

using namespace mssql_upsert::sqlgen;
using sqlgen_test::error_of;

namespace {

std::string declared(const std::string &type, int length = 0, int precision = 0, int scale = 0) {
  return pg_type_for_remote_type({type, length, precision, scale}, TypeDetail::Declared).value_or("<none>");
}

RemoteTableColumn column(const std::string &name, const std::string &type, bool nullable = true, int length = 0) {
  RemoteTableColumn c;
  c.name = name;
  c.type = {type, length, 0, 0};
  c.nullable = nullable;
  return c;
}

RemoteTableIndex index(const std::string &name, std::vector<std::string> keys) {
  RemoteTableIndex i;
  i.name = name;
  i.key_columns = std::move(keys);
  i.descending.assign(i.key_columns.size(), false);
  return i;
}

CreateTableOptions local(const std::string &schema, const std::string &table) {
  CreateTableOptions options;
  options.local = {schema, table};
  return options;
}

std::optional<std::string> filter(const std::string &definition) {
  return pg_filter_for_remote(definition, [](const std::string &name) -> std::optional<std::string> {
    if (name == "Status" || name == "Qty" || name == "a]b")
      return "\"" + name + "\"";
    return std::nullopt;
  });
}

} // namespace

TEST(PgColumnType, DeclaredTypesKeepLengthsAndPrecisionsAsFormatTypeSpellsThem) {
  EXPECT_EQ(declared("nvarchar", 50), "character varying(50)");
  EXPECT_EQ(declared("VARCHAR", 8000), "character varying(8000)");
  EXPECT_EQ(declared("nvarchar", -1), "text");
  EXPECT_EQ(declared("nchar", 4), "character(4)");
  EXPECT_EQ(declared("xml", -1), "text");
  EXPECT_EQ(declared("decimal", 0, 18, 4), "numeric(18,4)");
  EXPECT_EQ(declared("datetime2", 0, 27, 7), "timestamp(6) without time zone");
  EXPECT_EQ(declared("datetime2", 0, 22, 2), "timestamp(2) without time zone");
  EXPECT_EQ(declared("datetime"), "timestamp(3) without time zone");
  EXPECT_EQ(declared("smalldatetime"), "timestamp(0) without time zone");
  EXPECT_EQ(declared("time", 0, 16, 7), "time(6) without time zone");
  EXPECT_EQ(declared("datetimeoffset", 0, 26, 3), "timestamp(3) with time zone");
  EXPECT_EQ(declared("timestamp"), "bytea");
  EXPECT_EQ(declared("float", 0, 53), "double precision");
  EXPECT_EQ(declared("geography"), "<none>");
  // The foreign tables' mapping is unchanged.
  EXPECT_EQ(pg_type_for_remote_type({"nvarchar", 50, 0, 0}, TypeDetail::Base).value_or(""), "text");
  EXPECT_EQ(pg_type_for_remote_type({"datetime2", 0, 0, 3}, TypeDetail::Base).value_or(""), "timestamp");
  EXPECT_EQ(character_length_from_bytes("NVARCHAR", 100), 50);
  EXPECT_EQ(character_length_from_bytes("nvarchar", -1), -1);
  EXPECT_EQ(character_length_from_bytes("varbinary", 16), 16);
}

TEST(PgDefaultForRemote, TranslatesConstantsTimeFunctionsAndNewid) {
  EXPECT_EQ(pg_default_for_remote("((0))", "integer"), "0");
  EXPECT_EQ(pg_default_for_remote("((-1.5))", "numeric(10,2)"), "-1.5");
  EXPECT_EQ(pg_default_for_remote("((1))", "boolean"), "true");
  EXPECT_EQ(pg_default_for_remote("((0))", "boolean"), "false");
  EXPECT_EQ(pg_default_for_remote("((7))", "character varying(5)"), "'7'");
  EXPECT_EQ(pg_default_for_remote("(N'it''s')", "text"), "'it''s'");
  EXPECT_EQ(pg_default_for_remote("('a\\b')", "text"), "E'a\\\\b'");
  EXPECT_EQ(pg_default_for_remote("(getdate())", "timestamp(3) without time zone"), "LOCALTIMESTAMP");
  EXPECT_EQ(pg_default_for_remote("(SYSDATETIME ( ))", "timestamp(6) without time zone"), "LOCALTIMESTAMP");
  EXPECT_EQ(pg_default_for_remote("(sysdatetimeoffset())", "timestamp(6) with time zone"), "now()");
  EXPECT_EQ(pg_default_for_remote("(getutcdate())", "timestamp(3) without time zone"), "(now() AT TIME ZONE 'utc')");
  EXPECT_EQ(pg_default_for_remote("(newid())", "uuid"), "gen_random_uuid()");
  EXPECT_EQ(pg_default_for_remote("((0x00FF))", "bytea"), "E'\\\\x00FF'");
  EXPECT_EQ(pg_default_for_remote("(NULL)", "integer"), "");
  // No safe equivalent: left out.
  EXPECT_EQ(pg_default_for_remote("(upper('x'))", "text"), std::nullopt);
  EXPECT_EQ(pg_default_for_remote("((1)+(2))", "integer"), std::nullopt);
  EXPECT_EQ(pg_default_for_remote("((0))", "timestamp(3) without time zone"), std::nullopt);
  EXPECT_EQ(pg_default_for_remote("(newid())", "text"), std::nullopt);
  EXPECT_EQ(pg_default_for_remote("('a')+('b')", "text"), std::nullopt);
  EXPECT_EQ(pg_default_for_remote("('a'' ; DROP TABLE x; --')", "text"), "'a'' ; DROP TABLE x; --'");
  EXPECT_EQ(pg_default_for_remote("('a' ; DROP TABLE x; --')", "text"), std::nullopt);
}

TEST(PgFilterForRemote, TranslatesComparisonsAndRefusesTheRest) {
  EXPECT_EQ(filter("([Status]='open' AND [Qty]>(0))"), "(\"Status\" = 'open' AND \"Qty\" > ('0'))");
  EXPECT_EQ(filter("([Qty]>=(-1) OR [Qty] IS NULL)"), "(\"Qty\" >= ('-1') OR \"Qty\" IS NULL)");
  EXPECT_EQ(filter("([Status] IN (N'a', N'b''c'))"), "(\"Status\" IN ('a', 'b''c'))");
  EXPECT_EQ(filter("([a]]b]<>(2))"), "(\"a]b\" <> ('2'))");
  EXPECT_EQ(filter("([Other]=(1))"), std::nullopt);           // a column not in the local table
  EXPECT_EQ(filter("([Status] LIKE 'a%')"), std::nullopt);     // collation-dependent
  EXPECT_EQ(filter("(upper([Status])='A')"), std::nullopt);    // a function
  EXPECT_EQ(filter("([Qty]+(1)>(2))"), std::nullopt);          // arithmetic
  EXPECT_EQ(filter("([Status]='open"), std::nullopt);          // unterminated
  EXPECT_EQ(filter(""), std::nullopt);
}

TEST(PlanPgCreateTable, ColumnsKeysIndexesAndNastyNames) {
  RemoteTableDefinition remote;
  remote.display = "[dbo].[Order Lines]";
  RemoteTableColumn id = column("Order Id", "bigint", false);
  id.identity = true;
  id.identity_seed = 100;
  id.identity_increment = 5;
  RemoteTableColumn line = column("Line]No", "int", false);
  RemoteTableColumn code = column("Code\"X", "nvarchar", true, 20);
  RemoteTableColumn qty = column("qty", "int", false);
  qty.default_definition = "((1))";
  RemoteTableColumn note = column("Note", "nvarchar", true, -1);
  note.default_definition = "(upper('x'))";
  RemoteTableColumn shape = column("Shape", "geography");
  RemoteTableColumn total = column("Total", "int");
  total.computed = true;
  remote.columns = {id, line, code, qty, note, shape, total};
  RemoteTableIndex pk = index("PK_Lines", {"Order Id", "Line]No"});
  pk.primary_key = pk.unique = true;
  RemoteTableIndex uq = index("UQ_Code", {"Code\"X"});
  uq.unique_constraint = uq.unique = true;
  RemoteTableIndex ix = index("IX Qty", {"qty", "Code\"X"});
  ix.descending = {true, false};
  ix.included_columns = {"Note"};
  ix.filter_definition = "([qty]>(0))";
  RemoteTableIndex on_shape = index("IX_Shape", {"Shape"});
  RemoteTableIndex bad_filter = index("IX_Bad", {"qty"});
  bad_filter.filter_definition = "(len([Note])>(0))";
  RemoteTableIndex unique_index = index("UX_Note", {"Note"});
  unique_index.unique = true;
  remote.indexes = {pk, uq, ix, on_shape, bad_filter, unique_index};

  CreateTablePlan plan = plan_pg_create_table(remote, local("Sales Data", "Order\"Lines"));
  ASSERT_EQ(plan.statements.size(), 3u);
  EXPECT_EQ(plan.statements[0], "CREATE TABLE \"Sales Data\".\"Order\"\"Lines\" (\n"
                                "  \"Order Id\" bigint GENERATED BY DEFAULT AS IDENTITY (START WITH 100 INCREMENT BY 5) "
                                "NOT NULL,\n"
                                "  \"Line]No\" integer NOT NULL,\n"
                                "  \"Code\"\"X\" character varying(20),\n"
                                "  qty integer DEFAULT 1 NOT NULL,\n"
                                "  \"Note\" text,\n"
                                "  \"Total\" integer,\n"
                                "  PRIMARY KEY (\"Order Id\", \"Line]No\"),\n"
                                "  UNIQUE NULLS NOT DISTINCT (\"Code\"\"X\")\n"
                                ")");
  EXPECT_EQ(plan.statements[1], "CREATE INDEX ON \"Sales Data\".\"Order\"\"Lines\" (qty DESC, \"Code\"\"X\") "
                                "INCLUDE (\"Note\") WHERE (qty > ('0'))");
  EXPECT_EQ(plan.statements[2], "CREATE UNIQUE INDEX ON \"Sales Data\".\"Order\"\"Lines\" (\"Note\") "
                                "NULLS NOT DISTINCT");
  ASSERT_EQ(plan.notices.size(), 4u);
  EXPECT_EQ(plan.notices[0], "columns of remote table [dbo].[Order Lines] left out of the local table (no PostgreSQL "
                             "type for them): \"Shape\" (geography)");
  EXPECT_EQ(plan.notices[1], "default of column \"Note\" left out: (upper('x')) has no safe PostgreSQL equivalent");
  EXPECT_EQ(plan.notices[2], "index \"IX_Shape\" of [dbo].[Order Lines] left out: its column \"Shape\" is not in the "
                             "local table");
  EXPECT_EQ(plan.notices[3], "index \"IX_Bad\" of [dbo].[Order Lines] left out: its filter (len([Note])>(0)) has no "
                             "PostgreSQL translation");
  ASSERT_EQ(plan.columns.size(), 6u);
  EXPECT_EQ(plan.columns[2], (PgColumnShape{"Code\"X", "character varying(20)"}));

  CreateTableOptions no_indexes = local("public", "lines");
  no_indexes.create_indexes = false;
  no_indexes.fold_names = true;
  CreateTablePlan folded = plan_pg_create_table(remote, no_indexes);
  ASSERT_EQ(folded.statements.size(), 2u); // the unique index stays: it is a constraint
  EXPECT_NE(folded.statements[0].find("  \"order id\" bigint GENERATED"), std::string::npos) << folded.statements[0];
  EXPECT_NE(folded.statements[0].find("  note text,"), std::string::npos) << folded.statements[0];
  EXPECT_EQ(folded.statements[1], "CREATE UNIQUE INDEX ON public.lines (note) NULLS NOT DISTINCT");
}

TEST(PlanPgCreateTable, RefusesWhatCannotBeCreated) {
  RemoteTableDefinition remote;
  remote.display = "[dbo].[T]";
  remote.columns = {column("Id", "int"), column("ID", "int")};
  EXPECT_EQ(plan_pg_create_table(remote, local("public", "t")).columns.size(), 2u);
  CreateTableOptions folded = local("public", "t");
  folded.fold_names = true;
  EXPECT_EQ(error_of([&] { plan_pg_create_table(remote, folded); }),
            "42701: remote columns \"Id\" and \"ID\" of [dbo].[T] would both be local column \"id\"");
  remote.columns = {column("Shape", "geography")};
  EXPECT_EQ(error_of([&] { plan_pg_create_table(remote, local("public", "t")); }),
            "0A000: remote table [dbo].[T] has no column of a type mssql_upsert_fdw can read");
  remote.columns = {column(std::string(64, 'x'), "int")};
  EXPECT_NE(error_of([&] { plan_pg_create_table(remote, local("public", "t")); }).find("42622"), std::string::npos);
  RemoteTableColumn numeric_identity = column("N", "decimal", false);
  numeric_identity.type.precision = 10;
  numeric_identity.identity = true;
  remote.columns = {numeric_identity};
  CreateTablePlan plan = plan_pg_create_table(remote, local("public", "t"));
  EXPECT_EQ(plan.statements.at(0), "CREATE TABLE public.t (\n  \"N\" numeric(10,0) NOT NULL\n)");
  EXPECT_EQ(plan.notices.at(0), "identity of column \"N\" (decimal) left out: PostgreSQL identity columns are "
                                "smallint, integer or bigint");
}

TEST(DescribeColumnDifference, NamesTheFirstDifference) {
  std::vector<PgColumnShape> want = {{"Id", "integer"}, {"Name", "text"}};
  EXPECT_EQ(describe_column_difference(want, {{"Name", "text"}, {"Id", "integer"}}), std::nullopt);
  EXPECT_EQ(describe_column_difference(want, {{"Id", "bigint"}, {"Name", "text"}}),
            "column \"Id\" is bigint, expected integer");
  EXPECT_EQ(describe_column_difference(want, {{"Id", "integer"}}), "column \"Name\" (text) is missing");
  EXPECT_EQ(describe_column_difference(want, {{"Id", "integer"}, {"Name", "text"}, {"x", "text"}}),
            "column \"x\" has no counterpart in the remote table");
}
