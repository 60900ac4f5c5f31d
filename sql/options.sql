-- Option validation: every option of every object kind, good and bad.
\set VERBOSITY default

-- the wrapper exists with its handler and validator
SELECT fdwname, fdwhandler::regproc, fdwvalidator::regproc
  FROM pg_foreign_data_wrapper WHERE fdwname = 'mssql_upsert_fdw';

-- servers
CREATE SERVER good FOREIGN DATA WRAPPER mssql_upsert_fdw
  OPTIONS (host 'mssql.example', port '1433', database 'Sales', tds_version '7.4',
           login_timeout '10', query_timeout '0', appname 'etl', packet_size '4096');
CREATE SERVER bad FOREIGN DATA WRAPPER mssql_upsert_fdw OPTIONS (hostname 'x');
CREATE SERVER bad FOREIGN DATA WRAPPER mssql_upsert_fdw OPTIONS (password 'secret');
CREATE SERVER bad FOREIGN DATA WRAPPER mssql_upsert_fdw OPTIONS (port '0');
CREATE SERVER bad FOREIGN DATA WRAPPER mssql_upsert_fdw OPTIONS (port '65536');
CREATE SERVER bad FOREIGN DATA WRAPPER mssql_upsert_fdw OPTIONS (port '14x3');
CREATE SERVER bad FOREIGN DATA WRAPPER mssql_upsert_fdw OPTIONS (login_timeout '-1');
CREATE SERVER bad FOREIGN DATA WRAPPER mssql_upsert_fdw OPTIONS (query_timeout 'soon');
CREATE SERVER bad FOREIGN DATA WRAPPER mssql_upsert_fdw OPTIONS (tds_version '8.0');
CREATE SERVER bad FOREIGN DATA WRAPPER mssql_upsert_fdw OPTIONS (packet_size '100');
CREATE SERVER bad FOREIGN DATA WRAPPER mssql_upsert_fdw OPTIONS (host '');
ALTER SERVER good OPTIONS (SET port '99999');
ALTER SERVER good OPTIONS (ADD username 'sa');
ALTER SERVER good OPTIONS (SET port '1434');
SELECT srvname, srvoptions FROM pg_foreign_server WHERE srvname = 'good';

-- user mappings: credentials live here and only here
CREATE USER MAPPING FOR CURRENT_USER SERVER good OPTIONS (username 'etl', password 'secret');
CREATE USER MAPPING FOR PUBLIC SERVER good OPTIONS (user 'etl');
CREATE USER MAPPING FOR PUBLIC SERVER good OPTIONS (host 'x');
CREATE USER MAPPING FOR PUBLIC SERVER good OPTIONS (password_required 'maybe');
CREATE USER MAPPING FOR PUBLIC SERVER good OPTIONS (username 'etl', password_required 'false');
DROP USER MAPPING FOR PUBLIC SERVER good;

-- only a superuser may turn password_required off
CREATE ROLE mssql_upsert_regress_user;
GRANT USAGE ON FOREIGN SERVER good TO mssql_upsert_regress_user;
SET ROLE mssql_upsert_regress_user;
CREATE USER MAPPING FOR CURRENT_USER SERVER good OPTIONS (username 'u', password_required 'off');
CREATE USER MAPPING FOR CURRENT_USER SERVER good OPTIONS (username 'u');
CREATE USER MAPPING FOR CURRENT_USER SERVER good OPTIONS (username 'u', password 'p');
ALTER USER MAPPING FOR CURRENT_USER SERVER good OPTIONS (DROP password);
RESET ROLE;

-- foreign tables and columns
CREATE FOREIGN TABLE ft_good (id int OPTIONS (column_name 'Id'), name text)
  SERVER good OPTIONS (schema_name 'dbo', table_name 'Orders');
CREATE FOREIGN TABLE ft_query (x int) SERVER good OPTIONS (query 'SELECT 1 AS x');
CREATE FOREIGN TABLE ft_bad (x int) SERVER good OPTIONS (table 'Orders');
CREATE FOREIGN TABLE ft_bad (x int) SERVER good OPTIONS (query 'SELECT 1', table_name 'Orders');
CREATE FOREIGN TABLE ft_bad (x int OPTIONS (name 'X')) SERVER good;
CREATE FOREIGN TABLE ft_bad (x int) SERVER good OPTIONS (table_name 'a', table_name 'b');
ALTER FOREIGN TABLE ft_good OPTIONS (ADD query 'SELECT 1');
-- query: one SELECT that cannot leave the derived table a scan puts it in
CREATE FOREIGN TABLE ft_bad (x int) SERVER good
  OPTIONS (query 'SELECT 1 AS x) AS q; DELETE FROM dbo.Victim; SELECT * FROM (SELECT 1 AS x');
CREATE FOREIGN TABLE ft_bad (x int) SERVER good OPTIONS (query 'EXEC sp_who');
ALTER FOREIGN TABLE ft_query OPTIONS (SET query 'SELECT 1 AS x; SELECT 2 AS x');
-- and only a superuser may set it: it runs with the login of whoever reads the table
GRANT CREATE ON SCHEMA public TO mssql_upsert_regress_user;
SET ROLE mssql_upsert_regress_user;
CREATE FOREIGN TABLE ft_bad (x int) SERVER good OPTIONS (query 'SELECT 1 AS x');
RESET ROLE;
REVOKE CREATE ON SCHEMA public FROM mssql_upsert_regress_user;

-- the wrapper itself takes no options
ALTER FOREIGN DATA WRAPPER mssql_upsert_fdw OPTIONS (ADD host 'x');

-- clean up
DROP FOREIGN TABLE ft_good, ft_query;
DROP USER MAPPING FOR mssql_upsert_regress_user SERVER good;
DROP USER MAPPING FOR CURRENT_USER SERVER good;
REVOKE USAGE ON FOREIGN SERVER good FROM mssql_upsert_regress_user;
DROP ROLE mssql_upsert_regress_user;
DROP SERVER good;
