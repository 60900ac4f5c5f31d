// SQL Server's catalog views (sys.* and INFORMATION_SCHEMA.*) for the test
// server, built as PostgreSQL views in the backend database.
//
// Layout in the backend:
//   tds_catalog             helper views over pg_catalog (declared types from the
//                           "tds:<type>|<name>" column comments, table names from
//                           "tds:table|<name>" table comments), sys.types data and
//                           the functions OBJECT_ID, TYPE_NAME, ... map to
//   sys                     sys.schemas, sys.objects, sys.tables, sys.columns, ...
//   tds_information_schema  INFORMATION_SCHEMA.* (PostgreSQL has its own
//                           information_schema; the rewriter maps the name here)
// Every view column carries a "tds:<type>|<Name>" comment, so results carry
// SQL Server's column types (sysname = nvarchar(128), bit, tinyint, ...) and
// names (INFORMATION_SCHEMA's are upper case).
#pragma once

#include <string>
#include <vector>

namespace tds_server {

struct CatalogViewColumn {
  std::string name;       // as SQL Server spells it; the backend column is its lower case
  std::string sql_type;   // declared SQL Server type, e.g. "nvarchar(128)", "bit"
  std::string expression; // backend SQL over the view's FROM clause
};

struct CatalogView {
  std::string schema; // backend schema: "sys" or "tds_information_schema"
  std::string name;   // lower case
  std::vector<CatalogViewColumn> columns;
  std::string from;   // FROM ... [WHERE ...] of the backend query
};

// The backend application_name of a session, from which sys.dm_exec_sessions
// reads its session_id, login_name and program_name (PostgreSQL keeps 63 bytes).
std::string session_application_name(int spid, const std::string &login, const std::string &program);

// The views, with the database name INFORMATION_SCHEMA reports as the catalog.
std::vector<CatalogView> catalog_views(const std::string &database);
// CREATE VIEW and COMMENT ON COLUMN statements of one view.
std::string catalog_view_sql(const CatalogView &view);
// All of it, idempotent (drops and recreates the three schemas); run at server start.
std::string catalog_bootstrap_sql(const std::string &database);

} // namespace tds_server
