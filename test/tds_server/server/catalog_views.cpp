#include "server/catalog_views.hpp"

#include "server/catalog_helpers.hpp"
#include "server/schema_ddl.hpp"
#include "server/tsql_rewriter.hpp"
#include "wire/sql_type.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace tds_server {

namespace {

using Columns = std::vector<CatalogViewColumn>;

const char kSysname[] = "nvarchar(128)";

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

Columns operator+(Columns a, const Columns &b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// sys.objects' columns, shared by sys.tables; o is a tds_catalog.objects row.
Columns object_columns() {
  return {
      {"name", kSysname, "o.name"},
      {"object_id", "int", "o.object_id"},
      {"principal_id", "int", "NULL"},
      {"schema_id", "int", "o.schema_id"},
      {"parent_object_id", "int", "o.parent_object_id"},
      {"type", "char(2)", "o.type"},
      {"type_desc", "nvarchar(60)", "o.type_desc"},
      {"create_date", "datetime", "pg_postmaster_start_time()"},
      {"modify_date", "datetime", "pg_postmaster_start_time()"},
      {"is_ms_shipped", "bit", "0"},
      {"is_published", "bit", "0"},
      {"is_schema_published", "bit", "0"},
  };
}

// sys.columns' columns, shared by sys.identity_columns and sys.computed_columns;
// c is a tds_catalog.columns row.
Columns column_columns() {
  return {
      {"object_id", "int", "c.object_id"},
      {"name", kSysname, "c.name"},
      {"column_id", "int", "c.column_id"},
      {"system_type_id", "tinyint", "c.system_type_id"},
      {"user_type_id", "int", "c.user_type_id"},
      {"max_length", "smallint", "c.max_length"},
      {"precision", "tinyint", "c.precision"},
      {"scale", "tinyint", "c.scale"},
      {"collation_name", kSysname, "CASE WHEN c.collatable THEN 'SQL_Latin1_General_CP1_CI_AS' END"},
      {"is_nullable", "bit", "c.is_nullable::integer"},
      {"is_ansi_padded", "bit", "(c.collatable OR c.system_type_id IN (165, 173))::integer"},
      {"is_rowguidcol", "bit", "0"},
      {"is_identity", "bit", "c.is_identity::integer"},
      {"is_computed", "bit", "c.is_computed::integer"},
      {"is_filestream", "bit", "0"},
      {"is_replicated", "bit", "0"},
      {"is_non_sql_subscribed", "bit", "0"},
      {"is_merge_published", "bit", "0"},
      {"is_dts_replicated", "bit", "0"},
      {"is_xml_document", "bit", "0"},
      {"xml_collection_id", "int", "0"},
      {"default_object_id", "int", "coalesce(c.default_oid::integer, 0)"},
      {"rule_object_id", "int", "0"},
      {"is_sparse", "bit", "0"},
      {"is_column_set", "bit", "0"},
      {"generated_always_type", "tinyint", "0"},
      {"generated_always_type_desc", "nvarchar(60)", "'NOT_APPLICABLE'"},
      {"is_hidden", "bit", "0"},
      {"is_masked", "bit", "0"},
  };
}

const char kColumnsFrom[] = "FROM tds_catalog.columns c";

std::vector<CatalogView> sys_views() {
  std::vector<CatalogView> views;
  views.push_back({"sys", "schemas",
                   {{"name", kSysname, "s.name"}, {"schema_id", "int", "s.schema_id"}, {"principal_id", "int", "1"}},
                   "FROM tds_catalog.schemas s"});
  views.push_back({"sys", "objects", object_columns(), "FROM tds_catalog.objects o"});
  views.push_back({"sys", "tables",
                   object_columns() + Columns{
                                          {"lob_data_space_id", "int", "0"},
                                          {"max_column_id_used", "int",
                                           "(SELECT max(c.column_id) FROM tds_catalog.columns c WHERE c.object_id = o.object_id)"},
                                          {"uses_ansi_nulls", "bit", "1"},
                                          {"is_replicated", "bit", "0"},
                                          {"is_tracked_by_cdc", "bit", "0"},
                                          {"is_memory_optimized", "bit", "0"},
                                          {"temporal_type", "tinyint", "0"},
                                          {"temporal_type_desc", "nvarchar(60)", "'NON_TEMPORAL_TABLE'"},
                                          {"is_external", "bit", "0"},
                                      },
                   "FROM tds_catalog.objects o WHERE o.type = 'U'"});
  views.push_back({"sys", "columns", column_columns(), kColumnsFrom});
  views.push_back({"sys", "types",
                   {
                       {"name", kSysname, "t.name"},
                       {"system_type_id", "tinyint", "t.system_type_id"},
                       {"user_type_id", "int", "t.user_type_id"},
                       {"schema_id", "int", "4"},
                       {"principal_id", "int", "NULL"},
                       {"max_length", "smallint", "t.max_length"},
                       {"precision", "tinyint", "t.precision"},
                       {"scale", "tinyint", "t.scale"},
                       {"collation_name", kSysname, "CASE WHEN t.collatable THEN 'SQL_Latin1_General_CP1_CI_AS' END"},
                       {"is_nullable", "bit", "t.is_nullable::integer"},
                       {"is_user_defined", "bit", "0"},
                       {"is_assembly_type", "bit", "t.is_assembly_type::integer"},
                       {"default_object_id", "int", "0"},
                       {"rule_object_id", "int", "0"},
                       {"is_table_type", "bit", "0"},
                   },
                   "FROM tds_catalog.types t"});
  views.push_back({"sys", "indexes",
                   {
                       {"object_id", "int", "x.object_id"},
                       {"name", kSysname, "x.name"},
                       {"index_id", "int", "x.index_id"},
                       {"type", "tinyint", "CASE WHEN x.index_id = 0 THEN 0 WHEN x.index_id = 1 THEN 1 ELSE 2 END"},
                       {"type_desc", "nvarchar(60)",
                        "CASE WHEN x.index_id = 0 THEN 'HEAP' WHEN x.index_id = 1 THEN 'CLUSTERED' ELSE 'NONCLUSTERED' END"},
                       {"is_unique", "bit", "x.is_unique::integer"},
                       {"data_space_id", "int", "1"},
                       {"ignore_dup_key", "bit", "0"},
                       {"is_primary_key", "bit", "x.is_primary_key::integer"},
                       {"is_unique_constraint", "bit", "x.is_unique_constraint::integer"},
                       {"fill_factor", "tinyint", "0"},
                       {"is_padded", "bit", "0"},
                       {"is_disabled", "bit", "0"},
                       {"is_hypothetical", "bit", "0"},
                       {"allow_row_locks", "bit", "1"},
                       {"allow_page_locks", "bit", "1"},
                       {"has_filter", "bit", "x.has_filter::integer"},
                       {"filter_definition", "nvarchar(max)", "x.filter_definition"},
                   },
                   "FROM (SELECT object_id, name, index_id, is_unique, is_primary_key, is_unique_constraint, has_filter, "
                   "filter_definition FROM tds_catalog.indexes UNION ALL SELECT t.object_id, NULL, 0, false, false, "
                   "false, false, NULL "
                   "FROM tds_catalog.tables t WHERE t.relkind <> 'v' AND NOT EXISTS (SELECT 1 FROM "
                   "tds_catalog.indexes p WHERE p.object_id = t.object_id AND p.is_primary_key)) x"});
  views.push_back({"sys", "index_columns",
                   {
                       {"object_id", "int", "x.object_id"},
                       {"index_id", "int", "x.index_id"},
                       {"index_column_id", "int", "k.ordinal"},
                       {"column_id", "int", "k.attnum"},
                       {"key_ordinal", "tinyint", "CASE WHEN k.ordinal <= x.indnkeyatts THEN k.ordinal ELSE 0 END"},
                       {"partition_ordinal", "tinyint", "0"},
                       {"is_descending_key", "bit", "coalesce(x.indoption[k.ordinal::integer - 1] & 1, 0)"},
                       {"is_included_column", "bit", "(k.ordinal > x.indnkeyatts)::integer"},
                   },
                   "FROM tds_catalog.indexes x CROSS JOIN LATERAL unnest(x.indkey::int2[]) WITH ORDINALITY "
                   "AS k(attnum, ordinal) WHERE k.attnum > 0"});
  views.push_back({"sys", "identity_columns",
                   column_columns() + Columns{
                                          {"seed_value", "bigint", "q.start_value"},
                                          {"increment_value", "bigint", "q.increment_by"},
                                          {"last_value", "bigint", "q.last_value"},
                                          {"is_not_for_replication", "bit", "0"},
                                      },
                   "FROM tds_catalog.columns c LEFT JOIN pg_sequences q ON (quote_ident(q.schemaname) || '.' || "
                   "quote_ident(q.sequencename))::regclass = "
                   "pg_get_serial_sequence(c.table_oid::regclass::text, c.attname)::regclass WHERE c.is_identity"});
  // One row per live session of this server (each has its own backend
  // connection, named by session_application_name), the caller's own included.
  views.push_back({"sys", "dm_exec_sessions",
                   {
                       {"session_id", "smallint", "split_part(a.application_name, ':', 2)::integer"},
                       {"login_time", "datetime", "a.backend_start"},
                       {"host_name", kSysname, "NULL"},
                       {"program_name", kSysname,
                        "substring(a.application_name from '^tds_test_server:[0-9]+:[^:]*:(.*)$')"},
                       {"login_name", kSysname, "split_part(a.application_name, ':', 3)"},
                       {"status", "nvarchar(30)", "CASE WHEN a.state = 'active' THEN 'running' ELSE 'sleeping' END"},
                       {"is_user_process", "bit", "1"},
                   },
                   "FROM pg_stat_activity a WHERE a.datname = current_database() AND a.application_name ~ "
                   "'^tds_test_server:[0-9]+:'"});
  views.push_back({"sys", "computed_columns",
                   column_columns() + Columns{
                                          {"definition", "nvarchar(max)",
                                           "coalesce(st.definition, '(' || c.computed_sql || ')')"},
                                          {"uses_database_collation", "bit", "1"},
                                          {"is_persisted", "bit", "1"},
                                      },
                   "FROM tds_catalog.columns c LEFT JOIN tds_catalog_store.object_text st ON st.classid = "
                   "'pg_class'::regclass AND st.objid = c.table_oid AND st.objsubid = c.column_id WHERE c.is_computed"});
  // Constraints as sys.objects lists them; k is a tds_catalog.objects-shaped row.
  auto constraint_object = [](const std::string &type, const std::string &type_desc) {
    return Columns{
        {"name", kSysname, "k.name"},
        {"object_id", "int", "k.object_id"},
        {"principal_id", "int", "NULL"},
        {"schema_id", "int", "k.schema_id"},
        {"parent_object_id", "int", "k.parent_object_id"},
        {"type", "char(2)", type},
        {"type_desc", "nvarchar(60)", type_desc},
        {"create_date", "datetime", "pg_postmaster_start_time()"},
        {"modify_date", "datetime", "pg_postmaster_start_time()"},
        {"is_ms_shipped", "bit", "0"},
        {"is_published", "bit", "0"},
        {"is_schema_published", "bit", "0"},
    };
  };
  views.push_back({"sys", "default_constraints",
                   constraint_object("'D'", "'DEFAULT_CONSTRAINT'") +
                       Columns{
                           {"parent_column_id", "int", "k.parent_column_id"},
                           {"definition", "nvarchar(max)", "k.definition"},
                           {"is_system_named", "bit", "k.is_system_named::integer"},
                       },
                   "FROM tds_catalog.default_constraints k"});
  views.push_back({"sys", "key_constraints",
                   constraint_object("CASE k.contype WHEN 'p' THEN 'PK' ELSE 'UQ' END",
                                     "CASE k.contype WHEN 'p' THEN 'PRIMARY_KEY_CONSTRAINT' ELSE "
                                     "'UNIQUE_CONSTRAINT' END") +
                       Columns{
                           {"unique_index_id", "int", "x.index_id"},
                           {"is_system_named", "bit",
                            "(obj_description(k.constraint_oid, 'pg_constraint') IS NULL)::integer"},
                           {"is_enforced", "bit", "1"},
                       },
                   "FROM (SELECT c.*, c.table_object_id AS parent_object_id FROM tds_catalog.constraints c WHERE "
                   "c.contype IN ('p', 'u')) k JOIN tds_catalog.indexes x ON x.index_oid = k.conindid"});
  // Referential actions as SQL Server numbers them; PostgreSQL's RESTRICT is its NO ACTION.
  auto action = [](const std::string &column, bool described) {
    return described ? "CASE " + column + " WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET_NULL' WHEN 'd' THEN "
                                          "'SET_DEFAULT' ELSE 'NO_ACTION' END"
                     : "CASE " + column + " WHEN 'c' THEN 1 WHEN 'n' THEN 2 WHEN 'd' THEN 3 ELSE 0 END";
  };
  views.push_back({"sys", "foreign_keys",
                   constraint_object("'F'", "'FOREIGN_KEY_CONSTRAINT'") +
                       Columns{
                           {"referenced_object_id", "int", "k.referenced_object_id"},
                           {"key_index_id", "int", "x.index_id"},
                           {"is_disabled", "bit", "0"},
                           {"is_not_for_replication", "bit", "0"},
                           {"is_not_trusted", "bit", "(NOT k.convalidated)::integer"},
                           {"delete_referential_action", "tinyint", action("k.confdeltype", false)},
                           {"delete_referential_action_desc", "nvarchar(60)", action("k.confdeltype", true)},
                           {"update_referential_action", "tinyint", action("k.confupdtype", false)},
                           {"update_referential_action_desc", "nvarchar(60)", action("k.confupdtype", true)},
                           {"is_system_named", "bit",
                            "(obj_description(k.constraint_oid, 'pg_constraint') IS NULL)::integer"},
                       },
                   "FROM (SELECT c.*, c.table_object_id AS parent_object_id FROM tds_catalog.constraints c WHERE "
                   "c.contype = 'f') k LEFT JOIN tds_catalog.indexes x ON x.index_oid = k.conindid"});
  views.push_back({"sys", "foreign_key_columns",
                   {
                       {"constraint_object_id", "int", "k.object_id"},
                       {"constraint_column_id", "int", "p.ordinal"},
                       {"parent_object_id", "int", "k.table_object_id"},
                       {"parent_column_id", "int", "p.attnum"},
                       {"referenced_object_id", "int", "k.referenced_object_id"},
                       {"referenced_column_id", "int", "p.referenced_attnum"},
                   },
                   "FROM tds_catalog.constraints k CROSS JOIN LATERAL unnest(k.conkey, k.confkey) WITH ORDINALITY "
                   "AS p(attnum, referenced_attnum, ordinal) WHERE k.contype = 'f'"});
  return views;
}

std::vector<CatalogView> information_schema_views(const std::string &database) {
  const std::string catalog = pg_string(database);
  std::vector<CatalogView> views;
  views.push_back({"tds_information_schema", "schemata",
                   {
                       {"CATALOG_NAME", kSysname, catalog},
                       {"SCHEMA_NAME", kSysname, "s.name"},
                       {"SCHEMA_OWNER", kSysname, "'dbo'"},
                       {"DEFAULT_CHARACTER_SET_CATALOG", "varchar(6)", "NULL"},
                       {"DEFAULT_CHARACTER_SET_SCHEMA", "varchar(3)", "NULL"},
                       {"DEFAULT_CHARACTER_SET_NAME", kSysname, "'iso_1'"},
                   },
                   "FROM tds_catalog.schemas s"});
  const Columns table_of = {
      {"TABLE_CATALOG", kSysname, catalog},
      {"TABLE_SCHEMA", kSysname, "x.schema_name"},
      {"TABLE_NAME", kSysname, "x.table_name"},
  };
  views.push_back({"tds_information_schema", "tables",
                   table_of + Columns{{"TABLE_TYPE", "varchar(10)",
                                       "CASE x.relkind WHEN 'v' THEN 'VIEW' ELSE 'BASE TABLE' END"}},
                   "FROM (SELECT schema_name, name AS table_name, relkind FROM tds_catalog.tables) x"});
  const std::string numeric = "x.system_type_id IN (48, 52, 56, 127, 106, 108, 59, 62, 60, 122)";
  const std::string character = "x.system_type_id IN (35, 99, 167, 175, 231, 239)";
  views.push_back(
      {"tds_information_schema", "columns",
       table_of + Columns{
                      {"COLUMN_NAME", kSysname, "x.name"},
                      {"ORDINAL_POSITION", "int", "x.column_id"},
                      {"COLUMN_DEFAULT", "nvarchar(4000)", "'(' || x.default_sql || ')'"},
                      {"IS_NULLABLE", "varchar(3)", "CASE WHEN x.is_nullable THEN 'YES' ELSE 'NO' END"},
                      {"DATA_TYPE", kSysname, "x.type_name"},
                      {"CHARACTER_MAXIMUM_LENGTH", "int", "x.char_length"},
                      {"CHARACTER_OCTET_LENGTH", "int",
                       "CASE WHEN x.system_type_id IN (231, 239) AND x.char_length > 0 THEN 2 * x.char_length "
                       "WHEN x.system_type_id = 99 THEN 2147483646 ELSE x.char_length END"},
                      {"NUMERIC_PRECISION", "tinyint", "CASE WHEN " + numeric + " THEN x.precision END"},
                      {"NUMERIC_PRECISION_RADIX", "smallint",
                       "CASE WHEN x.system_type_id IN (59, 62) THEN 2 WHEN " + numeric + " THEN 10 END"},
                      {"NUMERIC_SCALE", "int",
                       "CASE WHEN x.system_type_id IN (59, 62) THEN NULL WHEN " + numeric + " THEN x.scale END"},
                      {"DATETIME_PRECISION", "smallint",
                       "CASE WHEN x.system_type_id IN (40, 58) THEN 0 WHEN x.system_type_id IN (41, 42, 43, 61) "
                       "THEN x.scale END"},
                      {"CHARACTER_SET_CATALOG", kSysname, "NULL"},
                      {"CHARACTER_SET_SCHEMA", kSysname, "NULL"},
                      {"CHARACTER_SET_NAME", kSysname,
                       "CASE WHEN x.system_type_id IN (99, 231, 239) THEN 'UNICODE' WHEN " + character +
                           " THEN 'iso_1' END"},
                      {"COLLATION_CATALOG", kSysname, "NULL"},
                      {"COLLATION_SCHEMA", kSysname, "NULL"},
                      {"COLLATION_NAME", kSysname, "CASE WHEN " + character + " THEN 'SQL_Latin1_General_CP1_CI_AS' END"},
                      {"DOMAIN_CATALOG", kSysname, "NULL"},
                      {"DOMAIN_SCHEMA", kSysname, "NULL"},
                      {"DOMAIN_NAME", kSysname, "NULL"},
                  },
       "FROM tds_catalog.columns x"});
  const Columns constraint_of = {
      {"CONSTRAINT_CATALOG", kSysname, catalog},
      {"CONSTRAINT_SCHEMA", kSysname, "x.schema_name"},
      {"CONSTRAINT_NAME", kSysname, "x.name"},
  };
  views.push_back({"tds_information_schema", "table_constraints",
                   constraint_of + table_of +
                       Columns{
                           {"CONSTRAINT_TYPE", "varchar(11)",
                            "CASE x.contype WHEN 'p' THEN 'PRIMARY KEY' WHEN 'u' THEN 'UNIQUE' "
                            "WHEN 'f' THEN 'FOREIGN KEY' ELSE 'CHECK' END"},
                           {"IS_DEFERRABLE", "varchar(2)", "'NO'"},
                           {"INITIALLY_DEFERRED", "varchar(2)", "'NO'"},
                       },
                   "FROM tds_catalog.constraints x"});
  views.push_back({"tds_information_schema", "key_column_usage",
                   constraint_of + table_of +
                       Columns{
                           {"COLUMN_NAME", kSysname, "c.name"},
                           {"ORDINAL_POSITION", "int", "k.ordinal"},
                       },
                   "FROM tds_catalog.constraints x CROSS JOIN LATERAL unnest(x.conkey) WITH ORDINALITY AS "
                   "k(attnum, ordinal) JOIN tds_catalog.columns c ON c.object_id = x.table_object_id AND "
                   "c.column_id = k.attnum WHERE x.contype IN ('p', 'u', 'f')"});
  // The referenced key is named by its constraint, or by its index when it is a unique index.
  auto rule = [](const std::string &column) {
    return "CASE " + column + " WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN 'SET DEFAULT' "
                              "ELSE 'NO ACTION' END";
  };
  views.push_back({"tds_information_schema", "referential_constraints",
                   constraint_of + Columns{
                                       {"UNIQUE_CONSTRAINT_CATALOG", kSysname, catalog},
                                       {"UNIQUE_CONSTRAINT_SCHEMA", kSysname, "r.schema_name"},
                                       {"UNIQUE_CONSTRAINT_NAME", kSysname, "u.name"},
                                       {"MATCH_OPTION", "varchar(7)", "'SIMPLE'"},
                                       {"UPDATE_RULE", "varchar(11)", rule("x.confupdtype")},
                                       {"DELETE_RULE", "varchar(11)", rule("x.confdeltype")},
                                   },
                   "FROM tds_catalog.constraints x JOIN tds_catalog.tables r ON r.object_id = x.referenced_object_id "
                   "LEFT JOIN tds_catalog.indexes u ON u.index_oid = x.conindid WHERE x.contype = 'f'"});
  return views;
}

} // namespace

std::string session_application_name(int spid, const std::string &login, const std::string &program) {
  std::string name = "tds_test_server:" + std::to_string(spid) + ":" + login + ":" + program;
  for (char &c : name)
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7E)
      c = '?'; // application_name keeps printable ASCII only
  return name;
}

