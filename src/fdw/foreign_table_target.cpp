#include "fdw/foreign_table_target.hpp"

#include "common/error.hpp"
#include "fdw/foreign_table_def.hpp"
#include "pg/local_table.hpp"
#include "pg/pg_guard.hpp"
#include "sqlgen/tsql_select_sql.hpp"

extern "C" {
#include "catalog/pg_class.h"
#include "foreign/foreign.h"
#include "utils/lsyscache.h"
}

namespace mssql_upsert::fdw {

ForeignTableTarget read_foreign_table_target(Oid relid, AclMode mode, const char *function_name) {
  char relkind = pg::pg_call([&] { return get_rel_relkind(relid); });
  if (relkind != RELKIND_FOREIGN_TABLE)
    throw Error("relation \"" + std::string(pg::pg_call([&] { return get_rel_name(relid); })) +
                    "\" is not a foreign table",
                sqlstate::kInvalidParameterValue);
  pg::require_table_privileges(relid, mode);
  ForeignTableDef table = read_foreign_table_def(relid);
  if (!table.source.table)
    throw Error("foreign table " + table.display_name + " reads a query, not a table", sqlstate::kFeatureNotSupported, "",
                std::string(function_name) +
                    " needs a remote table (schema_name, table_name) in its foreign table.");
  ForeignTableTarget target;
  target.server =
      pg::pg_call([&] { return std::string(GetForeignServer(table.server_id)->servername); });
  target.remote_table = sqlgen::tsql_table_reference(*table.source.table);
  target.display_name = table.display_name;
  for (std::size_t i = 0; i < table.local_columns.size(); ++i)
    if (!table.local_columns[i].empty())
      target.columns.push_back({table.local_columns[i], table.remote_columns[i]});
  return target;
}

} // namespace mssql_upsert::fdw
