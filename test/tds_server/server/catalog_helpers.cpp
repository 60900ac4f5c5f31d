// The backend's tds_catalog schema: sys.types data, the declared type facts of
// a column ("nvarchar(50)" -> max_length 100, ...), helper views over
// pg_catalog, and the functions T-SQL's OBJECT_ID, TYPE_NAME, ... become.
#include "server/catalog_helpers.hpp"

#include "server/catalog_types.hpp"
#include "server/tsql_rewriter.hpp"

namespace tds_server {

namespace {

std::string types_table_sql() {
  std::string sql =
      "CREATE TABLE tds_catalog.types (name varchar(128) PRIMARY KEY, system_type_id smallint, "
      "user_type_id integer UNIQUE, max_length smallint, precision smallint, scale smallint, "
      "collatable boolean, is_nullable boolean, is_assembly_type boolean);\n"
      "INSERT INTO tds_catalog.types VALUES ";
  bool first = true;
  for (const SysTypeRow &t : sys_type_rows()) {
    sql += std::string(first ? "" : ", ") + "(" + pg_string(t.name) + ", " + std::to_string(t.system_type_id) +
           ", " + std::to_string(t.user_type_id) + ", " + std::to_string(t.max_length) + ", " +
           std::to_string(t.precision) + ", " + std::to_string(t.scale) + ", " + (t.collatable ? "true" : "false") +
           ", " + (t.nullable ? "true" : "false") + ", " + (t.assembly ? "true" : "false") + ")";
    first = false;
  }
  return sql + ";\n";
}

// The SQL Server type of a backend column nobody declared (tables not created
// through the server); mirrors the test server's result typing of expressions.
const char *kSqlTypeOf = R"SQL(
CREATE FUNCTION tds_catalog.sql_type_of(t oid, m integer) RETURNS text LANGUAGE sql IMMUTABLE AS $$
SELECT CASE t
  WHEN 16 THEN 'bit' WHEN 21 THEN 'smallint' WHEN 23 THEN 'int' WHEN 20 THEN 'bigint'
  WHEN 700 THEN 'real' WHEN 701 THEN 'float'
  WHEN 1700 THEN CASE WHEN m > 0 THEN 'decimal(' || ((m - 4) >> 16) || ',' || ((m - 4) & 65535) || ')'
                      ELSE 'decimal(38,10)' END
  WHEN 1043 THEN CASE WHEN m > 4 AND m - 4 <= 4000 THEN 'nvarchar(' || (m - 4) || ')' ELSE 'nvarchar(max)' END
  WHEN 25 THEN 'nvarchar(max)'
  WHEN 1042 THEN 'nchar(' || greatest(m - 4, 1) || ')'
  WHEN 17 THEN 'varbinary(max)'
  WHEN 1082 THEN 'date'
  WHEN 1083 THEN 'time(' || CASE WHEN m >= 0 THEN m ELSE 6 END || ')'
  WHEN 1114 THEN 'datetime2(' || CASE WHEN m >= 0 THEN m ELSE 6 END || ')'
  WHEN 1184 THEN 'datetimeoffset(' || CASE WHEN m >= 0 THEN m ELSE 6 END || ')'
  WHEN 2950 THEN 'uniqueidentifier'
  ELSE 'sql_variant' END
$$;
)SQL";

// sys.columns facts of a declaration: nvarchar(50) -> max_length 100;
// decimal(p,s) -> 5/9/13/17 bytes; time/datetime2/datetimeoffset(n) -> bytes and
// precision by n; char_length is INFORMATION_SCHEMA's CHARACTER_MAXIMUM_LENGTH.
const char *kTypeFacts = R"SQL(
CREATE FUNCTION tds_catalog.type_facts(declaration text, OUT type_name varchar(128), OUT system_type_id smallint,
    OUT user_type_id integer, OUT max_length smallint, OUT "precision" smallint, OUT scale smallint,
    OUT char_length integer, OUT collatable boolean)
LANGUAGE sql STABLE AS $$
WITH p AS (
  SELECT lower(substring(declaration from '^\s*([A-Za-z0-9_]+)')) AS base,
         CASE WHEN declaration ~* '\(\s*max\s*\)' THEN -1
              ELSE substring(declaration from '\(\s*([0-9]+)')::integer END AS n,
         substring(declaration from ',\s*([0-9]+)\s*\)')::integer AS s2)
SELECT t.name, t.system_type_id, t.user_type_id,
  (CASE WHEN p.base IN ('char', 'varchar', 'binary', 'varbinary') THEN coalesce(p.n, 1)
        WHEN p.base IN ('nchar', 'nvarchar') THEN CASE WHEN p.n = -1 THEN -1 ELSE 2 * coalesce(p.n, 1) END
        WHEN p.base IN ('decimal', 'numeric') THEN CASE WHEN coalesce(p.n, 18) <= 9 THEN 5
             WHEN coalesce(p.n, 18) <= 19 THEN 9 WHEN coalesce(p.n, 18) <= 28 THEN 13 ELSE 17 END
        WHEN p.base IN ('time', 'datetime2', 'datetimeoffset') THEN t.max_length
             - CASE WHEN coalesce(p.n, 7) <= 2 THEN 2 WHEN coalesce(p.n, 7) <= 4 THEN 1 ELSE 0 END
        ELSE t.max_length END)::smallint,
  (CASE WHEN p.base IN ('decimal', 'numeric') THEN coalesce(p.n, 18)
        WHEN p.base IN ('time', 'datetime2', 'datetimeoffset') THEN t.precision - 7 + coalesce(p.n, 7)
             - CASE WHEN coalesce(p.n, 7) = 0 THEN 1 ELSE 0 END
        ELSE t.precision END)::smallint,
  (CASE WHEN p.base IN ('decimal', 'numeric') THEN coalesce(p.s2, 0)
        WHEN p.base IN ('time', 'datetime2', 'datetimeoffset') THEN coalesce(p.n, 7)
        ELSE t.scale END)::smallint,
  CASE WHEN p.base IN ('char', 'varchar', 'nchar', 'nvarchar', 'binary', 'varbinary') THEN coalesce(p.n, 1)
       WHEN p.base IN ('text', 'image') THEN 2147483647 WHEN p.base = 'ntext' THEN 1073741823
       WHEN p.base = 'xml' THEN -1 END,
  t.collatable
FROM p JOIN tds_catalog.types t ON t.name = p.base
$$;
)SQL";

