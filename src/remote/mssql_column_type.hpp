// A SQL Server column as sys.columns describes it, turned into how its values
// travel in bulk load (BulkColumn). Pure: the catalog row comes in as values.
#pragma once

#include "remote/bulk_load.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace mssql_upsert::remote {

// type_name as sys.types spells it ("nvarchar", "datetime2", ...; any case);
// max_length in bytes as sys.columns keeps it (nvarchar(50) -> 100, -1 = max);
// precision and scale as sys.columns keeps them. nullopt for types bulk load
// cannot fill from PostgreSQL (sql_variant, geography, geometry, hierarchyid,
// timestamp/rowversion, ...). type_name of the result is SQL Server's
// spelling for messages: "nvarchar(50)", "decimal(10,2)", "varbinary(max)".
std::optional<BulkColumn> describe_bulk_column(std::string_view name, std::string_view type_name,
                                               int max_length, int precision, int scale);

} // namespace mssql_upsert::remote
