// Makes a memory context current for one C++ scope and gives the caller's back
// on every way out, a C++ exception included.
//
// Only for code that reports errors by C++ exceptions: an ereport's longjmp
// skips destructors, so code inside pg_call keeps plain MemoryContextSwitchTo
// pairs (PostgreSQL's error recovery restores the context there).
#pragma once

#include "pg/pg_headers.hpp"

namespace mssql_upsert::pg {

class MemoryContextScope {
public:
  explicit MemoryContextScope(MemoryContext context) : caller_(MemoryContextSwitchTo(context)) {}
  ~MemoryContextScope() { MemoryContextSwitchTo(caller_); }
  MemoryContextScope(const MemoryContextScope &) = delete;
  MemoryContextScope &operator=(const MemoryContextScope &) = delete;

private:
  MemoryContext caller_;
};

} // namespace mssql_upsert::pg
