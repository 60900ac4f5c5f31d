#include "pg/option_lists.hpp"

#include "pg/pg_guard.hpp"

extern "C" {
#include "access/reloptions.h"
#include "commands/defrem.h"
}

namespace mssql_upsert::pg {

options::OptionList read_def_elem_list(List *def_elems) {
  options::OptionList options;
  ListCell *cell;
  foreach (cell, def_elems) {
    DefElem *def = static_cast<DefElem *>(lfirst(cell));
    const char *value = pg_call([&] { return defGetString(def); });
    options.emplace_back(def->defname, value);
  }
  return options;
}

options::OptionList read_option_array(Datum text_array) {
  return read_def_elem_list(pg_call([&] { return untransformRelOptions(text_array); }));
}

} // namespace mssql_upsert::pg
