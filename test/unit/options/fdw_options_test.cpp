#include "common/error.hpp"
#include "options/fdw_options.hpp"

#include <gtest/gtest.h>

using mssql_upsert::Error;
using namespace mssql_upsert::options;

namespace {
std::string error_of(OptionContext context, const OptionList &options) {
  try {
    validate_options(context, options);
  } catch (const Error &e) {
    return std::string(e.sqlstate()) + ": " + e.what() + (e.hint().empty() ? "" : " | " + e.hint());
  }
  return "";
}
} // namespace

TEST(FdwOptions, AcceptsEveryServerOption) {
  EXPECT_EQ(error_of(OptionContext::Server, {{"host", "db.example"},
                                             {"port", "1433"},
                                             {"database", "Sales"},
                                             {"tds_version", "7.4"},
                                             {"login_timeout", "0"},
                                             {"query_timeout", "30"},
                                             {"appname", "etl"},
                                             {"packet_size", "4096"},
                                             {"use_remote_estimate", "on"}}),
            "");
}

TEST(FdwOptions, UnknownOptionNamesItAndListsValidOnes) {
  EXPECT_EQ(error_of(OptionContext::Server, {{"hostname", "x"}}),
            "HV00D: invalid server option \"hostname\" | Valid options "
            "in this context are: host, port, database, tds_version, login_timeout, "
            "query_timeout, appname, packet_size, use_remote_estimate.");
}

TEST(FdwOptions, PasswordIsNotAServerOption) {
  EXPECT_NE(error_of(OptionContext::Server, {{"password", "secret"}}).find("invalid server option \"password\""),
            std::string::npos);
  EXPECT_EQ(error_of(OptionContext::UserMapping, {{"username", "etl"}, {"password", "secret"}}), "");
}

TEST(FdwOptions, PortMustBeAnIntegerInRange) {
  for (const char *bad :
       {"0", "65536", "-1", "14x", "", " 1433", "1433 ", "\t1433", "+1433", "99999999999999999999"})
    EXPECT_NE(error_of(OptionContext::Server, {{"port", bad}}).find("option \"port\" requires an integer between 1 and 65535"),
              std::string::npos)
        << bad;
  EXPECT_EQ(error_of(OptionContext::Server, {{"port", "65535"}}), "");
}

TEST(FdwOptions, TimeoutsAreNonNegative) {
  EXPECT_NE(error_of(OptionContext::Server, {{"query_timeout", "-5"}}), "");
  EXPECT_NE(error_of(OptionContext::Server, {{"login_timeout", "abc"}}), "");
  EXPECT_EQ(error_of(OptionContext::Server, {{"query_timeout", "0"}}), "");
}

TEST(FdwOptions, TdsVersionAndPacketSize) {
  EXPECT_EQ(error_of(OptionContext::Server, {{"tds_version", "auto"}}), "");
  EXPECT_NE(error_of(OptionContext::Server, {{"tds_version", "8.0"}}), "");
  EXPECT_NE(error_of(OptionContext::Server, {{"packet_size", "511"}}), "");
  EXPECT_NE(error_of(OptionContext::Server, {{"packet_size", "32768"}}), "");
}

TEST(FdwOptions, BooleansUsePostgresSpellings) {
  for (const char *yes : {"true", "t", "TRUE", "on", "1", "yes", "y"})
    EXPECT_TRUE(parse_boolean_option("password_required", yes)) << yes;
  for (const char *no : {"false", "f", "off", "of", "0", "no", "n"})
    EXPECT_FALSE(parse_boolean_option("password_required", no)) << no;
  for (const char *bad : {"", "o", "maybe", "truex", "2"})
    EXPECT_THROW(parse_boolean_option("password_required", bad), Error) << bad;
}

TEST(FdwOptions, DuplicateAndEmptyValues) {
  EXPECT_NE(error_of(OptionContext::Server, {{"host", "a"}, {"host", "b"}}).find("more than once"),
            std::string::npos);
  EXPECT_NE(error_of(OptionContext::Server, {{"host", ""}}).find("must not be empty"),
            std::string::npos);
}

TEST(FdwOptions, QueryExcludesTableName) {
  EXPECT_EQ(error_of(OptionContext::ForeignTable, {{"schema_name", "dbo"}, {"table_name", "Orders"}}), "");
  EXPECT_EQ(error_of(OptionContext::ForeignTable, {{"query", "SELECT 1 AS x"}}), "");
  // The query must be one SELECT that stays inside the derived table a scan puts it in.
  EXPECT_EQ(
      error_of(OptionContext::ForeignTable,
               {{"query", "SELECT 1 AS id) AS x; DELETE FROM dbo.Victim; "
                          "SELECT * FROM (SELECT 1 AS id"}})
          .find("42601: invalid option \"query\": \")\" without a matching \"(\" at offset 15 | "),
      0u);
  EXPECT_EQ(error_of(OptionContext::ForeignTable, {{"query", "EXEC sp_who"}})
                .find("42601: invalid option \"query\": it must start with SELECT | "),
            0u);
  EXPECT_NE(error_of(OptionContext::ForeignTable, {{"query", "SELECT 1"}, {"table_name", "t"}})
                .find("cannot be combined"),
            std::string::npos);
  EXPECT_EQ(error_of(OptionContext::Column, {{"column_name", "CustomerId"}}), "");
  EXPECT_NE(error_of(OptionContext::Column, {{"name", "x"}}), "");
}