// Helper views: what SQL Server would list as schemas, tables, columns, indexes,
// constraints. schema_id: dbo 1, INFORMATION_SCHEMA 3, sys 4 as on SQL Server.
const char *kHelperViews = R"SQL(
CREATE VIEW tds_catalog.schemas AS
SELECT n.oid AS schema_oid,
       CASE n.nspname WHEN 'dbo' THEN 1 WHEN 'tds_information_schema' THEN 3 WHEN 'sys' THEN 4
                      ELSE n.oid::integer END AS schema_id,
       (CASE n.nspname WHEN 'tds_information_schema' THEN 'INFORMATION_SCHEMA'
             ELSE coalesce(substring(obj_description(n.oid, 'pg_namespace') from '^tds:schema\|(.*)$'), n.nspname)
        END)::varchar(128) AS name
FROM pg_namespace n
WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname NOT IN ('information_schema', 'public', 'tds_catalog', 'tds_catalog_store');

CREATE VIEW tds_catalog.tables AS
SELECT c.oid AS table_oid, c.oid::integer AS object_id, s.schema_id, s.name AS schema_name,
       coalesce(substring(obj_description(c.oid, 'pg_class') from '^tds:table\|(.*)$'), c.relname)::varchar(128) AS name,
       c.relkind
FROM pg_class c JOIN tds_catalog.schemas s ON s.schema_oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v') AND s.schema_id NOT IN (3, 4);

CREATE VIEW tds_catalog.columns AS
SELECT t.table_oid, t.object_id, t.schema_id, t.schema_name, t.name AS table_name, t.relkind,
       a.attnum::integer AS column_id, a.attname,
       coalesce(substring(d.description from '^tds:[^|]*\|(.*)$'), a.attname)::varchar(128) AS name,
       coalesce(substring(d.description from '^tds:([^|]*)\|'), tds_catalog.sql_type_of(a.atttypid, a.atttypmod)) AS declaration,
       NOT a.attnotnull AS is_nullable, a.attidentity <> '' AS is_identity, a.attgenerated <> '' AS is_computed,
       CASE WHEN a.attgenerated = '' THEN pg_get_expr(ad.adbin, ad.adrelid) END AS default_sql,
       CASE WHEN a.attgenerated <> '' THEN pg_get_expr(ad.adbin, ad.adrelid) END AS computed_sql,
       CASE WHEN a.attgenerated = '' THEN ad.oid END AS default_oid,
       f.*
