// SQL Server column types as PostgreSQL types: the pull's type mapping of the
// README, shared by IMPORT FOREIGN SCHEMA and mssql_upsert_create_table.
#pragma once

#include <optional>
#include <string>

namespace mssql_upsert::sqlgen {

struct RemoteColumnType {
  std::string data_type; // SQL Server's name: int, nvarchar, decimal, ... (any case)
  int max_length = 0;    // characters (bytes for binary types), -1 = (max), as INFORMATION_SCHEMA counts
  int precision = 0;     // decimal precision; float's mantissa bits
  int scale = 0;         // decimal scale; fractional-second digits of time, datetime2, datetimeoffset
};

enum class TypeDetail {
  Base,      // foreign tables: text for every string, time/timestamp/timestamptz without precision
  Declared,  // created tables: varchar(n), character(n), time(n), timestamp(n) as close as PostgreSQL can
};

// The PostgreSQL type, spelled as format_type() spells it for Declared
// ("character varying(50)", "timestamp(3) without time zone", ...); nullopt for
// types the pull cannot read (sql_variant, geography, geometry, hierarchyid, CLR types).
std::optional<std::string> pg_type_for_remote_type(const RemoteColumnType &type, TypeDetail detail);

// sys.columns counts nchar/nvarchar lengths in bytes (2 per character);
// INFORMATION_SCHEMA, and RemoteColumnType, in characters.
int character_length_from_bytes(const std::string &data_type, int max_length_bytes);

} // namespace mssql_upsert::sqlgen
