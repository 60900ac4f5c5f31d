#include "common/error.hpp"
#include "named_sync/sync_definition.hpp"
#include "named_sync/watermark_sql.hpp"

#include <gtest/gtest.h>

using namespace mssql_upsert;
using namespace mssql_upsert::named_sync;

namespace {

template <typename F> std::string error_of(F &&f) {
  try {
    f();
  } catch (const Error &e) {
    return e.sqlstate() + ": " + e.what();
  }
  return "no error";
}

SyncDefinition pull_definition() {
  SyncDefinition d;
  d.name = "orders";
  d.server = "sales";
  d.remote_table = "dbo.Orders";
  d.local_table = "public.orders";
  return d;
}

const RemoteWatermark kModified{"Modified]At", "datetime2(7)", WatermarkKind::DateTime};
const RemoteWatermark kVersion{"Ver", "bigint", WatermarkKind::Integer};
const RemoteWatermark kRowVersion{"RV", "timestamp", WatermarkKind::RowVersion};

} // namespace

TEST(SyncDefinition, ParsesModesAndNamesTheAcceptedValues) {
  EXPECT_EQ(parse_direction("push"), Direction::Push);
  EXPECT_EQ(parse_incremental("rowversion"), Incremental::RowVersion);
  EXPECT_EQ(parse_deletes("compare"), Deletes::Compare);
  EXPECT_EQ(error_of([] { parse_direction("Pull"); }),
            "22023: argument \"direction\" must be 'pull' or 'push', not 'Pull'");
  EXPECT_EQ(error_of([] { parse_incremental("change_tracking"); }),
            "22023: argument \"incremental\" must be 'none', 'column' or 'rowversion', not "
            "'change_tracking'");
  EXPECT_EQ(error_of([] { parse_deletes(""); }),
            "22023: argument \"deletes\" must be 'none' or 'compare', not ''");
}

TEST(SyncDefinition, RefusesCombinationsThatCannotWork) {
  SyncDefinition d = pull_definition();
  EXPECT_EQ(error_of([&] { check_definition_shape(d); }), "no error");
  d.incremental = Incremental::Column;
  EXPECT_EQ(error_of([&] { check_definition_shape(d); }),
            "22023: sync \"orders\": incremental => 'column' needs watermark_column");
  d.incremental = Incremental::None;
  d.watermark_column = "ModifiedAt";
  EXPECT_EQ(error_of([&] { check_definition_shape(d); }),
            "22023: sync \"orders\": watermark_column is set but incremental is 'none'");
  d.incremental = Incremental::RowVersion;
  d.watermark_lag_us = 1;
  EXPECT_EQ(error_of([&] { check_definition_shape(d); }),
            "22023: sync \"orders\": watermark_lag does not apply to incremental => 'rowversion'");
  d.watermark_lag_us = 0;
  d.direction = Direction::Push;
  EXPECT_NE(error_of([&] { check_definition_shape(d); }).find("0A000: "), std::string::npos);
  // A push compares too; its remote_filter scopes the remote rows, and a
  // local_filter needs one (else every remote row outside it would go).
  d = pull_definition();
  d.direction = Direction::Push;
  d.deletes = Deletes::Compare;
  EXPECT_EQ(error_of([&] { check_definition_shape(d); }), "no error");
  d.local_filter = "region = 'EU'";
  EXPECT_EQ(
      error_of([&] { check_definition_shape(d); }),
      "22023: sync \"orders\": deletes => 'compare' with a local_filter would delete every remote "
      "row the filter leaves out");
  d.remote_filter = "Region = N'EU'";
  EXPECT_EQ(error_of([&] { check_definition_shape(d); }), "no error");
  d.local_filter.reset();
  EXPECT_EQ(error_of([&] { check_definition_shape(d); }), "no error");
  d.deletes = Deletes::None;
  EXPECT_EQ(error_of([&] { check_definition_shape(d); }),
            "22023: sync \"orders\": a push reads no remote rows: remote_filter is only used by "
            "deletes => 'compare', to choose the remote rows compared");
  d = pull_definition();
  d.deletes = Deletes::Compare;
  d.remote_filter = "Region = 'EU'";
  EXPECT_EQ(
      error_of([&] { check_definition_shape(d); }),
      "22023: sync \"orders\": deletes => 'compare' with a remote_filter would delete every local "
      "row the filter leaves out");
  d.local_filter = "region = 'EU'";
  EXPECT_EQ(error_of([&] { check_definition_shape(d); }), "no error");
  d.max_delete_fraction = 1.5;
  EXPECT_EQ(error_of([&] { check_definition_shape(d); }),
            "22023: sync \"orders\": max_delete_fraction must be between 0 and 1");
  d = pull_definition();
  d.local_filter = "true";
  EXPECT_EQ(error_of([&] { check_definition_shape(d); }),
            "22023: sync \"orders\": local_filter is only used by deletes => 'compare'");
}

