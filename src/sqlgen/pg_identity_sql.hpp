// After a pull, the sequence behind an identity (or serial) column must give
// values past the pulled ones, or the next local INSERT collides with them.
// Pure: the statements and the decision; pull/identity_sequences runs them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace mssql_upsert::sqlgen {

// The sequence behind each column of a table and its state, one row per
// column that has one: column name, sequence (regclass text), increment,
// start, last value (NULL before the first nextval or without the privilege
// to read it), and whether the caller may read and set it. $1: the table's
// oid.
std::string build_pg_identity_sequences_sql();

// The largest (ascending sequence) or smallest value of one column, as text.
std::string build_pg_column_extreme_sql(const std::string &schema, const std::string &table,
                                        const std::string &column, bool ascending);

// The value to give setval(sequence, value, true) so that the next nextval
// passes `extreme` (the column's largest value for an ascending sequence,
// smallest for a descending one), or nullopt when the sequence is already
// past it or the column is empty. Never moves a sequence backwards.
std::optional<int64_t> identity_restart_value(int64_t increment, int64_t start,
                                              std::optional<int64_t> last_value,
                                              std::optional<int64_t> extreme);

} // namespace mssql_upsert::sqlgen
