// tds_test_server --listen HOST:PORT --backend CONNINFO --user U --password P
//                 [--database NAME] [--log FILE]
#include "server/backend.hpp"
#include "server/catalog_views.hpp"
#include "server/session.hpp"
#include "server/support_functions.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <atomic>
#include <fstream>
#include <iostream>
#include <map>
#include <thread>

int main(int argc, char **argv) {
  std::map<std::string, std::string> args;
  for (int i = 1; i + 1 < argc; i += 2)
    args[argv[i]] = argv[i + 1];
  for (const char *required : {"--listen", "--backend", "--user", "--password"})
    if (!args.count(required)) {
      std::cerr << "usage: tds_test_server --listen HOST:PORT --backend CONNINFO --user U "
                   "--password P [--database NAME] [--log FILE]\n";
      return 2;
    }
  tds_server::ServerConfig config{args["--backend"], args["--user"], args["--password"],
                                  args.count("--database") ? args["--database"] : "testdb",
                                  args.count("--log") ? args["--log"] : ""};
  std::string listen = args["--listen"];
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) {
    std::cerr << "--listen needs HOST:PORT\n";
    return 2;
  }
  try {
    // The backend keeps SQL Server's default schema.
    tds_server::Backend(config.backend_conninfo).execute("CREATE SCHEMA IF NOT EXISTS dbo");
    tds_server::Backend(config.backend_conninfo).execute(tds_server::support_functions_sql());
    // sys.* and INFORMATION_SCHEMA.* views, rebuilt at every start.
    tds_server::Backend(config.backend_conninfo).execute(tds_server::catalog_bootstrap_sql(config.database));
    boost::asio::io_context io;
    boost::asio::ip::tcp::endpoint endpoint(boost::asio::ip::make_address(listen.substr(0, colon)),
                                            static_cast<unsigned short>(std::stoi(listen.substr(colon + 1))));
    boost::asio::ip::tcp::acceptor acceptor(io, endpoint);
    std::cout << "listening on " << listen << std::endl;
    std::atomic<int> next_spid{51};
    while (true) {
      boost::asio::ip::tcp::socket socket(io);
      acceptor.accept(socket);
      socket.set_option(boost::asio::ip::tcp::no_delay(true));
      int spid = next_spid++;
      std::thread([s = std::move(socket), &config, spid]() mutable {
        tds_server::serve_session(std::move(s), config, spid);
      }).detach();
    }
  } catch (const std::exception &e) {
    std::cerr << "tds_test_server: " << e.what() << std::endl;
    return 1;
  }
}
