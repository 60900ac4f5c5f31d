// Reading SQL Server catalog query results (sys.* columns are int, smallint,
// tinyint, bigint, bit or sysname) from a ResultStream.
#pragma once

#include "remote/remote_connection.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace mssql_upsert::remote {

// Any integer or bit column as a number; NULL as 0. Throws Error for other types.
int64_t catalog_number(const ResultStream &stream, int column);
// A text column; NULL as nullopt.
std::optional<std::string> catalog_text(const ResultStream &stream, int column);

} // namespace mssql_upsert::remote
