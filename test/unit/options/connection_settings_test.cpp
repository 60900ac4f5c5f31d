#include "common/error.hpp"
#include "options/connection_settings.hpp"

#include <gtest/gtest.h>

using mssql_upsert::Error;
using namespace mssql_upsert::options;

TEST(ConnectionSettings, DefaultsAndOverrides) {
  ConnectionSettings s = resolve_connection_settings(
      "sales", {{"host", "db"}}, {{"username", "etl"}, {"password", "p"}}, false);
  EXPECT_EQ(s.host, "db");
  EXPECT_EQ(s.port, 1433);
  EXPECT_EQ(s.tds_version, "7.4");
  EXPECT_EQ(s.appname, "mssql_upsert_fdw");
  EXPECT_EQ(s.describe(), "db:1433 as etl");

  s = resolve_connection_settings("sales",
                                  {{"host", "db"}, {"port", "1444"}, {"database", "Sales"},
                                   {"query_timeout", "30"}, {"login_timeout", "5"},
                                   {"packet_size", "8192"}, {"appname", "nightly"}},
                                  {{"username", "etl"}, {"password", "secret"}}, false);
  EXPECT_EQ(s.port, 1444);
  EXPECT_EQ(s.query_timeout_seconds, 30);
  EXPECT_EQ(s.login_timeout_seconds, 5);
  EXPECT_EQ(s.packet_size, 8192);
  EXPECT_EQ(s.describe(), "db:1444/Sales as etl");
  EXPECT_EQ(s.describe().find("secret"), std::string::npos);
}

TEST(ConnectionSettings, PasswordRequiredForNonSuperusers) {
  try {
    resolve_connection_settings("sales", {{"host", "db"}}, {{"username", "etl"}}, false);
    FAIL();
  } catch (const Error &e) {
    EXPECT_EQ(std::string(e.what()), "password is required");
    EXPECT_EQ(e.detail(), "Non-superusers must give a password in the user mapping for server \"sales\".");
  }
  EXPECT_NO_THROW(resolve_connection_settings("sales", {{"host", "db"}}, {{"username", "etl"}}, true));
  EXPECT_NO_THROW(resolve_connection_settings(
      "sales", {{"host", "db"}}, {{"username", "etl"}, {"password_required", "false"}}, false));
}

TEST(ConnectionSettings, HostAndUsernameAreNeeded) {
  EXPECT_THROW(resolve_connection_settings("s", {}, {{"username", "u"}, {"password", "p"}}, true), Error);
  EXPECT_THROW(resolve_connection_settings("s", {{"host", "h"}}, {{"password", "p"}}, true), Error);
}

TEST(OptionValue, GivenValueOrFallback) {
  const mssql_upsert::options::OptionList list = {{"host", "h"}, {"database", "Sales"}};
  EXPECT_EQ(mssql_upsert::options::option_value(list, "database"), "Sales");
  EXPECT_EQ(mssql_upsert::options::option_value(list, "port"), "");
  EXPECT_EQ(mssql_upsert::options::option_value(list, "schema_name", "dbo"), "dbo");
}
