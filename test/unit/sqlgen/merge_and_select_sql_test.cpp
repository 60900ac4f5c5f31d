#include "sqlgen/pg_merge_sql.hpp"
#include "sqlgen/tsql_select_sql.hpp"

#include <gtest/gtest.h>

using namespace mssql_upsert::sqlgen;

namespace {
PgMergeSpec orders_spec() {
  PgMergeSpec spec;
  spec.target_schema = "public";
  spec.target_table = "Orders";
  spec.staging_table = "_stg_public_Orders_w0";
  spec.columns = {{"id", "integer", "integer", true, false},
                  {"amount", "numeric", "numeric(10,2)", false, false},
                  {"user", "text", "text", false, false},
                  {"doc", "text", "xml", false, true}};
  return spec;
}
} // namespace

TEST(PgMergeSql, StagingDdl) {
  EXPECT_EQ(build_pg_staging_ddl(orders_spec()),
            "CREATE TEMP TABLE pg_temp.\"_stg_public_Orders_w0\" (id integer, amount numeric, \"user\" "
            "text, doc text)");
}

TEST(PgMergeSql, MergeUpdatesOnlyChangedRows) {
  EXPECT_EQ(build_pg_merge_sql(orders_spec()),
            "WITH merged AS (INSERT INTO public.\"Orders\" AS t (id, amount, \"user\", doc) SELECT s.id, "
            "s.amount::numeric(10,2), s.\"user\", s.doc::xml FROM pg_temp.\"_stg_public_Orders_w0\" AS s "
            "ON CONFLICT (id) DO UPDATE SET amount = EXCLUDED.amount, \"user\" = EXCLUDED.\"user\", "
            "doc = EXCLUDED.doc WHERE (t.amount, t.\"user\", t.doc::text) IS DISTINCT FROM "
            "(EXCLUDED.amount, EXCLUDED.\"user\", EXCLUDED.doc::text) RETURNING (t.xmax = 0) AS "
            "inserted) SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) "
            "FROM merged");
}

TEST(PgMergeSql, KeyOnlyTablesDoNothingOnConflict) {
  PgMergeSpec spec = orders_spec();
  spec.columns.resize(1);
  std::string sql = build_pg_merge_sql(spec);
  EXPECT_NE(sql.find("ON CONFLICT (id) DO NOTHING RETURNING"), std::string::npos) << sql;
}

TEST(PgMergeSql, DuplicateKeyProbeAndTruncate) {
  PgMergeSpec spec = orders_spec();
  spec.columns[2].is_key = true;
  EXPECT_EQ(build_pg_duplicate_key_sql(spec),
            "SELECT id::text, \"user\"::text FROM pg_temp.\"_stg_public_Orders_w0\" GROUP BY id, "
            "\"user\" HAVING count(*) > 1 LIMIT 1");
  EXPECT_EQ(build_pg_truncate_staging_sql(spec), "TRUNCATE pg_temp.\"_stg_public_Orders_w0\"");
}

TEST(TsqlSelectSql, QuotesEverythingAndWrapsTheFilter) {
  QualifiedName table{"dbo", "Order]Details"};
  EXPECT_EQ(build_tsql_describe_sql(table), "SELECT TOP 0 * FROM [dbo].[Order]]Details]");
  EXPECT_EQ(build_tsql_select_sql(table, {"Id", "Note]x"}, std::string("ModifiedAt > '2024-01-01' OR 1=1")),
            "SELECT [Id], [Note]]x] FROM [dbo].[Order]]Details] WHERE (ModifiedAt > '2024-01-01' OR 1=1)");
  EXPECT_EQ(build_tsql_select_sql(table, {"Id"}, std::nullopt), "SELECT [Id] FROM [dbo].[Order]]Details]");
}
