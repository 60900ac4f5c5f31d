// mssql_upsert_create_table's DDL: a PostgreSQL table (and its indexes) built
// from a description of a SQL Server table. Pure: the remote catalog comes in
// as values, the statements go out as text, every name quoted.
#pragma once

#include "sqlgen/pg_column_type.hpp"
#include "sqlgen/qualified_name.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace mssql_upsert::sqlgen {

struct RemoteTableColumn {
  std::string name;
  RemoteColumnType type; // lengths in characters (character_length_from_bytes)
  bool nullable = true;
  bool identity = false;
  int64_t identity_seed = 1;
  int64_t identity_increment = 1;
  bool computed = false;
  // sys.default_constraints.definition as SQL Server writes it: "((0))", "(getdate())"
  std::optional<std::string> default_definition;
};

struct RemoteTableIndex {
  std::string name;
  bool primary_key = false;
  bool unique_constraint = false; // UNIQUE constraint (is_unique_constraint)
  bool unique = false;            // unique constraint or unique index
  std::vector<std::string> key_columns;
  std::vector<bool> descending; // one per key column
  std::vector<std::string> included_columns;
  std::optional<std::string> filter_definition; // sys.indexes.filter_definition: "([Status]='open')"
};

struct RemoteTableDefinition {
  std::string display; // [dbo].[Orders], for messages
  std::vector<RemoteTableColumn> columns;
  std::vector<RemoteTableIndex> indexes;
};

struct CreateTableOptions {
  QualifiedName local;        // the table to create
  bool create_indexes = true; // non-unique indexes too
  bool fold_names = false;    // column names in lower case (ASCII, as PostgreSQL folds unquoted names)
};

// A local column as format_type() and attnotnull describe it.
struct PgColumnShape {
  std::string name;
  std::string type;
  bool operator==(const PgColumnShape &o) const { return name == o.name && type == o.type; }
};

struct CreateTablePlan {
  std::vector<std::string> statements; // CREATE TABLE first, then CREATE INDEX ...
  std::vector<std::string> notices;    // one sentence per thing left out
  std::vector<PgColumnShape> columns;  // the table's columns, for comparing with an existing one
};

// Throws Error: no column of a readable type, a name too long for PostgreSQL,
// two remote names that fold to one local name.
CreateTablePlan plan_pg_create_table(const RemoteTableDefinition &remote, const CreateTableOptions &options);

// A SQL Server default as a PostgreSQL default expression for a column of
// pg_type (as pg_type_for_remote_type spells it); nullopt when there is no safe
// equivalent. "" for DEFAULT NULL (nothing to declare).
std::optional<std::string> pg_default_for_remote(const std::string &definition, const std::string &pg_type);

// A SQL Server index filter as a PostgreSQL index predicate; column maps a
// remote column name to its quoted local name (nullopt: not in the table).
// nullopt when the filter uses anything beyond comparisons, IS [NOT] NULL,
// IN lists, AND, OR, NOT, constants and columns.
std::optional<std::string>
pg_filter_for_remote(const std::string &definition,
                     const std::function<std::optional<std::string>(const std::string &)> &column);

// The first difference between the columns a table should have and those an
// existing table has ("column \"Id\" is bigint, expected integer"); nullopt
// when they are the same set of names with the same types.
std::optional<std::string> describe_column_difference(const std::vector<PgColumnShape> &expected,
                                                      const std::vector<PgColumnShape> &existing);

} // namespace mssql_upsert::sqlgen
