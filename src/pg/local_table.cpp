#include "pg/local_table.hpp"

#include "pg/pg_guard.hpp"

#include <algorithm>

extern "C" {
#include "access/genam.h"
#include "access/relation.h"
#include "access/table.h"
#include "catalog/index.h"
#include "catalog/objectaddress.h"
#include "catalog/pg_class.h"
#include "catalog/pg_index.h"
#include "nodes/pg_list.h"
#include "storage/lmgr.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/relcache.h"
}

namespace mssql_upsert::pg {

namespace {

struct IndexColumns {
  bool primary = false;
  bool usable = false; // unique, valid, immediate, no predicate, no expressions
  std::vector<AttrNumber> attnums;
};

std::vector<IndexColumns> read_unique_indexes(List *index_oids) {
  std::vector<IndexColumns> out;
  ListCell *cell;
  foreach (cell, index_oids) {
    Oid index_oid = lfirst_oid(cell);
    IndexColumns columns;
    pg_call([&] {
      Relation index = index_open(index_oid, AccessShareLock);
      Form_pg_index form = index->rd_index;
      columns.primary = form->indisprimary;
      columns.usable = form->indisunique && form->indisvalid && form->indimmediate &&
                       RelationGetIndexPredicate(index) == NIL;
      for (int i = 0; i < form->indnkeyatts; ++i)
        columns.attnums.push_back(form->indkey.values[i]);
      index_close(index, AccessShareLock);
    });
    if (!columns.usable)
      continue;
    if (std::find(columns.attnums.begin(), columns.attnums.end(), 0) != columns.attnums.end())
      continue; // expression column
    out.push_back(std::move(columns));
  }
  return out;
}

// What the table's relcache entry says, copied: the relation is open only
// inside one pg_call, so table_close runs on the normal path and never while a
// C++ exception unwinds; after an error the resource owner releases it at
// abort, as for any PostgreSQL code. The lock is kept until the transaction
// ends (the pull writes into the table later in it).
struct RelationCopy {
  TupleDesc desc;   // with attnotnull, identity and generated kept
  List *index_oids;
};

RelationCopy copy_relation(Oid relid) {
  return pg_call([&] {
    Relation rel = table_open(relid, AccessShareLock);
    RelationCopy copy{CreateTupleDescCopyConstr(RelationGetDescr(rel)), RelationGetIndexList(rel)};
    table_close(rel, NoLock);
    return copy;
  });
}

} // namespace

LocalTable read_local_table(Oid relid) {
  LocalTable table;
  table.relid = relid;
  char relkind = pg_call([&] { return get_rel_relkind(relid); });
  const char *relname = pg_call([&] { return get_rel_name(relid); });
  if (relname == nullptr)
    throw Error("relation with OID " + std::to_string(relid) + " does not exist",
                sqlstate::kUndefinedTable);
  table.name = relname;
  table.partitioned = relkind == RELKIND_PARTITIONED_TABLE;
  table.schema = pg_call([&] { return get_namespace_name(get_rel_namespace(relid)); });
  table.info.display_name = pg_call([&] {
    return quote_qualified_identifier(table.schema.c_str(), table.name.c_str());
  });
  if (relkind != RELKIND_RELATION && relkind != RELKIND_PARTITIONED_TABLE)
    throw Error("\"" + table.info.display_name + "\" is not a table",
                sqlstate::kWrongObjectType, "", "mssql_upsert_pull writes into ordinary or partitioned tables.");

  const RelationCopy rel = copy_relation(relid);
  TupleDesc desc = rel.desc;
  for (int i = 0; i < desc->natts; ++i) {
    Form_pg_attribute attr = TupleDescAttr(desc, i);
    if (attr->attisdropped)
      continue;
    sync::LocalColumnInfo column;
    column.name = NameStr(attr->attname);
    column.type_name = pg_call([&] { return format_type_with_typemod(attr->atttypid, attr->atttypmod); });
    column.not_null = attr->attnotnull;
    column.has_default = attr->atthasdef || attr->attidentity != '\0';
    column.generated = attr->attgenerated != '\0';
    column.identity_always = attr->attidentity == ATTRIBUTE_IDENTITY_ALWAYS;
    table.info.columns.push_back(column);
    table.types.push_back({attr->atttypid, attr->atttypmod, attr->attnum});
  }
  auto column_index_of = [&](AttrNumber attnum) -> std::optional<std::size_t> {
    for (std::size_t i = 0; i < table.types.size(); ++i)
      if (table.types[i].attnum == attnum)
        return i;
    return std::nullopt;
  };
  for (const IndexColumns &index : read_unique_indexes(rel.index_oids)) {
    std::vector<std::size_t> columns;
    for (AttrNumber attnum : index.attnums)
      columns.push_back(*column_index_of(attnum));
    if (index.primary)
      table.info.primary_key = columns;
    table.info.unique_indexes.push_back(columns);
  }
  return table;
}

void require_table_privileges(Oid relid, AclMode mode) {
  pg_call([&] {
    // One bit at a time: pg_class_aclcheck is satisfied by any one of several.
    for (AclMode bit = 1; bit != 0 && bit <= mode; bit <<= 1) {
      if ((mode & bit) == 0)
        continue;
      AclResult result = pg_class_aclcheck(relid, GetUserId(), bit);
      if (result != ACLCHECK_OK)
        aclcheck_error(result, get_relkind_objtype(get_rel_relkind(relid)), get_rel_name(relid));
    }
  });
}

void lock_for_writing(Oid relid) {
  pg_call([&] { LockRelationOid(relid, RowExclusiveLock); });
}

} // namespace mssql_upsert::pg
