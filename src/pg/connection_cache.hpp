// Remote connections cached per user mapping for the backend's life, as
// postgres_fdw does: reused across calls, reopened when the server's or the
// mapping's options change, closed when a call leaves one mid-stream (its
// state is unknown then): when its lease goes without release(), and at the
// abort of the transaction or of the subtransaction (savepoint, PL/pgSQL
// EXCEPTION block) that leased it.
#pragma once

#include "pg/server_access.hpp"
#include "remote/remote_connection.hpp"

#include <memory>

namespace mssql_upsert::pg {

// Marks the connection busy until release(), called on success. A lease
// destroyed without release() closes its connection (without cancelling
// anything), and so does the abort of the (sub)transaction it was taken in.
class RemoteConnectionLease {
public:
  // A second lease on the same user mapping while one is busy is refused
  // (nested calls), unless allow_extra_connection: then another cached
  // connection is used or opened (two foreign scans in one query).
  explicit RemoteConnectionLease(const ServerAccess &access, bool allow_extra_connection = false);
  RemoteConnectionLease(const RemoteConnectionLease &) = delete;
  RemoteConnectionLease &operator=(const RemoteConnectionLease &) = delete;
  ~RemoteConnectionLease();

  remote::Connection &connection() { return *connection_; }
  // Shared ownership for a holder whose lifetime PostgreSQL's memory contexts
  // decide (a scan): the connection outlives the cache entry an abort drops.
  std::shared_ptr<remote::Connection> shared_connection() const { return connection_; }
  // The connection is in a clean state again (all results read).
  void release();

private:
  Oid user_mapping_id_;
  std::size_t slot_;
  std::shared_ptr<remote::Connection> connection_;
  bool released_ = false;
};

// True when PostgreSQL has a cancel or termination pending (safe to call from
// inside FreeTDS callbacks: it only reads flags).
bool postgres_interrupt_pending();

} // namespace mssql_upsert::pg
