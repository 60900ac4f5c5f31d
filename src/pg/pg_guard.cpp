#include "pg/pg_guard.hpp"

namespace mssql_upsert::pg {

PgError::~PgError() {
  // Only reached when the error was never rethrown (e.g. replaced by another).
  if (edata_ != nullptr)
    FreeErrorData(edata_);
}

const char *PgError::what() const noexcept {
  return edata_ != nullptr && edata_->message != nullptr ? edata_->message : "PostgreSQL error";
}

ErrorData *take_current_error(MemoryContext caller_context) {
  // CopyErrorData must not run in ErrorContext; keep the copy in a context that
  // outlives the caller's per-chunk contexts until it is rethrown.
  MemoryContextSwitchTo(TopMemoryContext);
  ErrorData *edata = CopyErrorData();
  FlushErrorState();
  MemoryContextSwitchTo(caller_context);
  return edata;
}

static char *copy_string_here(const char *s) { return s != nullptr ? pstrdup(s) : nullptr; }

static ErrorData *copy_error_data_here(const ErrorData *source) {
  ErrorData *copy = static_cast<ErrorData *>(palloc(sizeof(ErrorData)));
  *copy = *source;
  copy->message = copy_string_here(source->message);
  copy->detail = copy_string_here(source->detail);
  copy->detail_log = copy_string_here(source->detail_log);
  copy->hint = copy_string_here(source->hint);
  copy->context = copy_string_here(source->context);
  copy->backtrace = copy_string_here(source->backtrace);
  copy->message_id = copy_string_here(source->message_id);
  copy->schema_name = copy_string_here(source->schema_name);
  copy->table_name = copy_string_here(source->table_name);
  copy->column_name = copy_string_here(source->column_name);
  copy->datatype_name = copy_string_here(source->datatype_name);
  copy->constraint_name = copy_string_here(source->constraint_name);
  copy->internalquery = copy_string_here(source->internalquery);
  return copy;
}

void check_for_interrupts() {
  pg_call([] { CHECK_FOR_INTERRUPTS(); });
}

void rethrow_as_ereport(ErrorData *pg_error, const char *sqlstate, char *message, char *detail,
                        char *hint) {
  if (pg_error != nullptr) {
    // Move the long-lived copy into the current (statement) memory so nothing
    // stays behind in TopMemoryContext once the error propagates.
    ErrorData *copy = copy_error_data_here(pg_error);
    FreeErrorData(pg_error);
    ReThrowError(copy);
  }
  // Copied into palloc'd memory before the malloc'd texts are freed; if a copy
  // runs out of memory, the malloc'd texts are lost, which is all it costs.
  char *shown_message = pstrdup(message != nullptr ? message : "out of memory");
  char *shown_detail = detail != nullptr ? pstrdup(detail) : nullptr;
  char *shown_hint = hint != nullptr ? pstrdup(hint) : nullptr;
  free(message);
  free(detail);
  free(hint);
  // A remote call given up because of a cancel or timeout: let PostgreSQL say
  // which (statement_timeout, user request, termination) in its own words.
  if (strcmp(sqlstate, sqlstate::kQueryCanceled) == 0)
    CHECK_FOR_INTERRUPTS();
  ereport(ERROR,
          (errcode(MAKE_SQLSTATE(sqlstate[0], sqlstate[1], sqlstate[2], sqlstate[3], sqlstate[4])),
           errmsg("%s", shown_message), shown_detail ? errdetail("%s", shown_detail) : 0,
           shown_hint ? errhint("%s", shown_hint) : 0));
  pg_unreachable();
}

} // namespace mssql_upsert::pg
