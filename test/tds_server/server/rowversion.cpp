#include "server/rowversion.hpp"

#include "server/tsql_rewriter.hpp"

namespace tds_server {

bool is_rowversion_declaration(const std::string &declared) {
  const std::string type = upper_ascii(declared);
  return type == "ROWVERSION" || type == "TIMESTAMP";
}

std::string rowversion_column_type() { return "bytea NOT NULL"; }

const char *rowversion_catalog_type() { return "timestamp"; }

std::string rowversion_trigger_sql(const std::string &table, const std::string &column) {
  std::string name = pg_ident("tds_rowversion_" + column);
  return "CREATE TRIGGER " + name + " BEFORE INSERT OR UPDATE ON " + table +
         " FOR EACH ROW EXECUTE FUNCTION tds_support.rowversion_stamp(" +
         pg_string(pg_ident(column).substr(1, pg_ident(column).size() - 2)) + ")";
}

const char *dbts_sql() { return "tds_support.dbts()"; }

const char *min_active_rowversion_sql() { return "tds_support.min_active_rowversion()"; }

std::string rowversion_support_sql() {
  // 7140: this server's advisory-lock class for rowversion transactions.
  return R"SQL(
CREATE SEQUENCE IF NOT EXISTS tds_support.rowversion_counter START 2001;
CREATE OR REPLACE FUNCTION tds_support.dbts() RETURNS bytea LANGUAGE sql VOLATILE AS
  $$SELECT int8send(CASE WHEN is_called THEN last_value ELSE last_value - 1 END) FROM tds_support.rowversion_counter$$;
CREATE OR REPLACE FUNCTION tds_support.min_active_rowversion() RETURNS bytea LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  next_value bigint;
  oldest_open bigint;
BEGIN
  SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END INTO next_value FROM tds_support.rowversion_counter;
  SELECT min(objid::bigint) INTO oldest_open FROM pg_locks
   WHERE locktype = 'advisory' AND classid = 7140 AND objsubid = 2 AND granted;
  RETURN int8send(least(next_value, oldest_open));
END $$;
-- CONVERT(bigint, <binary>): SQL Server reads the last 8 bytes as a big-endian integer.
CREATE OR REPLACE FUNCTION tds_support.binary_to_bigint(bytea) RETURNS bigint LANGUAGE sql IMMUTABLE STRICT AS
  $$SELECT ('x' || lpad(right(encode($1, 'hex'), 16), 16, '0'))::bit(64)::bigint$$;
DO $$BEGIN
  IF NOT EXISTS (SELECT FROM pg_cast WHERE castsource = 'bytea'::regtype AND casttarget = 'bigint'::regtype) THEN
    CREATE CAST (bytea AS bigint) WITH FUNCTION tds_support.binary_to_bigint(bytea);
  END IF;
END$$;
CREATE OR REPLACE FUNCTION tds_support.rowversion_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  column_name text := TG_ARGV[0];
  given text := to_jsonb(NEW) ->> column_name;
BEGIN
  IF TG_OP = 'INSERT' AND given IS NOT NULL THEN
    RAISE EXCEPTION 'explicit value for timestamp column %', column_name USING ERRCODE = 'TS273';
  ELSIF TG_OP = 'UPDATE' AND given IS DISTINCT FROM (to_jsonb(OLD) ->> column_name) THEN
    RAISE EXCEPTION 'update of timestamp column %', column_name USING ERRCODE = 'TS272';
  END IF;
  IF current_setting('tds_support.rowversion_open', true) IS DISTINCT FROM 'yes' THEN
    PERFORM pg_advisory_xact_lock(7140, (SELECT (CASE WHEN is_called THEN last_value + 1 ELSE last_value END)::integer
                                           FROM tds_support.rowversion_counter));
    PERFORM set_config('tds_support.rowversion_open', 'yes', true);
  END IF;
  RETURN jsonb_populate_record(NEW, jsonb_build_object(column_name,
           '\x' || lpad(to_hex(nextval('tds_support.rowversion_counter')), 16, '0')));
END $$;
)SQL";
}

} // namespace tds_server
