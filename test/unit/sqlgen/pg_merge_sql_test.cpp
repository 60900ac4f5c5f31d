#include "sqlgen/pg_merge_sql.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

using namespace mssql_upsert::sqlgen;
using sqlgen_test::error_of;

namespace {
PgMergeSpec orders_spec() {
  PgMergeSpec spec;
  spec.target_schema = "public";
  spec.target_table = "Orders";
  spec.staging_table = "_stg_public_Orders_w0";
  spec.columns = {{"id", "integer", "integer", true, false},
                  {"amount", "numeric", "numeric(10,2)", false, false},
                  {"user", "text", "character varying(20)", false, false, true},
                  {"doc", "text", "xml", false, true}};
  return spec;
}
} // namespace

TEST(PgMergeSql, StagingDdlHoldsOnlyPulledColumnsInStagingTypes) {
  EXPECT_EQ(build_pg_staging_ddl(orders_spec()),
            "CREATE TEMP TABLE pg_temp.\"_stg_public_Orders_w0\" (id integer, amount numeric, "
            "\"user\" text, doc text)");
  EXPECT_EQ(build_pg_truncate_staging_sql(orders_spec()),
            "TRUNCATE pg_temp.\"_stg_public_Orders_w0\"");
}

TEST(PgMergeSql, MergeUpdatesOnlyChangedRowsAndCountsBoth) {
  EXPECT_EQ(build_pg_merge_sql(orders_spec()),
            "INSERT INTO public.\"Orders\" AS t (id, amount, \"user\", doc) "
            "SELECT s.id, s.amount, CAST(s.\"user\" AS character varying), CAST(s.doc AS xml) "
            "FROM pg_temp.\"_stg_public_Orders_w0\" AS s WHERE NOT EXISTS (SELECT FROM "
            "public.\"Orders\" AS c WHERE c.id = s.id AND (c.amount, c.\"user\", c.doc::text) IS "
            "NOT DISTINCT FROM (CAST(s.amount AS numeric(10,2)), CAST(s.\"user\" AS character "
            "varying) COLLATE pg_catalog.\"default\", CAST(s.doc AS xml)::text COLLATE "
            "pg_catalog.\"default\") OFFSET 0) ON CONFLICT (id) DO UPDATE SET amount "
            "= EXCLUDED.amount, \"user\" = EXCLUDED.\"user\", doc = EXCLUDED.doc WHERE "
            "(t.amount, t.\"user\", t.doc::text) IS DISTINCT FROM (EXCLUDED.amount, "
            "EXCLUDED.\"user\" COLLATE pg_catalog.\"default\", EXCLUDED.doc::text COLLATE "
            "pg_catalog.\"default\") RETURNING (t.xmax = 0) AS inserted");
}

TEST(PgMergeSql, AnIdentityAlwaysKeyIsInsertedOverridingTheSystemValue) {
  PgMergeSpec spec = orders_spec();
  spec.overriding_system_value = true;
  const std::string merge = build_pg_merge_sql(spec, false);
  const std::string head = "INSERT INTO public.\"Orders\" AS t (id, amount, \"user\", doc) "
                           "OVERRIDING SYSTEM VALUE SELECT s.id, s.amount, ";
  EXPECT_EQ(merge.substr(0, head.size()), head);
  EXPECT_EQ(build_pg_merge_sql(orders_spec()).find("OVERRIDING"), std::string::npos);
}

TEST(PgMergeSql, IntoAPartitionedTableInsertsAreFoundByAKeyProbeNotXmax) {
  PgMergeSpec spec = orders_spec();
  spec.target_partitioned = true;
  spec.columns[2].is_key = true;
  const std::string merge = build_pg_merge_sql(spec);
  const std::string tail = " RETURNING NOT EXISTS (SELECT FROM public.\"Orders\" AS p WHERE p.id = t.id "
                           "AND p.\"user\" = t.\"user\") AS inserted";
  ASSERT_GT(merge.size(), tail.size());
  EXPECT_EQ(merge.substr(merge.size() - tail.size()), tail) << merge;
  EXPECT_EQ(merge.find("xmax"), std::string::npos) << merge;
}

TEST(PgMergeSql, IntoATableThatWasEmptyNoRowIsProbedFirst) {
  EXPECT_EQ(build_pg_merge_sql(orders_spec(), false),
            "INSERT INTO public.\"Orders\" AS t (id, amount, \"user\", doc) "
            "SELECT s.id, s.amount, CAST(s.\"user\" AS character varying), CAST(s.doc AS xml) "
            "FROM pg_temp.\"_stg_public_Orders_w0\" AS s ON CONFLICT (id) DO UPDATE SET amount "
            "= EXCLUDED.amount, \"user\" = EXCLUDED.\"user\", doc = EXCLUDED.doc WHERE "
            "(t.amount, t.\"user\", t.doc::text) IS DISTINCT FROM (EXCLUDED.amount, "
            "EXCLUDED.\"user\" COLLATE pg_catalog.\"default\", EXCLUDED.doc::text COLLATE "
            "pg_catalog.\"default\") RETURNING (t.xmax = 0) AS inserted");
  EXPECT_EQ(build_pg_target_is_empty_sql(orders_spec()),
            "SELECT NOT EXISTS (SELECT FROM public.\"Orders\")");
}

