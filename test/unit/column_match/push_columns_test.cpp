#include "remote/mssql_column_type.hpp"
#include "column_match/push_columns.hpp"

#include "common/error.hpp"

#include <gtest/gtest.h>

#include <functional>

using namespace mssql_upsert;
using namespace mssql_upsert::sync;
using remote::SourceKind;

namespace {

PushRemoteColumn remote_column(const char *name, const char *type, int max_length = 4) {
  PushRemoteColumn c;
  c.name = name;
  c.type_name = type;
  c.bulk = remote::describe_bulk_column(name, type, max_length, 10, 2);
  return c;
}

std::vector<PushRemoteColumn> orders() {
  std::vector<PushRemoteColumn> r = {remote_column("OrderId", "int"), remote_column("Status", "nvarchar", 40),
                                     remote_column("Total", "decimal", 9), remote_column("Total2", "int")};
  r[3].is_computed = true;
  return r;
}

std::vector<PushSourceColumn> source(std::initializer_list<PushSourceColumn> columns) { return columns; }

std::string error_of(const std::function<void()> &f) {
  try {
    f();
  } catch (const Error &e) {
    return e.sqlstate() + ": " + e.what();
  }
  return "no error";
}

const std::string kTable = "[dbo].[Orders]";

PushRemoteKeys order_keys() { return {{"OrderId"}, {{"OrderId"}}}; }

} // namespace

TEST(PushColumns, MatchesByNameCaseInsensitivelyAndUsesThePrimaryKey) {
  auto result = match_push_columns(kTable, orders(), order_keys(),
                                   source({{"orderid", "integer", SourceKind::Int},
                                           {"status", "text", SourceKind::Text},
                                           {"total", "numeric", SourceKind::Numeric}}),
                                   std::nullopt, std::nullopt);
  ASSERT_EQ(result.pairs.size(), 3u);
  EXPECT_EQ(result.pairs[0].remote_index, 0u);
  EXPECT_TRUE(result.pairs[0].is_key);
  EXPECT_EQ(result.pairs[2].remote_index, 2u);
  EXPECT_FALSE(result.pairs[2].is_key);
  EXPECT_FALSE(result.inserts_identity);
}

TEST(PushColumns, ComputedColumnsAreLeftOut) {
  auto result = match_push_columns(kTable, orders(), order_keys(),
                                   source({{"orderid", "integer", SourceKind::Int}, {"total2", "integer", SourceKind::Int}}),
                                   std::nullopt, std::nullopt);
  EXPECT_EQ(result.pairs.size(), 1u);
  EXPECT_EQ(error_of([&] {
              match_push_columns(kTable, orders(), order_keys(), source({{"orderid", "integer", SourceKind::Int}, {"total2", "integer", SourceKind::Int}}),
                                 std::vector<std::string>{"total2"}, std::nullopt);
            }),
            "42P10: remote column \"Total2\" of [dbo].[Orders] is a computed column and cannot be written");
}

TEST(PushColumns, RequestedColumnsPlusTheKey) {
  auto result = match_push_columns(kTable, orders(), order_keys(),
                                   source({{"orderid", "integer", SourceKind::Int},
                                           {"status", "text", SourceKind::Text},
                                           {"total", "numeric", SourceKind::Numeric}}),
                                   std::vector<std::string>{"total"}, std::nullopt);
  ASSERT_EQ(result.pairs.size(), 2u);
  EXPECT_EQ(result.pairs[0].source_index, 0u);
  EXPECT_EQ(result.pairs[1].source_index, 2u);
}

