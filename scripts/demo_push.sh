# Sourced by scripts/demo.sh: a real push from PostgreSQL to the SQL Server side with its statistics.
if [[ -z "${MSSQL_HOST:-}" ]]; then
  echo "(no SQL Server and no TDS test server: skipping the push part)"
  return 0
fi
mssql() { /usr/bin/python3 "$ROOT/test/integration/mssql_exec.py" "$@"; }

echo "-- on SQL Server: an empty table dbo.DemoCustomers"
mssql "IF OBJECT_ID('dbo.DemoCustomers') IS NOT NULL DROP TABLE dbo.DemoCustomers" >/dev/null
mssql "CREATE TABLE dbo.DemoCustomers (CustomerId int NOT NULL PRIMARY KEY, Name nvarchar(40), Balance decimal(12,2), Since date)" >/dev/null
run_sql <<'SQL'
DROP TABLE IF EXISTS demo_customers;
CREATE TABLE demo_customers (customerid int PRIMARY KEY, name text, balance numeric(12,2), since date);
INSERT INTO demo_customers SELECT g, 'Customer ' || g || CASE WHEN g % 10 = 0 THEN ' 😀' ELSE '' END,
       g * 1.25, date '2020-01-01' + g FROM generate_series(1, 5000) AS g;
-- first push: every row is new (bulk load into #stg, then one MERGE per chunk)
SELECT * FROM mssql_upsert_push('demo_customers', 'demo_mssql', 'dbo.DemoCustomers', chunk_rows => 1000);
-- local changes, then push again: exact counts, unchanged rows are not updated
UPDATE demo_customers SET balance = balance + 1 WHERE customerid <= 100;
INSERT INTO demo_customers VALUES (5001, 'Zoë 漢字', 0, current_date);
SELECT * FROM mssql_upsert_push('demo_customers', 'demo_mssql', 'dbo.DemoCustomers', chunk_rows => 1000);
-- a query as source: only some rows and columns, renamed to the remote names
SELECT * FROM mssql_upsert_push($$SELECT customerid AS "CustomerId", 'VIP ' || name AS "Name"
                                  FROM demo_customers WHERE customerid <= 3$$, 'demo_mssql', 'dbo.DemoCustomers');
-- into a foreign table: its server, remote table and column names stand in for them
DROP FOREIGN TABLE IF EXISTS demo_remote_customers;
CREATE FOREIGN TABLE demo_remote_customers (id int OPTIONS (column_name 'CustomerId'), name text OPTIONS (column_name 'Name'))
  SERVER demo_mssql OPTIONS (schema_name 'dbo', table_name 'DemoCustomers');
SELECT * FROM mssql_upsert_push('SELECT customerid AS id, name FROM demo_customers WHERE customerid <= 3', 'demo_remote_customers');
SELECT * FROM demo_remote_customers WHERE id <= 3 ORDER BY id;
SQL
echo "-- on SQL Server, read back with python3-tds:"
mssql "SELECT CustomerId, Name, Balance, Since FROM dbo.DemoCustomers WHERE CustomerId IN (1, 10, 5001) ORDER BY CustomerId"
