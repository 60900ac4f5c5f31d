// mssql_upsert_sync_define_schema's decisions, made from a description of the
// remote schema: which tables are synced (tables / except_tables), which key
// each sync uses, the order a group runs in (parents before the tables whose
// foreign keys reference them), the names of the local tables and syncs, and
// the foreign keys to add after the first complete load. Pure: the catalog
// comes in as values, the plan goes out as values and SQL text.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace mssql_upsert::schema_sync {

struct RemoteKeyColumn {
  std::string name;
  bool nullable = false;
};

struct RemoteUniqueKey {
  bool primary_key = false;
  std::vector<RemoteKeyColumn> columns;
};

struct RemoteSchemaTable {
  std::string name;
  std::vector<RemoteUniqueKey> keys; // primary key first
};

struct RemoteForeignKey {
  std::string name;
  std::string table; // in the schema being defined
  std::string referenced_schema;
  std::string referenced_table;
  std::vector<std::string> columns;
  std::vector<std::string> referenced_columns;
  int delete_action = 0; // sys.foreign_keys: 0 NO ACTION, 1 CASCADE, 2 SET NULL, 3 SET DEFAULT
  int update_action = 0;
};

struct SchemaPlanRequest {
  std::string remote_schema;
  std::string local_schema;
  std::string sync_group;
  std::optional<std::vector<std::string>> tables;        // NULL: every table of the schema
  std::optional<std::vector<std::string>> except_tables; // NULL: none
};

struct PlannedTable {
  std::string remote_table;                 // as SQL Server names it
  std::string remote_reference;             // [schema].[table]
  std::string local_table;                  // "schema"."table", quoted
  std::string sync_name;                    // <sync_group>.<table>
  bool synced = false;                      // false: skipped (no usable key)
  std::vector<std::string> key_columns;     // the key the sync upserts by
  int position = 0;                         // run order within the group, from 1; 0 when skipped
  std::string note;                         // why skipped, or what was left out
};

struct PlannedForeignKey {
  std::string name;         // the remote constraint's name, used locally
  std::string sync_name;    // the sync of the referencing table
  std::string local_table;  // the referencing local table
  std::string add_sql;      // ALTER TABLE ... ADD CONSTRAINT ... NOT VALID
  std::string validate_sql; // ALTER TABLE ... VALIDATE CONSTRAINT ...
};

struct SchemaPlan {
  std::vector<PlannedTable> tables; // synced ones in run order, then the skipped ones by name
  std::vector<PlannedForeignKey> foreign_keys;
};

// Throws Error: a name in tables or except_tables that is no table of the
// schema, an empty sync group, a name PostgreSQL cannot hold.
SchemaPlan plan_schema_sync(const SchemaPlanRequest &request, const std::vector<RemoteSchemaTable> &tables,
                            const std::vector<RemoteForeignKey> &foreign_keys);

// The plan as a JSON object {"tables": [...], "foreign_keys": [...]} for the
// SQL side, which creates the tables and defines the syncs.
std::string schema_plan_json(const SchemaPlan &plan);

} // namespace mssql_upsert::schema_sync
