// The backend's tds_catalog schema (see catalog_views.hpp): sys.types data,
// type facts, helper views and the functions OBJECT_ID, TYPE_NAME, ... map to.
#pragma once

#include <string>

namespace tds_server {

// CREATE statements for the contents of schema tds_catalog (which must exist).
std::string catalog_helpers_sql(const std::string &database);

} // namespace tds_server
