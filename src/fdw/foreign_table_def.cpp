#include "fdw/foreign_table_def.hpp"

#include "options/fdw_options.hpp"
#include "pg/option_lists.hpp"
#include "pg/pg_guard.hpp"

extern "C" {
#include "access/htup_details.h"
#include "access/table.h"
#include "catalog/pg_attribute.h"
#include "foreign/foreign.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/syscache.h"
}

namespace mssql_upsert::fdw {

ForeignTableDef read_foreign_table_def(Oid relid) {
  ForeignTableDef def;
  def.relid = relid;
  ForeignTable *table = pg::pg_call([&] { return GetForeignTable(relid); });
  def.server_id = table->serverid;
  options::OptionList table_options = pg::read_def_elem_list(table->options);
  const char *name = pg::pg_call([&] { return get_rel_name(relid); });
  const char *schema = pg::pg_call([&] { return get_namespace_name(get_rel_namespace(relid)); });
  def.display_name =
      pg::pg_call([&] { return std::string(quote_qualified_identifier(schema, name)); });

  options::OptionList server_options = pg::read_def_elem_list(
      pg::pg_call([&] { return GetForeignServer(table->serverid)->options; }));
  def.use_remote_estimate = options::parse_boolean_option(
      "use_remote_estimate", options::option_value(table_options, "use_remote_estimate",
                                       options::option_value(server_options, "use_remote_estimate", "false")));

  std::string query = options::option_value(table_options, "query", "");
  if (!query.empty())
    def.source.query = query;
  else
    def.source.table = sqlgen::QualifiedName{options::option_value(table_options, "schema_name", "dbo"),
                                             options::option_value(table_options, "table_name", name)};

  int natts = pg::pg_call([&] {
    Relation rel = table_open(relid, NoLock);
    int n = RelationGetDescr(rel)->natts;
    table_close(rel, NoLock);
    return n;
  });
  for (int attnum = 1; attnum <= natts; ++attnum) {
    bool dropped = false;
    const char *column = pg::pg_call([&] {
      HeapTuple tuple = SearchSysCache2(ATTNUM, ObjectIdGetDatum(relid), Int16GetDatum(attnum));
      if (!HeapTupleIsValid(tuple))
        elog(ERROR, "cache lookup failed for attribute %d of relation %u", attnum, relid);
      Form_pg_attribute attr = (Form_pg_attribute)GETSTRUCT(tuple);
      dropped = attr->attisdropped;
      char *copy = pstrdup(NameStr(attr->attname));
      ReleaseSysCache(tuple);
      return copy;
    });
    if (dropped) {
      def.local_columns.emplace_back();
      def.remote_columns.emplace_back();
      continue;
    }
    options::OptionList column_options =
        pg::read_def_elem_list(pg::pg_call([&] { return GetForeignColumnOptions(relid, attnum); }));
    def.local_columns.emplace_back(column);
    def.remote_columns.push_back(options::option_value(column_options, "column_name", column));
  }
  return def;
}

} // namespace mssql_upsert::fdw
