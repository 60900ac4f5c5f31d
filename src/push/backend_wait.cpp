#include "push/backend_wait.hpp"

#include "pg/pg_guard.hpp"

extern "C" {
#include "storage/latch.h"
#include "utils/wait_event.h"
}

#include <chrono>

namespace mssql_upsert::push {

void warn(const std::string &message) {
  pg::pg_call([&] { ereport(WARNING, (errmsg("%s", message.c_str()))); });
}

void sleep_interruptibly(int milliseconds) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(milliseconds);
  for (;;) {
    pg::check_for_interrupts();
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    until - std::chrono::steady_clock::now())
                    .count();
    if (left <= 0)
      return;
    pg::pg_call([&] {
      (void)WaitLatch(MyLatch, WL_LATCH_SET | WL_TIMEOUT | WL_EXIT_ON_PM_DEATH,
                      static_cast<long>(left), PG_WAIT_EXTENSION);
      ResetLatch(MyLatch);
    });
  }
}

} // namespace mssql_upsert::push
