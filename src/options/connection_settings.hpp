// Everything needed to log in to SQL Server, resolved from a server's and a
// user mapping's options with the documented defaults.
#pragma once

#include "options/fdw_options.hpp"

#include <string>

namespace mssql_upsert::options {

struct ConnectionSettings {
  std::string server_name; // the foreign server, for messages
  std::string host;
  int port = 1433;
  std::string database; // empty: the login's default database
  std::string tds_version = "7.4";
  int login_timeout_seconds = 0; // 0: no limit
  int query_timeout_seconds = 0; // 0: no limit
  std::string appname = "mssql_upsert_fdw";
  int packet_size = 0; // 0: the driver's default
  std::string username;
  std::string password;

  // "host:port/database as user", never the password.
  std::string describe() const;
};

// Resolves and checks: host and username present; a user who is not a superuser
// needs a password unless a superuser set password_required false. Throws Error.
ConnectionSettings resolve_connection_settings(const std::string &server_name,
                                               const OptionList &server_options,
                                               const OptionList &user_mapping_options,
                                               bool user_is_superuser);

} // namespace mssql_upsert::options
