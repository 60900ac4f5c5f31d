// Remote connections cached per user mapping for the backend's life, as
// postgres_fdw does: reused across calls, reopened when the server's or the
// mapping's options change, dropped when a transaction aborts while one is in
// use mid-stream (its state is unknown then).
#pragma once

#include "pg/server_access.hpp"
#include "remote/remote_connection.hpp"

namespace mssql_upsert::pg {

// Marks the connection busy until release(), called on success. On an error the
// transaction aborts while it is busy, and the abort closes it.
class RemoteConnectionLease {
public:
  explicit RemoteConnectionLease(const ServerAccess &access);
  RemoteConnectionLease(const RemoteConnectionLease &) = delete;
  RemoteConnectionLease &operator=(const RemoteConnectionLease &) = delete;

  remote::Connection &connection() { return *connection_; }
  // The connection is in a clean state again (all results read).
  void release();

private:
  Oid user_mapping_id_;
  remote::Connection *connection_;
};

// True when PostgreSQL has a cancel or termination pending (safe to call from
// inside FreeTDS callbacks: it only reads flags).
bool postgres_interrupt_pending();

} // namespace mssql_upsert::pg
