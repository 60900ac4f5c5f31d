// db-lib column type codes that FreeTDS reports but sybdb.h does not name.
#pragma once

namespace mssql_upsert::tds {

inline constexpr int kSybUniqueIdentifier = 36; // uniqueidentifier (TDS 0x24)
inline constexpr int kSybMsXml = 241;           // xml

} // namespace mssql_upsert::tds
