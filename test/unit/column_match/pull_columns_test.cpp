#include "common/error.hpp"
#include "column_match/pull_columns.hpp"

#include <gtest/gtest.h>

#include <functional>

using mssql_upsert::Error;
using namespace mssql_upsert::sync;

namespace {

LocalTableInfo orders_table() {
  LocalTableInfo local;
  local.display_name = "public.orders";
  local.columns = {{"id", "integer", true, false, false},
                   {"customerid", "integer", false, false, false},
                   {"note", "text", false, false, false},
                   {"loaded_at", "timestamp", true, true, false},
                   {"total_x2", "numeric", false, false, true}};
  local.primary_key = {0};
  local.unique_indexes = {{0}, {1, 0}};
  return local;
}

std::vector<RemoteColumnInfo> orders_remote() {
  return {{"Id", "int"}, {"CustomerId", "int"}, {"Note", "nvarchar(50)"}, {"Extra", "bit"}};
}

std::string error_of(const std::function<void()> &f) {
  try {
    f();
  } catch (const Error &e) {
    return e.sqlstate() + ": " + e.what();
  }
  return "";
}

} // namespace

TEST(PullColumns, MatchesCaseInsensitivelyAndSkipsUnmatchedDefaults) {
  PullColumns plan = match_pull_columns("[dbo].[Orders]", orders_remote(), orders_table(),
                                        std::nullopt, std::nullopt);
  ASSERT_EQ(plan.pairs.size(), 3u);
  EXPECT_EQ(plan.pairs[0].remote_index, 0u);
  EXPECT_EQ(plan.pairs[0].local_index, 0u);
  EXPECT_EQ(plan.pairs[1].remote_index, 1u);
  EXPECT_EQ(plan.pairs[1].local_index, 1u);
  EXPECT_EQ(plan.pairs[2].remote_index, 2u);
  EXPECT_EQ(plan.pairs[2].local_index, 2u);
  ASSERT_EQ(plan.key_pairs.size(), 1u);
  EXPECT_EQ(plan.key_pairs[0], 0u);
}

TEST(PullColumns, ExactCaseWinsAndAmbiguityIsAnError) {
  std::vector<RemoteColumnInfo> remote = {{"id", "int"}, {"ID", "int"}, {"note", "text"}};
  LocalTableInfo local = orders_table();
  local.columns.resize(3);
  local.columns[1].name = "note";
  local.columns.pop_back();
  PullColumns plan = match_pull_columns("t", remote, local, std::nullopt, std::nullopt);
  EXPECT_EQ(plan.pairs[0].remote_index, 0u);

  local.columns[0].name = "Id";
  EXPECT_EQ(error_of([&] { match_pull_columns("[dbo].[t]", remote, local, std::nullopt, std::nullopt); }),
            "42P10: column name \"Id\" is ambiguous in [dbo].[t]");
}

TEST(PullColumns, KeyWithoutRemoteTwinIsAnError) {
  std::vector<RemoteColumnInfo> remote = {{"CustomerId", "int"}};
  EXPECT_EQ(error_of([&] { match_pull_columns("[dbo].[Orders]", remote, orders_table(), std::nullopt, std::nullopt); }),
            "42703: key column \"id\" of public.orders has no matching column in remote table "
            "[dbo].[Orders]");
}

TEST(PullColumns, NotNullWithoutDefaultMustBeFilled) {
  LocalTableInfo local = orders_table();
  local.columns[3].has_default = false;
  EXPECT_EQ(error_of([&] { match_pull_columns("[dbo].[Orders]", orders_remote(), local, std::nullopt, std::nullopt); }),
            "23502: column \"loaded_at\" of public.orders is NOT NULL without a default and has no "
            "matching column in remote table [dbo].[Orders]");
}

TEST(PullColumns, RequestedColumnsAlwaysCarryTheKey) {
  PullColumns plan = match_pull_columns("r", orders_remote(), orders_table(),
                                        std::vector<std::string>{"NOTE"}, std::nullopt);
  ASSERT_EQ(plan.pairs.size(), 2u);
  EXPECT_EQ(plan.pairs[0].local_index, 2u);
  EXPECT_EQ(plan.pairs[1].local_index, 0u);
  EXPECT_EQ(plan.key_pairs, std::vector<std::size_t>{1});

  EXPECT_EQ(error_of([&] { match_pull_columns("r", orders_remote(), orders_table(), std::vector<std::string>{"nope"}, std::nullopt); }),
            "42703: column \"nope\" does not exist in local table public.orders");
  EXPECT_EQ(error_of([&] { match_pull_columns("r", orders_remote(), orders_table(), std::vector<std::string>{"loaded_at"}, std::nullopt); }),
            "42703: column \"loaded_at\" of public.orders has no matching column in remote table r");
  EXPECT_EQ(error_of([&] { match_pull_columns("r", orders_remote(), orders_table(), std::vector<std::string>{"note", "Note"}, std::nullopt); }),
            "22023: column \"Note\" is listed twice");
  EXPECT_EQ(error_of([&] { match_pull_columns("r", orders_remote(), orders_table(), std::vector<std::string>{"total_x2"}, std::nullopt); }),
            "0A000: column \"total_x2\" of public.orders is a generated column and cannot be pulled into");
}

