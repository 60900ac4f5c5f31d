#include "column_match/insert_columns.hpp"

#include "common/error.hpp"
#include "remote/mssql_column_type.hpp"

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

// Id int IDENTITY, Name nvarchar(20), Stamp rowversion, Total decimal(10,2), Doubled AS (...)
std::vector<PushRemoteColumn> orders() {
  std::vector<PushRemoteColumn> r = {remote_column("Id", "int"), remote_column("Name", "nvarchar", 40),
                                     remote_column("Stamp", "timestamp", 8), remote_column("Total", "decimal", 9),
                                     remote_column("Doubled", "int")};
  r[0].is_identity = true;
  r[2].is_rowversion = true;
  r[4].is_computed = true;
  return r;
}

InsertSourceColumn local(const char *name, const char *remote_name, SourceKind kind, bool sent = true) {
  return InsertSourceColumn{name, remote_name, "some type", kind, sent};
}

std::string error_of(const std::function<void()> &f) {
  try {
    f();
  } catch (const Error &e) {
    return e.sqlstate() + ": " + e.what();
  }
  return "no error";
}

TEST(InsertColumns, NamedColumnsMatchCaseInsensitivelyInSourceOrder) {
  auto m = match_insert_columns("public.o", "[dbo].[Orders]", orders(),
                                {local("total", "total", SourceKind::Numeric), local("name", "NAME", SourceKind::Text)},
                                false);
  ASSERT_EQ(m.sent.size(), 2u);
  EXPECT_EQ(m.sent[0].source_index, 0u);
  EXPECT_EQ(m.sent[0].remote_index, 3u);
  EXPECT_EQ(m.sent[1].remote_index, 1u);
  EXPECT_TRUE(m.generated.empty());
}

TEST(InsertColumns, UnnamedColumnsAreLeftToTheRemoteDefault) {
  auto m = match_insert_columns("public.o", "[dbo].[Orders]", orders(),
                                {local("name", "Name", SourceKind::Text), local("total", "Total", SourceKind::Numeric, false)},
                                false);
  ASSERT_EQ(m.sent.size(), 1u);
  EXPECT_EQ(m.sent[0].remote_index, 1u);
}

TEST(InsertColumns, ColumnsSqlServerFillsMayOnlyStayNull) {
  auto m = match_insert_columns("public.o", "[dbo].[Orders]", orders(),
                                {local("id", "Id", SourceKind::Int), local("stamp", "Stamp", SourceKind::Binary),
                                 local("doubled", "Doubled", SourceKind::Int), local("name", "Name", SourceKind::Text)},
                                false);
  ASSERT_EQ(m.generated.size(), 3u);
  EXPECT_EQ(m.generated[0].remote_index, 0u);
  ASSERT_EQ(m.sent.size(), 1u);
  EXPECT_EQ(generated_column_reason(orders()[0]).rfind("an IDENTITY column", 0), 0u);
  EXPECT_EQ(generated_column_reason(orders()[2]), "a rowversion column");
}

TEST(InsertColumns, IdentityInsertSendsTheIdentityColumn) {
  auto m = match_insert_columns("public.o", "[dbo].[Orders]", orders(), {local("id", "Id", SourceKind::Int)}, true);
  ASSERT_EQ(m.sent.size(), 1u);
  EXPECT_EQ(m.sent[0].remote_index, 0u);
  EXPECT_TRUE(m.generated.empty());
}

TEST(InsertColumns, Refusals) {
  EXPECT_EQ(error_of([] {
              match_insert_columns("public.o", "[dbo].[Orders]", orders(), {local("x", "Nope", SourceKind::Int)}, false);
            }),
            "42703: column \"x\" of foreign table public.o names remote column \"Nope\", which remote table "
            "[dbo].[Orders] does not have");
  EXPECT_EQ(error_of([] {
              match_insert_columns("public.o", "[dbo].[Orders]", orders(),
                                   {local("a", "Name", SourceKind::Text), local("b", "name", SourceKind::Text)}, false);
            }),
            "42P10: two columns of foreign table public.o name remote column \"Name\" of [dbo].[Orders]");
  EXPECT_EQ(error_of([] {
              match_insert_columns("public.o", "[dbo].[Orders]", orders(), {local("total", "Total", SourceKind::Text)},
                                   false);
            }),
            "42804: column \"total\" of foreign table public.o (some type) cannot be stored in remote column "
            "\"Total\" (decimal(10,2))");
  std::vector<PushRemoteColumn> variant = {remote_column("V", "sql_variant", 8016)};
  variant[0].bulk.reset();
  EXPECT_EQ(error_of([&] {
              match_insert_columns("public.o", "[dbo].[V]", variant, {local("v", "V", SourceKind::Text)}, false);
            }),
            "0A000: remote column \"V\" of [dbo].[V] has type sql_variant, which an INSERT through a foreign "
            "table cannot write");
}

} // namespace
