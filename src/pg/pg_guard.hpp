// The one place where C++ meets PostgreSQL's error handling.
//
// - pg_call(f): runs PostgreSQL code that may ereport(ERROR). The error is caught
//   (PG_TRY), copied, and rethrown as a C++ PgError, so C++ destructors run while
//   the stack unwinds. f itself must not own C++ objects with destructors (a
//   longjmp out of f skips them); C++ exceptions thrown by f pass through.
// - callback_entry(f) / sql_entry(f): every FDW callback's and SQL-callable
//   function's body runs inside it and returns f's result. Any C++ exception is
//   caught, all C++ frames are left, and only then is the error re-raised with
//   ereport (a PgError keeps its original ErrorData).
#pragma once

#include "common/error.hpp"
#include "pg/pg_headers.hpp"

#include <cstring>
#include <exception>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

namespace mssql_upsert::pg {

// A PostgreSQL error travelling as a C++ exception. Owns a copy of the ErrorData
// allocated in ErrorContext-independent memory (TopMemoryContext) until rethrown.
class PgError : public std::exception {
public:
  explicit PgError(ErrorData *edata) : edata_(edata) {}
  PgError(PgError &&other) noexcept : edata_(std::exchange(other.edata_, nullptr)) {}
  PgError(const PgError &) = delete;
  ~PgError() override;
  const char *what() const noexcept override;
  // The error as PostgreSQL raised it (SQLSTATE, constraint name, ...).
  const ErrorData *data() const noexcept { return edata_; }
  // Hands the ErrorData over to the caller (who rethrows it).
  ErrorData *release() noexcept { return std::exchange(edata_, nullptr); }

private:
  ErrorData *edata_;
};

// Catches the current PostgreSQL error inside PG_CATCH and returns a copy of it
// that survives FlushErrorState.
ErrorData *take_current_error(MemoryContext caller_context);

template <typename F> auto pg_call(F &&f) -> decltype(f()) {
  using Result = decltype(f());
  MemoryContext caller_context = CurrentMemoryContext;
  ErrorData *volatile edata = nullptr; // set after the longjmp
  // A C++ exception thrown by f must not leave PG_TRY without PG_END_TRY
  // (PG_exception_stack would point at a dead frame): hold it and rethrow after.
  std::exception_ptr cpp_error;
  // Lives in this frame, which the longjmp returns to, and is only set on success.
  std::optional<std::conditional_t<std::is_void_v<Result>, bool, Result>> result;
  PG_TRY();
  {
    try {
      if constexpr (std::is_void_v<Result>) {
        f();
        result.emplace(true);
      } else {
        result.emplace(f());
      }
    } catch (...) {
      cpp_error = std::current_exception();
    }
  }
  PG_CATCH();
  { edata = take_current_error(caller_context); }
  PG_END_TRY();
  if (edata != nullptr)
    throw PgError(edata);
  if (cpp_error)
    std::rethrow_exception(cpp_error);
  if constexpr (!std::is_void_v<Result>)
    return std::move(*result);
}

// Checks for a pending cancel / terminate; throws PgError if one is pending.
void check_for_interrupts();

// Raises the stored error with ereport. Never returns. Must be called with no
// live C++ object above it in the current frame that needs destruction.
// message, detail and hint are malloc'd (freed here) or null; a null message
// means the copy itself ran out of memory.
[[noreturn]] void rethrow_as_ereport(ErrorData *pg_error, const char *sqlstate, char *message,
                                     char *detail, char *hint);

// Runs a PostgreSQL callback's body (an FDW callback, a SQL function) and
// returns what it returns (void, a pointer, a count), converting every escaping
// C++ exception into ereport.
template <typename F> auto callback_entry(F &&body) -> decltype(body()) {
  ErrorData *pg_error = nullptr;
  // Copies of the C++ error, so no C++ object outlives the catch: malloc'd,
  // because palloc could ereport (out of memory) from inside the catch.
  char error_code[6] = {};
  snprintf(error_code, sizeof error_code, "%s", sqlstate::kInternalError);
  char *message = nullptr, *detail = nullptr, *hint = nullptr;
  try {
    return body();
  } catch (PgError &e) {
    pg_error = e.release();
  } catch (const Error &e) {
    snprintf(error_code, sizeof error_code, "%s", e.sqlstate().c_str());
    message = strdup(e.what());
    detail = e.detail().empty() ? nullptr : strdup(e.detail().c_str());
    hint = e.hint().empty() ? nullptr : strdup(e.hint().c_str());
  } catch (const std::bad_alloc &) {
    snprintf(error_code, sizeof error_code, "%s", sqlstate::kOutOfMemory);
    message = strdup("out of memory");
  } catch (const std::exception &e) {
    message = strdup(e.what());
  } catch (...) {
    message = strdup("unexpected C++ exception");
  }
  rethrow_as_ereport(pg_error, error_code, message, detail, hint);
}

// A SQL-callable function's body: returns its Datum.
template <typename F> Datum sql_entry(F &&body) { return callback_entry(std::forward<F>(body)); }

} // namespace mssql_upsert::pg
