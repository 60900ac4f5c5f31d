// Remote values into Datums of the staging table's column types, natively
// (no text round trip for numbers, dates, times, uuids or binaries).
#pragma once

#include "pg/pg_headers.hpp"
#include "remote/remote_connection.hpp"

#include <vector>

namespace mssql_upsert::pg {

struct StagingType {
  Oid type_oid = InvalidOid;
  const char *sql_name = nullptr; // for CREATE TABLE: "bigint", "timestamp without time zone", ...
};

// The PostgreSQL type a remote column is staged as; throws Error for
// ValueKind::Unsupported naming the column and its remote type.
StagingType staging_type_for(const remote::ResultColumn &column, const std::string &remote_table);

// Converts the current row of stream into values/nulls for the given remote
// columns (in stream order). Pass-by-reference values are palloc'd in
// CurrentMemoryContext.
void convert_remote_row(const remote::ResultStream &stream, const std::vector<int> &columns,
                        Datum *values, bool *nulls);

} // namespace mssql_upsert::pg
