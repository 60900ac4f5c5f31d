// Reads PostgreSQL option lists (DefElem lists, reloption arrays) into plain strings.
#pragma once

#include "options/fdw_options.hpp"
#include "pg/pg_headers.hpp"

extern "C" {
#include "nodes/pg_list.h"
}

namespace mssql_upsert::pg {

options::OptionList read_def_elem_list(List *def_elems);
options::OptionList read_option_array(Datum text_array);

} // namespace mssql_upsert::pg
