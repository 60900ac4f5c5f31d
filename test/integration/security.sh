#!/usr/bin/env bash
# Hostile input: caller text never becomes PostgreSQL SQL (push source, whatever
# standard_conforming_strings says), and a foreign table's query option cannot
# leave its derived table nor be set by a non-superuser. Each outcome is checked
# in the same session as the attempt.
source "$(dirname "$0")/lib.sh"
require_mssql
create_mssql_server mssql >/dev/null

# psql that goes on after an error, so later statements see the same session.
pg_session() { psql -X -q -At -v VERBOSITY=default "$@" 2>&1; }

# --- push source: the issue's payload with standard_conforming_strings off ------
mssql "IF OBJECT_ID('dbo.T') IS NOT NULL DROP TABLE dbo.T" >/dev/null
mssql "CREATE TABLE dbo.T (id int NOT NULL PRIMARY KEY)" >/dev/null
pg -c "SET client_min_messages = warning; DROP SCHEMA IF EXISTS sec_injection CASCADE; CREATE SCHEMA sec_injection;
       CREATE TABLE sec_injection.t (id int PRIMARY KEY); INSERT INTO sec_injection.t VALUES (1), (2), (3)"
out=$(pg_session <<'SQL'
SET search_path = sec_injection, public;
SET standard_conforming_strings = off;
SELECT * FROM mssql_upsert_push(E'\\''::text; DELETE FROM t; SELECT $$t$$::regclass::text; --', 'mssql', 'dbo.T');
SELECT 'rows of t: ' || count(*) FROM t;
SQL
)
like "$out" 'ERROR:  invalid name syntax' "the injection payload as push source is an error (not a table name)"
like "$out" 'rows of t: 3$' "table t keeps its rows, checked in the same session"
is "$(mssql_rows "SELECT COUNT(*) FROM dbo.T")" "0" "nothing was pushed"

# A table name that needs quoting still works, under both settings.
pg -c "CREATE TABLE sec_injection.\"it's \\ odd\" (id int PRIMARY KEY); INSERT INTO sec_injection.\"it's \\ odd\" VALUES (7)"
for setting in on off; do
  out=$(pg_session -c "SET standard_conforming_strings = $setting" \
    -c "SELECT rows_read FROM mssql_upsert_push(\$\$sec_injection.\"it's \\ odd\"\$\$, 'mssql', 'dbo.T')")
  is "$out" "1" "a table named with a quote and a backslash is a push source (standard_conforming_strings $setting)"
done

# --- staging => 'table' with a target whose name has a backslash and a quote ---
# (in schema public: a schema with "_" would make the staging name a hash)
mssql "IF OBJECT_ID('dbo.SecPull') IS NOT NULL DROP TABLE dbo.SecPull" >/dev/null
mssql "CREATE TABLE dbo.SecPull (id int NOT NULL PRIMARY KEY)" >/dev/null
mssql "INSERT INTO dbo.SecPull VALUES (1), (2)" >/dev/null
pg -c "DROP TABLE IF EXISTS public.\"sec\\'pull\"; CREATE TABLE public.\"sec\\'pull\" (id int PRIMARY KEY)"
out=$(pg_session -c "SET standard_conforming_strings = off" \
  -c "SELECT rows_inserted FROM mssql_upsert_pull('mssql', 'dbo.SecPull', \$\$public.\"sec\\'pull\"\$\$, staging => 'table', mode => 'merge')" \
  -c "SELECT 'rows: ' || count(*) FROM public.\"sec\\'pull\"")
is "$out" $'2\nrows: 2' "staging => 'table' into a table named with a backslash and a quote (standard_conforming_strings off)"

# --- IMPORT FOREIGN SCHEMA: remote names with a backslash and a quote -----------
mssql "IF OBJECT_ID('dbo.[Sec\\''x]') IS NOT NULL DROP TABLE dbo.[Sec\\'x]" >/dev/null
mssql "CREATE TABLE dbo.[Sec\\'x] ([a\\'b] int NOT NULL PRIMARY KEY)" >/dev/null
mssql "INSERT INTO dbo.[Sec\\'x] VALUES (5)" >/dev/null
out=$(pg_session -c "SET standard_conforming_strings = off" -c "SET client_min_messages = warning" -c "DROP SCHEMA IF EXISTS sec_import CASCADE" -c "CREATE SCHEMA sec_import" \
  -c "IMPORT FOREIGN SCHEMA dbo LIMIT TO (\"Sec\\'x\") FROM SERVER mssql INTO sec_import" \
  -c "SELECT \"a\\'b\" FROM sec_import.\"Sec\\'x\"")
is "$out" "5" "IMPORT FOREIGN SCHEMA keeps remote names with a backslash and a quote (standard_conforming_strings off)"

