// rowversion (timestamp) columns as SQL Server keeps them: one database-wide
// counter, binary(8) big-endian, a new value on every insert and update of the
// row; @@DBTS is the last value used, MIN_ACTIVE_ROWVERSION() the lowest value
// still used by an open transaction (or @@DBTS + 1).
//
// In the backend: a bytea column stamped by a BEFORE INSERT OR UPDATE trigger
// from the sequence tds_support.rowversion_counter. A transaction that stamps
// rows first takes a transaction-level advisory lock keyed by the next
// counter value (before it draws one), so MIN_ACTIVE_ROWVERSION() finds the
// open transactions in pg_locks; it reads the counter before the locks, so
// it can only err low (a reader re-reads a row), never high (a reader misses one).
#pragma once

#include <string>

namespace tds_server {

// True for a declared type "rowversion" or "timestamp" (any case).
bool is_rowversion_declaration(const std::string &declared);
// The column's backend definition (after its quoted name).
std::string rowversion_column_type();
// The trigger that stamps column (its declared spelling) of table (quoted), run after CREATE TABLE.
std::string rowversion_trigger_sql(const std::string &table, const std::string &column);
// The declared type kept in the column's catalog comment ("tds:timestamp|Name").
const char *rowversion_catalog_type();
// Backend expressions for @@DBTS and MIN_ACTIVE_ROWVERSION().
const char *dbts_sql();
const char *min_active_rowversion_sql();
// Idempotent DDL for the counter and the functions above (part of support_functions_sql).
std::string rowversion_support_sql();

} // namespace tds_server