std::vector<CatalogView> catalog_views(const std::string &database) {
  std::vector<CatalogView> views = sys_views();
  for (CatalogView &view : information_schema_views(database))
    views.push_back(std::move(view));
  return views;
}

std::string catalog_view_sql(const CatalogView &view) {
  const std::string qualified = view.schema + "." + view.name;
  std::string select, comments;
  for (const CatalogViewColumn &column : view.columns) {
    auto type = tds::parse_sql_type(column.sql_type);
    if (!type)
      throw std::logic_error("catalog view " + qualified + ": unknown type " + column.sql_type);
    const std::string backend_name = "\"" + lower(column.name) + "\"";
    // Names compare case-insensitively, as under SQL Server's default collation.
    const char *collation = column.sql_type == kSysname ? " COLLATE tds_catalog.ci" : "";
    select += std::string(select.empty() ? "" : ", ") + "(" + column.expression + ")::" + tds::backend_pg_type(*type) +
              collation + " AS " + backend_name;
    comments += "COMMENT ON COLUMN " + qualified + "." + backend_name + " IS " +
                pg_string("tds:" + tds::format_sql_type(*type) + "|" + column.name) + ";\n";
  }
  return "CREATE VIEW " + qualified + " AS SELECT " + select + " " + view.from + ";\n" + comments;
}

std::string catalog_bootstrap_sql(const std::string &database) {
  std::string sql = "SET client_min_messages = warning;\nDROP SCHEMA IF EXISTS sys CASCADE;\nDROP SCHEMA IF EXISTS tds_information_schema CASCADE;\n"
                    "DROP SCHEMA IF EXISTS tds_catalog CASCADE;\nCREATE SCHEMA tds_catalog;\nCREATE SCHEMA sys;\n"
                    "CREATE SCHEMA tds_information_schema;\n";
  sql += catalog_store_sql() + catalog_helpers_sql(database);
  for (const CatalogView &view : catalog_views(database))
    sql += catalog_view_sql(view);
  return sql;
}

} // namespace tds_server
