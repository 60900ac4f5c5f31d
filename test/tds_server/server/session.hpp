// One client connection: PRELOGIN, LOGIN7, then SQL batches until it closes.
#pragma once

#include <boost/asio/ip/tcp.hpp>

#include <string>

namespace tds_server {

struct ServerConfig {
  std::string backend_conninfo;
  std::string user;
  std::string password;
  std::string database = "testdb";
  std::string log_file; // one line per login, batch and error; never a password
};

// Appends one line to the log file (thread-safe); no-op without --log.
void log_line(const ServerConfig &config, int spid, const std::string &text);

// Serves the client until it disconnects; never throws.
void serve_session(boost::asio::ip::tcp::socket socket, const ServerConfig &config, int spid);

} // namespace tds_server