TEST(PgMergeSql, InMemoryStagingIsReadByItsUnqualifiedName) {
  PgMergeSpec spec = orders_spec();
  spec.staging_in_memory = true;
  const std::string merge = build_pg_merge_sql(spec);
  EXPECT_NE(merge.find(" FROM \"_stg_public_Orders_w0\" AS s WHERE NOT EXISTS"), std::string::npos) << merge;
  EXPECT_EQ(merge.find("pg_temp."), std::string::npos) << merge;
  EXPECT_NE(build_pg_duplicate_key_sql(spec).find(" FROM \"_stg_public_Orders_w0\" AS s WHERE"),
            std::string::npos);
}

TEST(PgMergeSql, KeyOnlyTablesDoNothingOnConflict) {
  PgMergeSpec spec = orders_spec();
  spec.columns.resize(1);
  EXPECT_EQ(build_pg_merge_sql(spec),
            "INSERT INTO public.\"Orders\" AS t (id) SELECT s.id FROM "
            "pg_temp.\"_stg_public_Orders_w0\" AS s WHERE NOT EXISTS (SELECT FROM "
            "public.\"Orders\" AS c WHERE c.id = s.id OFFSET 0) ON CONFLICT (id) DO NOTHING "
            "RETURNING (t.xmax = 0) AS inserted");
}

TEST(PgMergeSql, NastyNamesAreQuotedEverywhere) {
  PgMergeSpec spec;
  spec.target_schema = "Sales Dept";
  spec.target_table = "a\"b";
  spec.staging_table = "_stg_x_w0";
  spec.columns = {{"select", "text", "text", true, false},
                  {"Zoë 😀", "bigint", "bigint", false, false},
                  {"x.y", "bytea", "bytea", false, false}};
  EXPECT_EQ(build_pg_merge_sql(spec),
            "INSERT INTO \"Sales Dept\".\"a\"\"b\" AS t (\"select\", \"Zoë 😀\", "
            "\"x.y\") SELECT s.\"select\", s.\"Zoë 😀\", s.\"x.y\" FROM pg_temp._stg_x_w0 AS s "
            "WHERE NOT EXISTS (SELECT FROM \"Sales Dept\".\"a\"\"b\" AS c WHERE c.\"select\" = "
            "s.\"select\" AND (c.\"Zoë 😀\", c.\"x.y\") IS NOT DISTINCT FROM (s.\"Zoë 😀\", "
            "s.\"x.y\") OFFSET 0) ON CONFLICT (\"select\") DO UPDATE SET \"Zoë 😀\" = EXCLUDED.\"Zoë 😀\", \"x.y\" = "
            "EXCLUDED.\"x.y\" WHERE (t.\"Zoë 😀\", t.\"x.y\") IS DISTINCT FROM (EXCLUDED.\"Zoë "
            "😀\", EXCLUDED.\"x.y\") RETURNING (t.xmax = 0) AS inserted");
  EXPECT_EQ(build_pg_staging_ddl(spec), "CREATE TEMP TABLE pg_temp._stg_x_w0 (\"select\" text, "
                                        "\"Zoë 😀\" bigint, \"x.y\" bytea)");
}

TEST(PgMergeSql, DuplicateKeyProbeComparesAsTheLocalKeyDoes) {
  PgMergeSpec spec = orders_spec();
  spec.columns[2].is_key = true; // text staged into character varying(20): no cutting cast
  spec.columns.push_back(
      {"at", "timestamp without time zone", "timestamp(0) without time zone", true, false});
  EXPECT_EQ(build_pg_duplicate_key_sql(spec),
            "SELECT s.id::text, CAST(s.\"user\" AS character varying)::text, CAST(s.at AS "
            "timestamp(0) without time zone)::text FROM pg_temp.\"_stg_public_Orders_w0\" AS s "
            "WHERE s.id IS NOT NULL AND s.\"user\" IS NOT NULL AND s.at IS NOT NULL GROUP BY "
            "s.id, CAST(s.\"user\" AS character varying), CAST(s.at AS timestamp(0) without time "
            "zone) HAVING count(*) > 1 LIMIT 1");
}

TEST(PgMergeSql, RefusesSpecsWithoutColumnsOrKeysAndBadNames) {
  PgMergeSpec spec = orders_spec();
  for (PgStagingColumn &c : spec.columns)
    c.is_key = false;
  EXPECT_EQ(error_of([&] { build_pg_merge_sql(spec); }),
            "42P10: no key columns to merge on for public.\"Orders\"");
  EXPECT_EQ(error_of([&] { build_pg_duplicate_key_sql(spec); }).substr(0, 6), "42P10:");
  spec.columns.clear();
  EXPECT_EQ(error_of([&] { build_pg_staging_ddl(spec); }),
            "22023: no columns to merge into public.\"Orders\"");
  spec = orders_spec();
  spec.staging_table = std::string(64, 's');
  EXPECT_EQ(error_of([&] { build_pg_merge_sql(spec); }).substr(0, 27),
            "42622: staging table name \"");
  spec = orders_spec();
  spec.columns[1].name = "";
  EXPECT_EQ(error_of([&] { build_pg_merge_sql(spec); }), "42602: column name must not be empty");
}