TEST(WatermarkSql, RemoteTypesByMode) {
  EXPECT_EQ(remote_watermark_kind(Incremental::Column, "DateTime2(3)"), WatermarkKind::DateTime);
  EXPECT_EQ(remote_watermark_kind(Incremental::Column, "datetime"), WatermarkKind::DateTime);
  EXPECT_EQ(remote_watermark_kind(Incremental::Column, "bigint"), WatermarkKind::Integer);
  EXPECT_EQ(remote_watermark_kind(Incremental::Column, "nvarchar(20)"), std::nullopt);
  EXPECT_EQ(remote_watermark_kind(Incremental::Column, "timestamp"), std::nullopt);
  EXPECT_EQ(remote_watermark_kind(Incremental::Column, "datetimeoffset(7)"), std::nullopt);
  EXPECT_EQ(remote_watermark_kind(Incremental::RowVersion, "timestamp"), WatermarkKind::RowVersion);
  EXPECT_EQ(remote_watermark_kind(Incremental::RowVersion, "bigint"), std::nullopt);
}

TEST(WatermarkSql, ColumnModeBoundsAndFilter) {
  EXPECT_EQ(build_tsql_watermark_bound_sql({"dbo", "Orders"}, kModified),
            "SELECT MAX([Modified]]At]) FROM [dbo].[Orders]");
  EXPECT_EQ(build_tsql_watermark_filter(kModified, std::nullopt,
                                        std::string("2024-01-02 03:04:05.1234567")),
            "([Modified]]At] <= CAST(N'2024-01-02 03:04:05.1234567' AS datetime2(7)) OR "
            "[Modified]]At] IS NULL)");
  EXPECT_EQ(build_tsql_watermark_filter(kVersion, std::string("-5"), std::string("17")),
            "[Ver] > -5 AND [Ver] <= 17");
  EXPECT_EQ(build_tsql_watermark_filter(kVersion, std::string("17"), std::nullopt), "1 = 0");
  RemoteWatermark legacy{"M", "datetime", WatermarkKind::DateTime};
  EXPECT_EQ(tsql_watermark_literal(legacy, "2024-01-02 03:04:05"),
            "CAST(N'2024-01-02 03:04:05' AS datetime)");
}

TEST(WatermarkSql, StoredValuesAreCheckedBeforeTheyBecomeLiterals) {
  EXPECT_EQ(error_of([] { tsql_watermark_literal(kVersion, "1; DROP TABLE x"); }),
            "22023: stored watermark '1; DROP TABLE x' is not an integer value");
  EXPECT_EQ(error_of([] { tsql_watermark_literal(kVersion, "12345678901234567890"); }),
            "22023: stored watermark '12345678901234567890' is not an integer value");
  EXPECT_EQ(error_of([] { tsql_watermark_literal(kModified, "2024-01-02 03:04:05.12345678"); }),
            "22023: stored watermark '2024-01-02 03:04:05.12345678' is not a datetime value");
  EXPECT_EQ(error_of([] { tsql_watermark_literal(kModified, "2024-01-02 03:04:05' OR '1"); }),
            "22023: stored watermark '2024-01-02 03:04:05' OR '1' is not a datetime value");
  EXPECT_EQ(error_of([] { tsql_watermark_literal(kRowVersion, "0x00000000000007d1"); }),
            "22023: stored watermark '0x00000000000007d1' is not a rowversion value");
  RemoteWatermark odd{"M", "datetime2(7) --", WatermarkKind::DateTime};
  EXPECT_EQ(error_of([&] { tsql_watermark_literal(odd, "2024-01-02 03:04:05"); }),
            "XX000: unexpected remote type name \"datetime2(7) --\"");
}

