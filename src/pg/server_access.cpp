#include "pg/server_access.hpp"

#include "pg/option_lists.hpp"
#include "pg/pg_compat.hpp"
#include "pg/pg_guard.hpp"

extern "C" {
#include "access/htup_details.h"
#include "catalog/pg_foreign_server.h"
#include "catalog/pg_user_mapping.h"
#include "foreign/foreign.h"
#include "utils/acl.h"
#include "utils/syscache.h"
}

namespace mssql_upsert::pg {

namespace {

// The user mapping for the user or PUBLIC, without GetUserMapping's ereport.
Oid find_user_mapping(Oid user_id, Oid server_id) {
  return pg_call([&] {
    Oid found = InvalidOid;
    for (Oid candidate : {user_id, static_cast<Oid>(InvalidOid)}) {
      HeapTuple tuple = SearchSysCache2(USERMAPPINGUSERSERVER, ObjectIdGetDatum(candidate),
                                        ObjectIdGetDatum(server_id));
      if (HeapTupleIsValid(tuple)) {
        found = ((Form_pg_user_mapping)GETSTRUCT(tuple))->oid;
        ReleaseSysCache(tuple);
        break;
      }
    }
    return found;
  });
}

// Fills user_mapping_id and both option lists; server_id, user_id and
// server_name are set.
void read_user_mapping(ServerAccess &access, List *server_options) {
  access.user_mapping_id = find_user_mapping(access.user_id, access.server_id);
  if (access.user_mapping_id == InvalidOid) {
    const char *user_name = pg_call([&] { return GetUserNameFromId(access.user_id, false); });
    throw Error("user mapping not found for user \"" + std::string(user_name) + "\" on server \"" +
                    access.server_name + "\"",
                sqlstate::kUndefinedObject, "",
                "Create one with CREATE USER MAPPING FOR CURRENT_USER SERVER " +
                    access.server_name + " OPTIONS (username '...', password '...').");
  }
  UserMapping *mapping =
      pg_call([&] { return GetUserMapping(access.user_id, access.server_id); });
  access.server_options = read_def_elem_list(server_options);
  access.user_mapping_options = read_def_elem_list(mapping->options);
}

} // namespace

ServerAccess open_server_access(const std::string &server_name) {
  ServerAccess access;
  access.server_name = server_name;
  access.user_id = pg_call([] { return GetUserId(); });
  access.caller_is_superuser = pg_call([&] { return superuser_arg(access.user_id); });

  ForeignServer *server =
      pg_call([&] { return GetForeignServerByName(server_name.c_str(), true); });
  if (server == nullptr)
    throw Error("server \"" + server_name + "\" does not exist", sqlstate::kUndefinedObject, "",
                "Create it with CREATE SERVER ... FOREIGN DATA WRAPPER mssql_upsert_fdw.");
  const char *wrapper_name =
      pg_call([&] { return GetForeignDataWrapper(server->fdwid)->fdwname; });
  if (std::string(wrapper_name) != "mssql_upsert_fdw")
    throw Error("server \"" + server_name + "\" belongs to foreign-data wrapper \"" +
                    wrapper_name + "\", not mssql_upsert_fdw",
                sqlstate::kInvalidParameterValue);
  access.server_id = server->serverid;

  AclResult acl = pg_call(
      [&] { return compat::foreign_server_aclcheck(server->serverid, access.user_id, ACL_USAGE); });
  if (acl != ACLCHECK_OK)
    throw Error("permission denied for foreign server " + server_name, sqlstate::kInsufficientPrivilege, "",
                "The server's owner can GRANT USAGE ON FOREIGN SERVER " + server_name + ".");

  access.user_mapping_id = find_user_mapping(access.user_id, server->serverid);
  read_user_mapping(access, server->options);
  return access;
}

ServerAccess open_server_access_for(Oid server_id, Oid user_id) {
  ServerAccess access;
  access.server_id = server_id;
  access.user_id = user_id;
  access.caller_is_superuser = pg_call([&] { return superuser_arg(user_id); });
  ForeignServer *server = pg_call([&] { return GetForeignServer(server_id); });
  access.server_name = server->servername;
  read_user_mapping(access, server->options);
  return access;
}

} // namespace mssql_upsert::pg