# --- foreign table query option --------------------------------------------------
mssql "IF OBJECT_ID('dbo.Victim') IS NOT NULL DROP TABLE dbo.Victim" >/dev/null
mssql "CREATE TABLE dbo.Victim (Id int NOT NULL PRIMARY KEY)" >/dev/null
mssql "INSERT INTO dbo.Victim VALUES (1), (2), (3)" >/dev/null
payload="SELECT 1 AS id) AS x; DELETE FROM dbo.Victim; SELECT * FROM (SELECT 1 AS id"
pg -c "SET client_min_messages = warning; DROP FOREIGN TABLE IF EXISTS sec_query"
out=$(pg_session -v VERBOSITY=verbose <<SQL
CREATE FOREIGN TABLE sec_query (id int) SERVER mssql OPTIONS (query '$payload');
SELECT count(*) FROM sec_query;
SQL
)
like "$out" 'ERROR:  42601: invalid option "query": "." without a matching "\(" at offset 15' \
  "CREATE FOREIGN TABLE refuses the payload with SQLSTATE 42601 and says why"
like "$out" 'HINT:  The query option must be one T-SQL SELECT' "the hint says what a query may be"
is "$(mssql_rows "SELECT COUNT(*) FROM dbo.Victim")" "3" "the remote table keeps its rows (read by python3-tds)"

for bad in "DELETE FROM dbo.Victim" "SELECT Id AS id FROM dbo.Victim; DELETE FROM dbo.Victim" \
           "SELECT Id AS id FROM dbo.Victim -- a comment ends at a line break"$'\n'") AS x; DELETE FROM dbo.Victim; SELECT * FROM (SELECT 1 AS id" \
           "SELECT Id AS id FROM dbo.Victim /* ) AS x; DELETE FROM dbo.Victim"; do
  out=$(pg_session -c "CREATE FOREIGN TABLE sec_query (id int) SERVER mssql OPTIONS (query \$q\$$bad\$q\$)")
  like "$out" 'ERROR:  invalid option "query"' "refused: ${bad//$'\n'/\\n}"
  pg -c "SET client_min_messages = warning; DROP FOREIGN TABLE IF EXISTS sec_query"
done

pg -c "CREATE FOREIGN TABLE sec_query (id int) SERVER mssql OPTIONS (query 'SELECT Id AS id FROM dbo.Victim WHERE Id > 1')"
is "$(pg -c "SELECT string_agg(id::text, ',' ORDER BY id) FROM sec_query")" "2,3" "a valid query still works"
out=$(pg_session -c "ALTER FOREIGN TABLE sec_query OPTIONS (SET query '$payload')" -c "SELECT count(*) FROM sec_query")
like "$out" 'ERROR:  invalid option "query"' "ALTER FOREIGN TABLE refuses the payload"
like "$out" $'\n2$' "the table keeps its valid query"

# A query planted in the catalog behind the validator's back is refused at scan time.
pg -c "UPDATE pg_foreign_table SET ftoptions = ARRAY['query=$payload'] WHERE ftrelid = 'sec_query'::regclass"
out=$(pg_session -v VERBOSITY=verbose -c "SELECT count(*) FROM sec_query")
like "$out" 'ERROR:  42601: foreign table public.sec_query: invalid option "query": "." without a matching "\(" at offset 15' \
  "a scan refuses a query that leaves its derived table, naming the foreign table"
is "$(mssql_rows "SELECT COUNT(*) FROM dbo.Victim")" "3" "the remote table still has its rows"
pg -c "DROP FOREIGN TABLE sec_query"

# Only a superuser may set query: it runs with the login of whoever reads the table.
pg -c "DROP OWNED BY sec_low" >/dev/null 2>&1
pg -c "SET client_min_messages = warning; DROP SCHEMA IF EXISTS sec_low CASCADE; DROP ROLE IF EXISTS sec_low; CREATE ROLE sec_low; GRANT USAGE ON FOREIGN SERVER mssql TO sec_low;
       CREATE SCHEMA sec_low AUTHORIZATION sec_low"
out=$(pg_session -v VERBOSITY=verbose <<'SQL'
SET ROLE sec_low;
CREATE FOREIGN TABLE sec_low.q (id int) SERVER mssql OPTIONS (query 'SELECT Id AS id FROM dbo.Victim');
CREATE FOREIGN TABLE sec_low.t (id int) SERVER mssql OPTIONS (table_name 'Victim');
ALTER FOREIGN TABLE sec_low.t OPTIONS (DROP table_name, ADD query 'SELECT Id AS id FROM dbo.Victim');
SELECT 'tables: ' || string_agg(relname, ',') FROM pg_class WHERE relnamespace = 'sec_low'::regnamespace;
SQL
)
like "$out" 'ERROR:  42501: only a superuser may set option "query" of a foreign table' \
  "a non-superuser cannot create a foreign table with a query (SQLSTATE 42501)"
like "$out" 'tables: t$' "a non-superuser may still name a remote table; ALTER to a query is refused too"
[[ $(grep -c 'only a superuser may set option "query"' <<<"$out") -eq 2 ]]; ok $? "ALTER FOREIGN TABLE ... ADD query is refused for a non-superuser"
pg -c "SET client_min_messages = warning; DROP SCHEMA sec_low CASCADE; DROP OWNED BY sec_low; DROP ROLE sec_low"

done_testing
