// mssql_upsert_fdw_validator: checks the options of servers, user mappings,
// foreign tables and columns as they are created or altered.
#include "options/fdw_options.hpp"
#include "pg/option_lists.hpp"
#include "pg/pg_guard.hpp"

extern "C" {
#include "catalog/pg_attribute.h"
#include "catalog/pg_foreign_data_wrapper.h"
#include "catalog/pg_foreign_server.h"
#include "catalog/pg_foreign_table.h"
#include "catalog/pg_user_mapping.h"
#include "foreign/foreign.h"
}

using namespace mssql_upsert;
using namespace mssql_upsert::options;

namespace {

OptionContext context_of_catalog(Oid catalog) {
  switch (catalog) {
  case ForeignDataWrapperRelationId:
    return OptionContext::Wrapper;
  case ForeignServerRelationId:
    return OptionContext::Server;
  case UserMappingRelationId:
    return OptionContext::UserMapping;
  case ForeignTableRelationId:
    return OptionContext::ForeignTable;
  case AttributeRelationId:
    return OptionContext::Column;
  default:
    throw Error("mssql_upsert_fdw takes no options on this kind of object", sqlstate::kFdwInvalidOptionName);
  }
}

bool is_superuser() {
  return pg::pg_call([] { return superuser(); });
}

// As postgres_fdw's password_required: only a superuser may let a mapping
// connect without a password, and a non-superuser's own mapping needs one.
void check_password_rules(OptionContext context, const OptionList &options) {
  if (context != OptionContext::UserMapping || is_superuser())
    return;
  bool password_required = true, has_password = false;
  for (const auto &[name, value] : options) {
    if (name == "password_required")
      password_required = parse_boolean_option(name, value);
    has_password = has_password || name == "password";
  }
  if (!password_required)
    throw Error("password_required=false is superuser-only", sqlstate::kInsufficientPrivilege, "",
                "User mappings with the password_required option set to false may only be "
                "created or modified by the superuser.");
  if (!has_password)
    throw Error("password is required", sqlstate::kProhibitedSqlStatement,
                "Non-superusers must give a password in the user mapping.");
}

// A query runs as written on SQL Server with the user mapping of whoever reads
// the table, so a table planted by one user would run its author's T-SQL with a
// reader's login (postgres_fdw keeps options naming arbitrary remote SQL to
// superusers for the same reason). schema_name and table_name stay open to all.
void check_query_rules(OptionContext context, const OptionList &options) {
  if (context != OptionContext::ForeignTable || option_value(options, "query").empty() ||
      is_superuser())
    return;
  throw Error(
      "only a superuser may set option \"query\" of a foreign table", sqlstate::kInsufficientPrivilege, "",
      "A query runs on SQL Server with the login of whoever reads the table; name a remote table "
      "with schema_name and table_name instead.");
}

} // namespace

extern "C" {
PG_FUNCTION_INFO_V1(mssql_upsert_fdw_validator);
Datum mssql_upsert_fdw_validator(PG_FUNCTION_ARGS) {
  return pg::sql_entry([&]() -> Datum {
    OptionContext context = context_of_catalog(PG_GETARG_OID(1));
    OptionList options = pg::read_option_array(PG_GETARG_DATUM(0));
    validate_options(context, options);
    check_password_rules(context, options);
    check_query_rules(context, options);
    PG_RETURN_VOID();
  });
}
}
