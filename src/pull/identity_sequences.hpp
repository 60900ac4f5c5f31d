// After a pull wrote rows, moves the sequences behind the identity and serial
// columns it filled past the values now in the table, so that the next local
// INSERT does not collide with a pulled row (sqlgen/pg_identity_sql decides).
#pragma once

#include "pg/local_table.hpp"
#include "pg/spi_session.hpp"

#include <string>
#include <vector>

namespace mssql_upsert::pull {

// filled_columns: the local column names the pull wrote. A sequence the
// caller may not read and set is left alone with a WARNING naming it.
void advance_identity_sequences(pg::SpiSession &spi, const pg::LocalTable &table,
                                const std::vector<std::string> &filled_columns);

} // namespace mssql_upsert::pull
