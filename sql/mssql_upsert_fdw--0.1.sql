-- mssql_upsert_fdw 0.1
\echo Use "CREATE EXTENSION mssql_upsert_fdw" to load this file. \quit

CREATE FUNCTION mssql_upsert_fdw_handler()
RETURNS fdw_handler
AS 'MODULE_PATHNAME'
LANGUAGE C STRICT;

CREATE FUNCTION mssql_upsert_fdw_validator(text[], oid)
RETURNS void
AS 'MODULE_PATHNAME'
LANGUAGE C STRICT;

CREATE FOREIGN DATA WRAPPER mssql_upsert_fdw
  HANDLER mssql_upsert_fdw_handler
  VALIDATOR mssql_upsert_fdw_validator;

-- MSSQL -> PostgreSQL upsert. See README.md, "mssql_upsert_pull".
CREATE FUNCTION mssql_upsert_pull(
    server text,
    remote_table text,
    local_table regclass,
    key_columns text[] DEFAULT NULL,
    columns text[] DEFAULT NULL,
    remote_filter text DEFAULT NULL,
    chunk_rows integer DEFAULT 10000,
    writer_id integer DEFAULT 0,
    partition_id integer DEFAULT NULL,
    staging text DEFAULT 'memory',
    mode text DEFAULT 'auto',
    OUT rows_read bigint,
    OUT rows_inserted bigint,
    OUT rows_updated bigint,
    OUT rows_unchanged bigint,
    OUT chunks bigint,
    OUT seconds numeric,
    OUT rows_per_second bigint)
RETURNS record
AS 'MODULE_PATHNAME', 'mssql_upsert_pull'
LANGUAGE C VOLATILE;

-- The same, from a foreign table of this wrapper: its server, remote table and
-- column names (column_name options). See README.md, "mssql_upsert_pull".
-- chunk_rows comes third so that a call of the first form with three quoted
-- literals, mssql_upsert_pull('s', 'dbo.T', 't'), still resolves to it.
CREATE FUNCTION mssql_upsert_pull(
    foreign_table regclass,
    local_table regclass,
    chunk_rows integer DEFAULT 10000,
    key_columns text[] DEFAULT NULL,
    columns text[] DEFAULT NULL,
    remote_filter text DEFAULT NULL,
    writer_id integer DEFAULT 0,
    partition_id integer DEFAULT NULL,
    staging text DEFAULT 'memory',
    mode text DEFAULT 'auto',
    OUT rows_read bigint,
    OUT rows_inserted bigint,
    OUT rows_updated bigint,
    OUT rows_unchanged bigint,
    OUT chunks bigint,
    OUT seconds numeric,
    OUT rows_per_second bigint)
RETURNS record
AS 'MODULE_PATHNAME', 'mssql_upsert_pull_foreign_table'
LANGUAGE C VOLATILE;

-- PostgreSQL -> MSSQL upsert. See README.md, "mssql_upsert_push".
CREATE FUNCTION mssql_upsert_push(
    source text,
    server text,
    remote_table text,
    key_columns text[] DEFAULT NULL,
    columns text[] DEFAULT NULL,
    chunk_rows integer DEFAULT 10000,
    writer_id integer DEFAULT 0,
    partition_id integer DEFAULT NULL,
    max_retries integer DEFAULT 5,
    atomic boolean DEFAULT false,
    OUT rows_read bigint,
    OUT rows_inserted bigint,
    OUT rows_updated bigint,
    OUT rows_unchanged bigint,
    OUT chunks bigint,
    OUT retries bigint,
    OUT seconds numeric,
    OUT rows_per_second bigint)
RETURNS record
AS 'MODULE_PATHNAME', 'mssql_upsert_push'
LANGUAGE C VOLATILE;

-- The same, into a foreign table of this wrapper: its server, remote table and
-- column names (column_name options); source columns match the foreign table's
-- column names. See README.md, "mssql_upsert_push". A call with three quoted
-- literals, mssql_upsert_push('src', 's', 'dbo.T'), still resolves to the
-- server form (PostgreSQL prefers text for unknown literals).
CREATE FUNCTION mssql_upsert_push(
    source text,
    foreign_table regclass,
    key_columns text[] DEFAULT NULL,
    columns text[] DEFAULT NULL,
    chunk_rows integer DEFAULT 10000,
    writer_id integer DEFAULT 0,
    partition_id integer DEFAULT NULL,
    max_retries integer DEFAULT 5,
    atomic boolean DEFAULT false,
    OUT rows_read bigint,
    OUT rows_inserted bigint,
    OUT rows_updated bigint,
    OUT rows_unchanged bigint,
    OUT chunks bigint,
    OUT retries bigint,
    OUT seconds numeric,
    OUT rows_per_second bigint)
RETURNS record
AS 'MODULE_PATHNAME', 'mssql_upsert_push_foreign_table'
LANGUAGE C VOLATILE;
