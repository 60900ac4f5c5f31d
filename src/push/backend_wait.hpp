// Small backend services for long-running calls: a WARNING to the client and a
// wait that a cancel or statement_timeout ends at once.
#pragma once

#include <string>

namespace mssql_upsert::push {

// ereport(WARNING, message); never longjmps (a WARNING returns).
void warn(const std::string &message);
// Sleeps on the process latch; a pending cancel or termination ends the wait
// with PostgreSQL's own error (as pg::PgError).
void sleep_interruptibly(int milliseconds);

} // namespace mssql_upsert::push
