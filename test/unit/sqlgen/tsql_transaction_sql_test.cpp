#include "sqlgen/tsql_transaction_sql.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace mssql_upsert::sqlgen {
namespace {

using Steps = std::vector<std::string>;

TEST(TransactionSteps, FirstWriteAtTopLevelBegins) {
  EXPECT_EQ(tsql_transaction_steps(0, 1), Steps{"BEGIN TRANSACTION"});
}

TEST(TransactionSteps, FirstWriteInsideSavepointsMakesEveryLevel) {
  // SAVEPOINT a; SAVEPOINT b; INSERT ...: rolling back to a must undo it too.
  EXPECT_EQ(tsql_transaction_steps(0, 3),
            (Steps{"BEGIN TRANSACTION", "SAVE TRANSACTION [mssql_upsert_s2]",
                   "SAVE TRANSACTION [mssql_upsert_s3]"}));
}

TEST(TransactionSteps, OpenTransactionOnlyAddsTheMissingLevels) {
  EXPECT_EQ(tsql_transaction_steps(1, 2), Steps{"SAVE TRANSACTION [mssql_upsert_s2]"});
  EXPECT_EQ(tsql_transaction_steps(2, 4),
            (Steps{"SAVE TRANSACTION [mssql_upsert_s3]", "SAVE TRANSACTION [mssql_upsert_s4]"}));
}

TEST(TransactionSteps, NothingWhenTheLevelIsAlreadyOpen) {
  EXPECT_TRUE(tsql_transaction_steps(1, 1).empty());
  EXPECT_TRUE(tsql_transaction_steps(3, 2).empty()); // a deeper level's savepoint stays
}

TEST(Savepoints, RollbackNamesTheLevelsSavepoint) {
  EXPECT_EQ(build_tsql_rollback_to_savepoint(2), "ROLLBACK TRANSACTION [mssql_upsert_s2]");
  EXPECT_EQ(build_tsql_save_transaction(12), "SAVE TRANSACTION [mssql_upsert_s12]");
}

TEST(Savepoints, TopLevelHasNone) {
  EXPECT_THROW(build_tsql_rollback_to_savepoint(1), std::invalid_argument);
  EXPECT_THROW(build_tsql_save_transaction(0), std::invalid_argument);
}

} // namespace
} // namespace mssql_upsert::sqlgen
