// The T-SQL that ties a remote transaction to a local one (writes through
// foreign tables): BEGIN at the first write, a named savepoint for each
// subtransaction level written in, rollback to it when that level aborts.
// Pure.
#pragma once

#include <string>
#include <vector>

namespace mssql_upsert::sqlgen {

// The statements that bring a remote transaction opened up to open_level (0:
// none yet; 1: BEGIN TRANSACTION done; n > 1: savepoints of levels 2..n made)
// to the local nest level (1 = top level): BEGIN TRANSACTION if none is open,
// then SAVE TRANSACTION for every level above open_level. Empty when
// open_level >= nest_level.
std::vector<std::string> tsql_transaction_steps(int open_level, int nest_level);

// "SAVE TRANSACTION [mssql_upsert_s3]" for level 3 (level > 1).
std::string build_tsql_save_transaction(int level);
// "ROLLBACK TRANSACTION [mssql_upsert_s3]": undoes what level 3 wrote.
std::string build_tsql_rollback_to_savepoint(int level);

inline constexpr const char *kTsqlCommitTransaction = "COMMIT TRANSACTION";
inline constexpr const char *kTsqlRollbackTransaction = "ROLLBACK TRANSACTION";

} // namespace mssql_upsert::sqlgen
