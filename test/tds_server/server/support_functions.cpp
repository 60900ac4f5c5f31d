#include "server/support_functions.hpp"

#include "server/rowversion.hpp"

namespace tds_server {

std::string support_functions_sql() {
  // Strings compare as SQL Server's CAST(... AS varbinary(max)) would: equal
  // bytes exactly when the strings are equal (case, trailing spaces, accents).
  // DATALENGTH counts strings as nvarchar does: 2 bytes per UTF-16 code unit.
  return R"SQL(
CREATE SCHEMA IF NOT EXISTS tds_support;
CREATE OR REPLACE FUNCTION tds_support.varbinary(bytea) RETURNS bytea
  LANGUAGE sql IMMUTABLE STRICT AS 'SELECT $1';
CREATE OR REPLACE FUNCTION tds_support.varbinary(text) RETURNS bytea
  LANGUAGE sql IMMUTABLE STRICT AS $$SELECT convert_to($1, 'UTF8')$$;
CREATE OR REPLACE FUNCTION tds_support.varbinary(anyelement) RETURNS bytea
  LANGUAGE sql IMMUTABLE STRICT AS $$SELECT convert_to($1::text, 'UTF8')$$;
CREATE OR REPLACE FUNCTION tds_support.datalength(text) RETURNS bigint
  LANGUAGE sql IMMUTABLE STRICT AS
  $$SELECT CASE WHEN octet_length($1) = char_length($1) THEN 2 * char_length($1)::bigint
    ELSE 2 * (char_length($1) + char_length(regexp_replace($1, '[^\U00010000-\U0010FFFF]', '', 'g')))::bigint END$$;
CREATE OR REPLACE FUNCTION tds_support.datalength(bytea) RETURNS bigint
  LANGUAGE sql IMMUTABLE STRICT AS 'SELECT octet_length($1)::bigint';
CREATE OR REPLACE FUNCTION tds_support.merge_multiple_match() RETURNS boolean
  LANGUAGE plpgsql AS $$BEGIN RAISE EXCEPTION 'a MERGE target row matched more than one source row' USING ERRCODE = 'TS672'; END$$;
CREATE OR REPLACE FUNCTION tds_support.datalength(anyelement) RETURNS bigint
  LANGUAGE sql IMMUTABLE STRICT AS 'SELECT pg_column_size($1)::bigint';
)SQL" + rowversion_support_sql();
}

} // namespace tds_server
