// The T-SQL of an INSERT into a foreign table: each value as a literal of its
// remote column's type, rows gathered into multi-row INSERT statements. Pure.
//
// Values arrive already checked and normalised by remote::encode_bulk_value
// (rounded to the column's scale, range-checked), so a literal only has to
// spell them; dates and times are CAST from ISO text, which SQL Server reads
// the same under every SET DATEFORMAT and LANGUAGE.
#pragma once

#include "remote/bulk_load.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace mssql_upsert::sqlgen {

// The literal of one value for its column; text comes from source_utf8 (the
// PostgreSQL text the value was encoded from), as N'...'.
std::string tsql_value_literal(const remote::BulkColumn &column, const remote::BulkValue &value,
                               std::string_view source_utf8);

// SQL Server takes at most this many rows in one VALUES list.
inline constexpr std::size_t kMaxRowsPerInsert = 1000;

struct TsqlInsertSpec {
  std::string table;                // quoted reference, e.g. [dbo].[Orders]
  std::vector<std::string> columns; // remote names (unquoted), in value order; may be empty
  bool identity_insert = false;     // values for the IDENTITY column are given
};

// One batch inserting every row (each "(v1, v2)", already rendered): as many
// INSERT ... VALUES statements as kMaxRowsPerInsert needs, inside SET
// IDENTITY_INSERT ON/OFF when asked. No columns: INSERT ... DEFAULT VALUES per row.
std::string build_tsql_insert_batch(const TsqlInsertSpec &spec, const std::vector<std::string> &rows);

} // namespace mssql_upsert::sqlgen
