// An atomic push's remote transaction: BEGIN TRANSACTION at the start, COMMIT
// at the end, ROLLBACK when the push leaves early (an error or a cancel).
#pragma once

#include "remote/remote_connection.hpp"

namespace mssql_upsert::push {

class RemoteTransaction {
public:
  RemoteTransaction(remote::Connection &connection, bool enabled)
      : connection_(connection), open_(enabled) {
    if (open_)
      connection_.execute("BEGIN TRANSACTION");
  }
  RemoteTransaction(const RemoteTransaction &) = delete;
  RemoteTransaction &operator=(const RemoteTransaction &) = delete;
  ~RemoteTransaction() {
    if (!open_ || !connection_.usable())
      return; // a dropped connection rolls back on the server by itself
    try {
      connection_.execute("IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION");
    } catch (...) {
      // The connection is then dropped with the failed call; SQL Server rolls back.
    }
  }
  void commit() {
    if (open_)
      connection_.execute("COMMIT TRANSACTION");
    open_ = false;
  }

private:
  remote::Connection &connection_;
  bool open_;
};

} // namespace mssql_upsert::push
