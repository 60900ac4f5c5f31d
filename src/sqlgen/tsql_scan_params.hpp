// The parameters of a parameterized foreign scan as sp_executesql receives
// them: each @pN's declared type (fixed per slot, so SQL Server compiles the
// statement once for all values) and each value's text, which SQL Server
// converts to the declared type. Pure.
#pragma once

#include "sqlgen/tsql_pushdown.hpp"

#include <optional>
#include <string>
#include <vector>

namespace mssql_upsert::sqlgen {

// "bigint", "decimal(38,10)", "nvarchar(4000)", "datetime2(7)" ...
std::string param_declared_type(const ParamSlot &slot);

// sp_executesql's @params: "@p1 bigint, @p2 nvarchar(4000)".
std::string param_declarations(const std::vector<ParamSlot> &slots);

// The text a slot sends for a value, or nullopt when it is not sent as a
// parameter: a NULL (the condition is then written as 1 = 0, which finds
// nothing whatever SQL Server's ANSI_NULLS setting), or a value the declared
// type cannot hold exactly (a numeric beyond decimal(38,10), a string longer
// than 4000 UTF-16 units or with U+0000, an empty string (db-lib would send
// NULL), a non-finite float, a date outside
// years 1..9999). The caller then writes that query with the values in its
// text. Timestamp bounds are widened as the inline prefilter widens them and
// clamped to datetime2's range (a clamped bound still lets through every row
// PostgreSQL keeps).
std::optional<std::string> param_value_text(const ParamSlot &slot, const PushValue &value);

} // namespace mssql_upsert::sqlgen
