// Keys of bulk-load rows compared before they are sent: where SQL Server's
// equality on a column is equality of the encoded values, the push can find a
// key that occurs twice in a chunk itself, instead of a GROUP BY on the server
// after the load. Text compares under a collation, and decimals and floats
// have several encodings of one value, so those keys stay with the server.
#pragma once

#include "remote/bulk_load.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace mssql_upsert::remote {

// True for bit, integer, money, date and time types (time, datetime2 and
// datetimeoffset with at least 6 fractional digits) and uniqueidentifier.
bool bulk_equality_is_exact(const BulkColumn &column);

// Appends the value's bytes to key, so that two keys built column by column
// are equal exactly when SQL Server finds them equal (NULL equal to NULL, as
// GROUP BY groups them). Only for columns bulk_equality_is_exact accepts.
void append_bulk_key(const BulkValue &value, const BulkColumn &column, std::string &key);

// The index of a key that equals another key of the list, or none. Sorts an
// index instead of filling a hash set: one allocation per chunk, not a node
// per row (bench/RESULTS.md has what the set cost).
std::optional<std::size_t> find_repeated_key(const std::vector<std::string> &keys);

} // namespace mssql_upsert::remote
