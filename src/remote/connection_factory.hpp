// Opening a connection to SQL Server (implemented by src/tds over FreeTDS).
#pragma once

#include "options/connection_settings.hpp"
#include "remote/remote_connection.hpp"

#include <functional>
#include <memory>

namespace mssql_upsert::remote {

// interrupt_requested is polled at least once a second while a remote call
// blocks; when it returns true the remote work is cancelled and the call throws
// an Error with SQLSTATE 57014. Login failures carry SQL Server's message,
// never the password.
std::unique_ptr<Connection> open_connection(const options::ConnectionSettings &settings,
                                            std::function<bool()> interrupt_requested);

} // namespace mssql_upsert::remote
