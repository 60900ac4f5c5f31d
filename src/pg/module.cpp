// The extension's module header: PG_MODULE_MAGIC lives here and only here.
#include "pg/pg_headers.hpp"

extern "C" {
PG_MODULE_MAGIC;
}