FROM tds_catalog.tables t
JOIN pg_attribute a ON a.attrelid = t.table_oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_description d ON d.objoid = t.table_oid AND d.classoid = 'pg_class'::regclass AND d.objsubid = a.attnum
LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
LEFT JOIN LATERAL tds_catalog.type_facts(coalesce(substring(d.description from '^tds:([^|]*)\|'),
                                                  tds_catalog.sql_type_of(a.atttypid, a.atttypmod))) f ON true;

CREATE VIEW tds_catalog.constraints AS
SELECT con.oid AS constraint_oid, con.oid::integer AS object_id,
       coalesce(substring(obj_description(con.oid, 'pg_constraint') from '^tds:constraint\|(.*)$'), con.conname)::varchar(128) AS name,
       con.contype,
       con.conindid, con.conkey, t.object_id AS table_object_id, t.schema_id, t.schema_name, t.name AS table_name,
       con.confrelid::integer AS referenced_object_id, con.confkey, con.confdeltype, con.confupdtype,
       con.convalidated
FROM pg_constraint con JOIN tds_catalog.tables t ON t.table_oid = con.conrelid
WHERE con.contype IN ('p', 'u', 'f', 'c');

-- Index ids as SQL Server numbers them: the primary key is the clustered index 1,
-- a table without one has a heap (index 0), other indexes count from 2.
CREATE VIEW tds_catalog.indexes AS
SELECT t.object_id, t.table_oid,
       (CASE WHEN i.indisprimary THEN 1
             ELSE 1 + row_number() OVER (PARTITION BY i.indrelid, i.indisprimary ORDER BY i.indexrelid) END)::integer AS index_id,
       coalesce(con.name, st.name, ic.relname)::varchar(128) AS name, i.indexrelid AS index_oid,
       i.indisprimary AS is_primary_key, i.indisunique AS is_unique, coalesce(con.contype = 'u', false) AS is_unique_constraint,
       i.indnkeyatts, i.indkey, i.indoption, i.indpred IS NOT NULL AS has_filter,
       CASE WHEN i.indpred IS NOT NULL THEN coalesce(st.definition, '(' || pg_get_expr(i.indpred, i.indrelid) || ')') END AS filter_definition
FROM tds_catalog.tables t
JOIN pg_index i ON i.indrelid = t.table_oid
JOIN pg_class ic ON ic.oid = i.indexrelid
LEFT JOIN tds_catalog_store.object_text st ON st.classid = 'pg_class'::regclass AND st.objid = i.indexrelid AND st.objsubid = 0
LEFT JOIN tds_catalog.constraints con ON con.conindid = i.indexrelid AND con.table_object_id = t.object_id AND con.contype IN ('p', 'u');

-- DEFAULT constraints: the name and T-SQL text recorded at CREATE TABLE, or
-- (defaults made otherwise) a system name and the backend's expression.
CREATE VIEW tds_catalog.default_constraints AS
SELECT c.default_oid::integer AS object_id,
       coalesce(st.name, 'DF__' || left(c.table_name, 8) || '__' || left(c.name, 5) || '__' || upper(to_hex(c.default_oid::integer)))::varchar(128) AS name,
       c.schema_id, c.object_id AS parent_object_id, c.column_id AS parent_column_id,
       coalesce(st.definition, '(' || c.default_sql || ')') AS definition, st.name IS NULL AS is_system_named
FROM tds_catalog.columns c
LEFT JOIN tds_catalog_store.object_text st ON st.classid = 'pg_attrdef'::regclass AND st.objid = c.default_oid AND st.objsubid = 0
WHERE c.default_oid IS NOT NULL AND c.relkind <> 'v';

CREATE VIEW tds_catalog.objects AS
SELECT object_id, name, schema_id, 0 AS parent_object_id,
       CASE relkind WHEN 'v' THEN 'V' ELSE 'U' END AS type,
       CASE relkind WHEN 'v' THEN 'VIEW' ELSE 'USER_TABLE' END AS type_desc
FROM tds_catalog.tables
UNION ALL
SELECT object_id, name, schema_id, table_object_id,
       CASE contype WHEN 'p' THEN 'PK' WHEN 'u' THEN 'UQ' WHEN 'f' THEN 'F' ELSE 'C' END,
       CASE contype WHEN 'p' THEN 'PRIMARY_KEY_CONSTRAINT' WHEN 'u' THEN 'UNIQUE_CONSTRAINT'
                    WHEN 'f' THEN 'FOREIGN_KEY_CONSTRAINT' ELSE 'CHECK_CONSTRAINT' END