TEST(WatermarkSql, RowVersionModeIsBoundedByTheOldestActiveVersion) {
  EXPECT_EQ(build_tsql_watermark_bound_sql({"dbo", "Orders"}, kRowVersion),
            "SELECT MIN_ACTIVE_ROWVERSION()");
  EXPECT_EQ(
      build_tsql_watermark_filter(kRowVersion, std::nullopt, std::string("0x00000000000007D1")),
      "[RV] < 0x00000000000007D1");
  EXPECT_EQ(build_tsql_watermark_filter(kRowVersion, std::string("0x00000000000007D0"),
                                        std::string("0x00000000000007D1")),
            "[RV] >= 0x00000000000007D0 AND [RV] < 0x00000000000007D1");
  EXPECT_EQ(format_rowversion(std::string("\x00\x00\x00\x00\x00\x00\x07\xd1", 8)),
            "0x00000000000007D1");
}

TEST(WatermarkSql, CombinesWithTheCallersFilter) {
  EXPECT_EQ(combine_tsql_filters(std::nullopt, "[V] > 1"), "[V] > 1");
  EXPECT_EQ(combine_tsql_filters(std::string("Region = 'EU' OR Region = 'US'"), "[V] > 1"),
            "(Region = 'EU' OR Region = 'US') AND ([V] > 1)");
  EXPECT_EQ(combine_tsql_filters(std::string("Region = 'EU' -- only EU"), "[V] > 1"),
            "(Region = 'EU' -- only EU\n) AND ([V] > 1)");
  EXPECT_NE(error_of([] { combine_tsql_filters(std::string("1=1) OR (1=1"), "[V] > 1"); }),
            "no error");
}

TEST(WatermarkSql, FormatsRemoteDateTimes) {
  EXPECT_EQ(format_remote_datetime(0, 0), "1900-01-01 00:00:00.0000000");
  EXPECT_EQ(format_remote_datetime(45290, 863'999'999'999), "2024-01-01 23:59:59.9999999");
}

TEST(WatermarkSql, PushSourceBetweenBounds) {
  LocalWatermark stamp{"changed at", "timestamp with time zone", WatermarkKind::DateTime};
  EXPECT_EQ(build_pg_watermark_bound_sql("public.t", stamp),
            "SELECT to_char(max(\"changed at\") AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') "
            "FROM public.t");
  EXPECT_EQ(build_pg_watermark_source_sql("public.t", stamp,
                                          std::string("2024-01-01 00:00:00.000000"),
                                          std::string("2024-01-02 00:00:00.000000"), 5'000'000),
            "SELECT * FROM public.t WHERE \"changed at\" > (('2024-01-01 "
            "00:00:00.000000'::timestamp AT TIME ZONE "
            "'UTC') - interval '1 microsecond' * 5000000) AND \"changed at\" <= ('2024-01-02 "
            "00:00:00.000000'::timestamp "
            "AT TIME ZONE 'UTC')");
  LocalWatermark version{"v", "bigint", WatermarkKind::Integer};
  EXPECT_EQ(build_pg_watermark_bound_sql("public.t", version), "SELECT max(v)::text FROM public.t");
  EXPECT_EQ(build_pg_watermark_source_sql("public.t", version, std::nullopt, std::string("9"), 0),
            "SELECT * FROM public.t WHERE (v <= '9'::bigint OR v IS NULL)");
  EXPECT_EQ(build_pg_watermark_source_sql("public.t", version, std::string("3"), std::nullopt, 0),
            "SELECT * FROM public.t WHERE false");
  EXPECT_EQ(local_watermark_kind("timestamp without time zone"), WatermarkKind::DateTime);
  EXPECT_EQ(local_watermark_kind("date"), std::nullopt);
}
