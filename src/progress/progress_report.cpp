#include "progress/progress_report.hpp"

extern "C" {
#include "access/xact.h"
#include "miscadmin.h"
#include "storage/ipc.h"
#include "storage/lwlock.h"
#include "storage/shmem.h"
#include "storage/spin.h"
#include "utils/timestamp.h"
}

#include <algorithm>
#include <cstring>

namespace mssql_upsert::progress {

namespace {

constexpr std::size_t kKindBytes = 8;
constexpr std::size_t kNameBytes = 256;
constexpr std::size_t kPhaseBytes = 32;
constexpr const char *kShmemName = "mssql_upsert_fdw progress";

struct Slot {
  slock_t mutex;
  int pid; // 0: free
  Oid role;
  char kind[kKindBytes];
  char name[kNameBytes];
  char phase[kPhaseBytes];
  int64_t rows_read;
  int64_t rows_written;
  int64_t chunks;
  TimestampTz started_at;
};

struct Shared {
  int slot_count;
  Slot slots[FLEXIBLE_ARRAY_MEMBER];
};

Shared *g_shared = nullptr;
shmem_request_hook_type g_previous_request = nullptr;
shmem_startup_hook_type g_previous_startup = nullptr;
// This backend's claimed slot and how many reports share it.
Slot *g_mine = nullptr;
int g_depth = 0;
// The outermost report held its phase: nested reports' phases are not shown.
bool g_phase_held = false;
bool g_callbacks_registered = false;

Size shared_size(int slots) { return add_size(offsetof(Shared, slots), mul_size(slots, sizeof(Slot))); }

void copy_text(char *to, std::size_t size, const char *from) {
  const std::size_t length = std::strlen(from);
  std::size_t n = std::min(length, size - 1);
  // Cut at a character boundary, not inside a UTF-8 sequence.
  while (n > 0 && n < length && (static_cast<unsigned char>(from[n]) & 0xC0) == 0x80)
    --n;
  std::memcpy(to, from, n);
  to[n] = '\0';
}

void release_mine() {
  if (g_mine != nullptr) {
    SpinLockAcquire(&g_mine->mutex);
    g_mine->pid = 0;
    SpinLockRelease(&g_mine->mutex);
  }
  g_mine = nullptr;
  g_depth = 0;
  g_phase_held = false;
}

void release_at_exit(int, Datum) { release_mine(); }

void on_transaction_end(XactEvent event, void *) {
  if (event == XACT_EVENT_ABORT || event == XACT_EVENT_PARALLEL_ABORT)
    release_mine();
}

void request_hook() {
  if (g_previous_request != nullptr)
    g_previous_request();
  RequestAddinShmemSpace(shared_size(MaxBackends));
}

void startup_hook() {
  if (g_previous_startup != nullptr)
    g_previous_startup();
  LWLockAcquire(AddinShmemInitLock, LW_EXCLUSIVE);
  bool found = false;
  g_shared = static_cast<Shared *>(ShmemInitStruct(kShmemName, shared_size(MaxBackends), &found));
  if (!found) {
    g_shared->slot_count = MaxBackends;
    for (int i = 0; i < MaxBackends; ++i) {
      std::memset(&g_shared->slots[i], 0, sizeof(Slot));
      SpinLockInit(&g_shared->slots[i].mutex);
    }
  }
  LWLockRelease(AddinShmemInitLock);
}

Slot *claim_slot() {
  for (int i = 0; i < g_shared->slot_count; ++i) {
    Slot *slot = &g_shared->slots[i];
    SpinLockAcquire(&slot->mutex);
    const bool free = slot->pid == 0;
    if (free)
      slot->pid = MyProcPid;
    SpinLockRelease(&slot->mutex);
    if (free)
      return slot;
  }
  return nullptr; // more calls than backends cannot happen; report nothing then
}

} // namespace

void request_shared_memory() {
  if (!process_shared_preload_libraries_in_progress)
    return;
  g_previous_request = shmem_request_hook;
  shmem_request_hook = request_hook;
  g_previous_startup = shmem_startup_hook;
  shmem_startup_hook = startup_hook;
}

bool available() { return g_shared != nullptr; }

std::vector<ProgressRow> running_calls() {
  std::vector<ProgressRow> rows;
  for (int i = 0; g_shared != nullptr && i < g_shared->slot_count; ++i) {
    Slot *slot = &g_shared->slots[i];
    ProgressRow row;
    SpinLockAcquire(&slot->mutex);
    row.pid = slot->pid;
    row.role = slot->role;
    row.rows_read = slot->rows_read;
    row.rows_written = slot->rows_written;
    row.chunks = slot->chunks;
    row.started_at = slot->started_at;
    char kind[kKindBytes], name[kNameBytes], phase[kPhaseBytes];
    std::memcpy(kind, slot->kind, kKindBytes);
    std::memcpy(name, slot->name, kNameBytes);
    std::memcpy(phase, slot->phase, kPhaseBytes);
    SpinLockRelease(&slot->mutex);
    if (row.pid == 0)
      continue;
    row.kind = kind;
    row.name = name;
    row.phase = phase;
    rows.push_back(std::move(row));
  }
  return rows;
}

ProgressReport::ProgressReport(const char *kind, const std::string &name) {
  if (g_shared == nullptr)
    return;
  if (g_depth > 0 && g_mine != nullptr) {
    ++g_depth;
    return;
  }
  if (!g_callbacks_registered) {
    before_shmem_exit(release_at_exit, 0);
    RegisterXactCallback(on_transaction_end, nullptr);
    g_callbacks_registered = true;
  }
  g_mine = claim_slot();
  if (g_mine == nullptr)
    return;
  outermost_ = true;
  g_depth = 1;
  SpinLockAcquire(&g_mine->mutex);
  g_mine->role = GetUserId();
  copy_text(g_mine->kind, kKindBytes, kind);
  copy_text(g_mine->name, kNameBytes, name.c_str());
  copy_text(g_mine->phase, kPhaseBytes, "starting");
  g_mine->rows_read = g_mine->rows_written = g_mine->chunks = 0;
  g_mine->started_at = GetCurrentTimestamp();
  SpinLockRelease(&g_mine->mutex);
}

ProgressReport::~ProgressReport() {
  if (g_mine == nullptr)
    return;
  if (outermost_)
    release_mine();
  else if (g_depth > 1)
    --g_depth;
}

void ProgressReport::hold_phase(const char *phase) {
  if (!outermost_)
    return this->phase(phase);
  this->phase(phase);
  g_phase_held = true;
}

void ProgressReport::phase(const char *phase) {
  if (g_mine == nullptr || (g_phase_held && !outermost_))
    return;
  SpinLockAcquire(&g_mine->mutex);
  copy_text(g_mine->phase, kPhaseBytes, phase);
  SpinLockRelease(&g_mine->mutex);
}

void ProgressReport::add(int64_t rows_read, int64_t rows_written, int64_t chunks) {
  if (g_mine == nullptr)
    return;
  SpinLockAcquire(&g_mine->mutex);
  g_mine->rows_read += rows_read;
  g_mine->rows_written += rows_written;
  g_mine->chunks += chunks;
  SpinLockRelease(&g_mine->mutex);
}

} // namespace mssql_upsert::progress
