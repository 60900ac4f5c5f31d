// Reads what a pull needs to know about a local table from the catalogs, and
// checks the caller's privileges on it.
#pragma once

#include "pg/pg_headers.hpp"
#include "column_match/pull_columns.hpp"

extern "C" {
#include "access/attnum.h"
#include "nodes/parsenodes.h"
}

#include <string>
#include <vector>

namespace mssql_upsert::pg {

struct LocalColumnType {
  Oid type_oid = InvalidOid;
  int32 typmod = -1;
  AttrNumber attnum = 0;
};

struct LocalTable {
  Oid relid = InvalidOid;
  std::string schema; // unquoted
  std::string name;   // unquoted
  bool partitioned = false;
  sync::LocalTableInfo info;            // columns in attnum order (dropped ones left out)
  std::vector<LocalColumnType> types;   // parallel to info.columns
};

// Errors: not an ordinary or partitioned table (views, foreign tables ...).
LocalTable read_local_table(Oid relid);

// Requires every one of the ACL_* bits in mode on the table (e.g. ACL_INSERT | ACL_UPDATE),
// with PostgreSQL's own "permission denied for table" error.
void require_table_privileges(Oid relid, AclMode mode);

// Takes the lock a pull's writes take (RowExclusiveLock, as INSERT), held to
// the end of the transaction: taken before the pull reads the table, so the
// table's definition cannot change under it and no lock is upgraded later.
void lock_for_writing(Oid relid);

} // namespace mssql_upsert::pg
