#include "pg/connection_cache.hpp"

#include "options/connection_settings.hpp"
#include "pg/pg_guard.hpp"
#include "remote/connection_factory.hpp"

extern "C" {
#include "access/xact.h"
#include "utils/inval.h"
#include "utils/syscache.h"
}

#include <memory>
#include <unordered_map>
#include <vector>

namespace mssql_upsert::pg {

namespace {

struct CacheEntry {
  std::shared_ptr<remote::Connection> connection;
  bool stale = false; // options changed: reopen at next use
  bool busy = false;  // in use by a running call
  int nest_level = 0; // the (sub)transaction level that made it busy
};

// Per user mapping: slot 0 for every call, more only for concurrent foreign scans.
std::unordered_map<Oid, std::vector<CacheEntry>> &cache() {
  static std::unordered_map<Oid, std::vector<CacheEntry>> entries;
  return entries;
}

// Any change to a foreign server or user mapping marks every entry stale;
// changes are rare, so finer tracking is not worth it.
void on_catalog_change(Datum, int, uint32) {
  for (auto &[id, slots] : cache())
    for (CacheEntry &entry : slots)
      entry.stale = true;
}

// A transaction that aborts while a connection is busy leaves it mid-stream.
void on_transaction_end(XactEvent event, void *) {
  if (event != XACT_EVENT_ABORT && event != XACT_EVENT_PARALLEL_ABORT)
    return;
  for (auto &[id, slots] : cache()) {
    for (CacheEntry &entry : slots) {
      if (entry.busy) {
        entry.connection.reset();
        entry.busy = false;
      }
    }
  }
}

// The same for a subtransaction that aborts (a PL/pgSQL EXCEPTION block around
// a call, mssql_upsert_sync_run_all going on after a failed sync): the
// connections it made busy are mid-stream; the enclosing transaction goes on.
void on_subtransaction_end(SubXactEvent event, SubTransactionId, SubTransactionId, void *) {
  if (event != SUBXACT_EVENT_ABORT_SUB)
    return;
  const int level = GetCurrentTransactionNestLevel();
  for (auto &[id, slots] : cache()) {
    for (CacheEntry &entry : slots) {
      if (entry.busy && entry.nest_level >= level) {
        entry.connection.reset();
        entry.busy = false;
      }
    }
  }
}

void register_callbacks_once() {
  static bool registered = false;
  if (registered)
    return;
  pg_call([] {
    CacheRegisterSyscacheCallback(FOREIGNSERVEROID, on_catalog_change, 0);
    CacheRegisterSyscacheCallback(USERMAPPINGOID, on_catalog_change, 0);
    RegisterXactCallback(on_transaction_end, nullptr);
    RegisterSubXactCallback(on_subtransaction_end, nullptr);
  });
  registered = true;
}

} // namespace

bool postgres_interrupt_pending() { return QueryCancelPending || ProcDiePending; }

RemoteConnectionLease::RemoteConnectionLease(const ServerAccess &access,
                                             bool allow_extra_connection)
    : user_mapping_id_(access.user_mapping_id), slot_(0) {
  register_callbacks_once();
  std::vector<CacheEntry> &slots = cache()[access.user_mapping_id];
  if (slots.empty())
    slots.emplace_back();
  while (allow_extra_connection && slot_ < slots.size() && slots[slot_].busy)
    ++slot_;
  if (slot_ == slots.size())
    slots.emplace_back();
  CacheEntry &entry = slots[slot_];
  if (entry.busy)
    throw Error("the connection to server \"" + access.server_name +
                    "\" is already in use by a running call",
                sqlstate::kFeatureNotSupported, "",
                "Nested calls on the same server (e.g. from a trigger) are not supported.");
  if (entry.connection && (entry.stale || !entry.connection->usable()))
    entry.connection.reset();
  if (!entry.connection) {
    options::ConnectionSettings settings = options::resolve_connection_settings(
        access.server_name, access.server_options, access.user_mapping_options,
        access.caller_is_superuser);
    entry.connection = remote::open_connection(settings, postgres_interrupt_pending);
    entry.stale = false;
  }
  entry.busy = true;
  entry.nest_level = pg_call([] { return GetCurrentTransactionNestLevel(); });
  connection_ = entry.connection;
}

void RemoteConnectionLease::release() {
  auto it = cache().find(user_mapping_id_);
  if (it != cache().end() && slot_ < it->second.size() &&
      it->second[slot_].connection == connection_)
    it->second[slot_].busy = false;
}

} // namespace mssql_upsert::pg