FROM tds_catalog.constraints
UNION ALL
SELECT object_id, name, schema_id, parent_object_id, 'D', 'DEFAULT_CONSTRAINT'
FROM tds_catalog.default_constraints;
)SQL";

// What OBJECT_ID, TYPE_NAME, SCHEMA_NAME, ... become (the rewriter maps the names).
// Names compare case-insensitively, as under SQL Server's default collation.
const char *kFunctions = R"SQL(
CREATE FUNCTION tds_catalog.object_id(database_name text, schema_name text, object_name text, object_type text)
RETURNS integer LANGUAGE sql STABLE AS $$
SELECT o.object_id FROM tds_catalog.objects o JOIN tds_catalog.schemas s ON s.schema_id = o.schema_id
WHERE (database_name IS NULL OR database_name = '' OR lower(database_name) = lower(tds_catalog.database_name()))
  AND lower(s.name) = lower(coalesce(nullif(schema_name, ''), 'dbo')) AND lower(o.name) = lower(object_name)
  AND (object_type IS NULL OR o.type = upper(btrim(object_type)))
ORDER BY o.object_id LIMIT 1
$$;
CREATE FUNCTION tds_catalog.object_name(id integer) RETURNS varchar(128) LANGUAGE sql STABLE AS
$$ SELECT name FROM tds_catalog.objects WHERE object_id = id LIMIT 1 $$;
CREATE FUNCTION tds_catalog.object_schema_name(id integer) RETURNS varchar(128) LANGUAGE sql STABLE AS
$$ SELECT s.name FROM tds_catalog.objects o JOIN tds_catalog.schemas s ON s.schema_id = o.schema_id WHERE o.object_id = id LIMIT 1 $$;
CREATE FUNCTION tds_catalog.type_name(id integer) RETURNS varchar(128) LANGUAGE sql STABLE AS
$$ SELECT name FROM tds_catalog.types WHERE user_type_id = id $$;
CREATE FUNCTION tds_catalog.type_id(type_name text) RETURNS integer LANGUAGE sql STABLE AS
$$ SELECT user_type_id FROM tds_catalog.types WHERE name = lower(btrim(type_name)) $$;
CREATE FUNCTION tds_catalog.schema_name() RETURNS varchar(128) LANGUAGE sql STABLE AS $$ SELECT 'dbo'::varchar(128) $$;
CREATE FUNCTION tds_catalog.schema_name(id integer) RETURNS varchar(128) LANGUAGE sql STABLE AS
$$ SELECT name FROM tds_catalog.schemas WHERE schema_id = id $$;
CREATE FUNCTION tds_catalog.schema_id() RETURNS integer LANGUAGE sql STABLE AS $$ SELECT 1 $$;
CREATE FUNCTION tds_catalog.schema_id(schema_name text) RETURNS integer LANGUAGE sql STABLE AS
$$ SELECT schema_id FROM tds_catalog.schemas WHERE lower(name) = lower(schema_name) $$;
CREATE FUNCTION tds_catalog.charindex(needle text, haystack text) RETURNS integer LANGUAGE sql IMMUTABLE AS
$$ SELECT strpos(lower(haystack), lower(needle)) $$;
CREATE FUNCTION tds_catalog.columnproperty(id integer, column_name text, property text) RETURNS integer LANGUAGE sql STABLE AS $$
SELECT CASE lower(property)
         WHEN 'allowsnull' THEN is_nullable::integer WHEN 'isidentity' THEN is_identity::integer
         WHEN 'iscomputed' THEN is_computed::integer WHEN 'columnid' THEN column_id
         WHEN 'precision' THEN CASE WHEN char_length IS NOT NULL THEN char_length ELSE "precision" END
         WHEN 'scale' THEN scale WHEN 'isrowguidcol' THEN 0 END
FROM tds_catalog.columns WHERE object_id = id AND lower(name) = lower(column_name)
$$;
)SQL";

} // namespace

std::string catalog_helpers_sql(const std::string &database) {
  return "CREATE COLLATION tds_catalog.ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);\n" +
         types_table_sql() +
         "CREATE FUNCTION tds_catalog.database_name() RETURNS varchar(128) LANGUAGE sql IMMUTABLE AS $$ SELECT " +
         pg_string(database) + "::varchar(128) $$;\n" + kSqlTypeOf + kTypeFacts + kHelperViews + kFunctions;
}

} // namespace tds_server
