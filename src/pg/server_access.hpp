// Finds a foreign server of this wrapper by name, checks the caller may use it,
// and reads its options and the caller's user mapping.
#pragma once

#include "options/fdw_options.hpp"
#include "pg/pg_headers.hpp"

#include <string>

namespace mssql_upsert::pg {

struct ServerAccess {
  Oid server_id = InvalidOid;
  Oid user_mapping_id = InvalidOid;
  Oid user_id = InvalidOid;
  std::string server_name;
  options::OptionList server_options;
  options::OptionList user_mapping_options;
  bool caller_is_superuser = false;
};

// Errors (as Error): no such server, server of another wrapper, no USAGE
// privilege, no user mapping for the current user.
ServerAccess open_server_access(const std::string &server_name);
// For a foreign table's scan or import, as postgres_fdw does: the server by
// oid, the user mapping of user_id (or PUBLIC); no USAGE check (the foreign
// table's own privileges were checked by PostgreSQL).
ServerAccess open_server_access_for(Oid server_id, Oid user_id);

} // namespace mssql_upsert::pg
