// The extension's module header: PG_MODULE_MAGIC lives here and only here, and
// _PG_init, which asks for the progress slots' shared memory when preloaded.
#include "pg/pg_headers.hpp"
#include "progress/progress_report.hpp"

extern "C" {
PG_MODULE_MAGIC;

void _PG_init(void);
void _PG_init(void) { mssql_upsert::progress::request_shared_memory(); }
}
