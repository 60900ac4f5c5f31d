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