TEST(PullColumns, ExplicitKeyNeedsAUniqueIndexOnExactlyThoseColumns) {
  PullColumns plan = match_pull_columns("r", orders_remote(), orders_table(), std::nullopt,
                                        std::vector<std::string>{"CustomerId", "id"});
  EXPECT_EQ(plan.key_pairs, (std::vector<std::size_t>{1, 0}));
  EXPECT_EQ(error_of([&] { match_pull_columns("r", orders_remote(), orders_table(), std::nullopt, std::vector<std::string>{"customerid"}); }),
            "42P10: local table public.orders has no unique index on (customerid)");
  EXPECT_EQ(error_of([&] { match_pull_columns("r", orders_remote(), orders_table(), std::nullopt, std::vector<std::string>{"missing"}); }),
            "42703: key column \"missing\" does not exist in local table public.orders");
  EXPECT_EQ(error_of([&] { match_pull_columns("r", orders_remote(), orders_table(), std::nullopt, std::vector<std::string>{}); }),
            "22023: key_columns must name at least one column");
}

TEST(PullColumns, NoPrimaryKeyNoKeyColumns) {
  LocalTableInfo local = orders_table();
  local.primary_key.clear();
  EXPECT_EQ(error_of([&] { match_pull_columns("r", orders_remote(), local, std::nullopt, std::nullopt); }),
            "42P10: local table public.orders has no primary key");
}

TEST(PullColumns, UnreadableRemoteTypeNamesBothTypes) {
  std::vector<RemoteColumnInfo> remote = orders_remote();
  remote[2] = {"Note", "sql_variant", false};
  EXPECT_EQ(error_of([&] { match_pull_columns("[dbo].[Orders]", remote, orders_table(), std::nullopt, std::nullopt); }),
            "42804: remote column \"Note\" of [dbo].[Orders] has type sql_variant, which cannot be "
            "pulled into column \"note\" (text)");
}

TEST(PullColumns, UnmatchedNullableColumnIsSkipped) {
  std::vector<RemoteColumnInfo> remote = {{"id", "int"}};
  LocalTableInfo local;
  local.display_name = "t";
  local.columns = {{"a", "int", false, false, false}, {"id", "int", true, false, false}};
  local.primary_key = {1};
  local.unique_indexes = {{1}};
  PullColumns plan = match_pull_columns("r", remote, local, std::nullopt, std::nullopt);
  EXPECT_EQ(plan.pairs.size(), 1u);
}

// An identity column GENERATED ALWAYS takes the remote key on insert (OVERRIDING
// SYSTEM VALUE); keys are never updated, but any other column would be.
TEST(PullColumns, IdentityAlwaysColumnsArePulledOnlyAsKeys) {
  LocalTableInfo local = orders_table();
  local.columns[0].identity_always = true;
  local.columns[0].has_default = true;
  PullColumns plan = match_pull_columns("r", orders_remote(), local, std::nullopt, std::nullopt);
  ASSERT_EQ(plan.pairs.size(), 3u);
  EXPECT_EQ(plan.pairs[0].local_index, 0u);
  EXPECT_EQ(plan.key_pairs, std::vector<std::size_t>{0});
  EXPECT_TRUE(plan.overrides_identity);
  EXPECT_FALSE(match_pull_columns("r", orders_remote(), orders_table(), std::nullopt, std::nullopt)
                   .overrides_identity);

  local = orders_table();
  local.columns[1].identity_always = true;
  local.columns[1].has_default = true;
  plan = match_pull_columns("r", orders_remote(), local, std::nullopt, std::nullopt);
  ASSERT_EQ(plan.pairs.size(), 2u); // customerid keeps its generated value
  EXPECT_EQ(plan.pairs[1].local_index, 2u);
  EXPECT_FALSE(plan.overrides_identity);
  EXPECT_EQ(error_of([&] { match_pull_columns("r", orders_remote(), local, std::vector<std::string>{"customerid"}, std::nullopt); }),
            "0A000: column \"customerid\" of public.orders is an identity column GENERATED ALWAYS "
            "and can be pulled into only as a key column");
  plan = match_pull_columns("r", orders_remote(), local, std::nullopt,
                            std::vector<std::string>{"customerid", "id"});
  EXPECT_EQ(plan.pairs.size(), 3u);
  EXPECT_TRUE(plan.overrides_identity);
}
