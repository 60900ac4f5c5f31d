#include "remote/sql_server_error_state.hpp"

#include <gtest/gtest.h>

#include <string>

namespace mssql_upsert::remote {
namespace {

std::string state(int number, std::string_view message = "") {
  return sqlstate_for_sql_server_error(number, message);
}

TEST(SqlServerErrorState, DuplicateKeys) {
  EXPECT_EQ(state(2627, "Violation of PRIMARY KEY constraint 'PK_t'."), "23505");
  EXPECT_EQ(state(2601, "Cannot insert duplicate key row in object 'dbo.t' with unique index 'ix'."),
            "23505");
}

TEST(SqlServerErrorState, ConstraintConflictsByTheConstraintNamed) {
  EXPECT_EQ(state(547, "The INSERT statement conflicted with the FOREIGN KEY constraint \"FK_c\"."),
            "23503");
  EXPECT_EQ(state(547, "The DELETE statement conflicted with the REFERENCE constraint \"FK_c\"."),
            "23503");
  EXPECT_EQ(state(547, "The INSERT statement conflicted with the CHECK constraint \"CK_qty\"."),
            "23514");
}

TEST(SqlServerErrorState, NullsTruncationAndDeadlocks) {
  EXPECT_EQ(state(515), "23502");
  EXPECT_EQ(state(8152), "22001");
  EXPECT_EQ(state(2628), "22001");
  EXPECT_EQ(state(1205), "40P01");
}

TEST(SqlServerErrorState, EverythingElseIsAnFdwError) {
  EXPECT_EQ(state(208, "Invalid object name 'dbo.x'."), "HV000");
  EXPECT_EQ(state(0), "HV000");
}

} // namespace
} // namespace mssql_upsert::remote
