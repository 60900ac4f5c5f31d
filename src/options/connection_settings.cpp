#include "options/connection_settings.hpp"

#include "common/error.hpp"

#include <climits>

namespace mssql_upsert::options {

std::string ConnectionSettings::describe() const {
  return host + ":" + std::to_string(port) + (database.empty() ? "" : "/" + database) + " as " +
         username;
}

ConnectionSettings resolve_connection_settings(const std::string &server_name,
                                               const OptionList &server_options,
                                               const OptionList &user_mapping_options,
                                               bool user_is_superuser) {
  ConnectionSettings settings;
  settings.server_name = server_name;
  for (const auto &[name, value] : server_options) {
    if (name == "host")
      settings.host = value;
    else if (name == "port")
      settings.port = parse_integer_option(name, value, 1, 65535);
    else if (name == "database")
      settings.database = value;
    else if (name == "tds_version")
      settings.tds_version = value;
    else if (name == "login_timeout")
      settings.login_timeout_seconds = parse_integer_option(name, value, 0, INT_MAX);
    else if (name == "query_timeout")
      settings.query_timeout_seconds = parse_integer_option(name, value, 0, INT_MAX);
    else if (name == "appname")
      settings.appname = value;
    else if (name == "packet_size")
      settings.packet_size = parse_integer_option(name, value, 512, 32767);
  }
  bool password_required = true;
  bool has_password = false;
  for (const auto &[name, value] : user_mapping_options) {
    if (name == "username")
      settings.username = value;
    else if (name == "password") {
      settings.password = value;
      has_password = true;
    } else if (name == "password_required")
      password_required = parse_boolean_option(name, value);
  }
  if (settings.host.empty())
    throw Error("server \"" + server_name + "\" has no host option",
                sqlstate::kFdwUnableToEstablishConnection, "",
                "ALTER SERVER " + server_name + " OPTIONS (ADD host '...').");
  if (settings.username.empty())
    throw Error("the user mapping for server \"" + server_name + "\" has no username option",
                sqlstate::kFdwUnableToEstablishConnection, "",
                "ALTER USER MAPPING FOR CURRENT_USER SERVER " + server_name +
                    " OPTIONS (ADD username '...').");
  if (!user_is_superuser && password_required && !has_password)
    throw Error("password is required", sqlstate::kProhibitedSqlStatement,
                "Non-superusers must give a password in the user mapping for server \"" +
                    server_name + "\".",
                "A superuser can set password_required 'false' on the mapping.");
  return settings;
}

} // namespace mssql_upsert::options