TEST(PushColumns, Refusals) {
  auto src = source({{"orderid", "integer", SourceKind::Int}, {"note", "text", SourceKind::Text}});
  EXPECT_EQ(error_of([&] { match_push_columns(kTable, orders(), order_keys(), src, std::nullopt, std::nullopt); }),
            "42703: column \"note\" of the push source has no matching column in remote table [dbo].[Orders]");
  EXPECT_EQ(error_of([&] { match_push_columns(kTable, orders(), PushRemoteKeys{}, source({{"orderid", "integer", SourceKind::Int}}), std::nullopt, std::nullopt); }),
            "42P10: remote table [dbo].[Orders] has no primary key");
  EXPECT_EQ(error_of([&] {
              match_push_columns(kTable, orders(), order_keys(), source({{"status", "text", SourceKind::Text}}), std::nullopt, std::nullopt);
            }),
            "42703: key column \"OrderId\" of remote table [dbo].[Orders] is not in the push source");
  EXPECT_EQ(error_of([&] {
              match_push_columns(kTable, orders(), order_keys(), source({{"orderid", "jsonb", SourceKind::Text}}), std::nullopt, std::nullopt);
            }),
            "42804: column \"orderid\" (jsonb) of the push source cannot be stored in remote column \"OrderId\" (int)");
  EXPECT_EQ(error_of([&] {
              match_push_columns(kTable, orders(), order_keys(), source({{"orderid", "integer", SourceKind::Int}}), std::nullopt,
                                 std::vector<std::string>{"nope"});
            }),
            "42703: key column \"nope\" does not exist in remote table [dbo].[Orders]");
  auto variant = orders();
  variant[1].bulk.reset();
  variant[1].type_name = "sql_variant";
  EXPECT_EQ(error_of([&] {
              match_push_columns(kTable, variant, order_keys(), source({{"orderid", "integer", SourceKind::Int}, {"status", "text", SourceKind::Text}}),
                                 std::nullopt, std::nullopt);
            }),
            "0A000: remote column \"Status\" of [dbo].[Orders] has type sql_variant, which the push cannot write");
}

TEST(PushColumns, IdentityKeysAreInserted) {
  auto remote = orders();
  remote[0].is_identity = true;
  auto result = match_push_columns(kTable, remote, order_keys(), source({{"OrderId", "integer", SourceKind::Int}}),
                                   std::nullopt, std::nullopt);
  EXPECT_TRUE(result.inserts_identity);
}

// A key that is not unique remotely would let one source row update several
// remote rows (and the counts go wrong): refused before anything is sent.
TEST(PushColumns, ExplicitKeyMustBeAUniqueKeyOfTheRemoteTable) {
  auto src = source({{"orderid", "integer", SourceKind::Int}, {"status", "text", SourceKind::Text},
                     {"total", "numeric", SourceKind::Numeric}});
  PushRemoteKeys keys = {{"OrderId"}, {{"OrderId"}, {"Status", "Total"}}};
  EXPECT_EQ(error_of([&] { match_push_columns(kTable, orders(), keys, src, std::nullopt, std::vector<std::string>{"status"}); }),
            "42P10: remote table [dbo].[Orders] has no primary key, unique constraint or unique index on (Status)");
  EXPECT_EQ(error_of([&] { match_push_columns(kTable, orders(), keys, src, std::nullopt, std::vector<std::string>{"OrderId", "Status"}); }),
            "42P10: remote table [dbo].[Orders] has no primary key, unique constraint or unique index on (OrderId, Status)");
  auto result = match_push_columns(kTable, orders(), keys, src, std::nullopt, std::vector<std::string>{"total", "STATUS"});
  ASSERT_EQ(result.pairs.size(), 3u);
  EXPECT_FALSE(result.pairs[0].is_key);
  EXPECT_TRUE(result.pairs[1].is_key);
  EXPECT_TRUE(result.pairs[2].is_key);
  EXPECT_NO_THROW(match_push_columns(kTable, orders(), keys, src, std::nullopt, std::vector<std::string>{"orderid"}));
  EXPECT_EQ(error_of([&] { match_push_columns(kTable, orders(), PushRemoteKeys{}, src, std::nullopt, std::vector<std::string>{"OrderId"}); }),
            "42P10: remote table [dbo].[Orders] has no primary key, unique constraint or unique index on (OrderId)");
}
