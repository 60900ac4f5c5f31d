-- Foreign table scans: the remote SQL (EXPLAIN VERBOSE shows what goes to SQL
-- Server and what PostgreSQL still checks), rows, casts, and refusals.
\set VERBOSITY default
\set server scan_srv
\i test/regress/test_server.psql

-- planning needs no connection: a remote table that does not exist is fine for EXPLAIN
CREATE FOREIGN TABLE orders (
  id int, customer text OPTIONS (column_name 'Customer Name'), amount numeric(10,2),
  placed timestamp, flag boolean, g uuid, day date, score float8, code varchar(10)
) SERVER scan_srv OPTIONS (schema_name 'Sales', table_name 'Order]s');

-- only the needed columns
EXPLAIN (VERBOSE, COSTS OFF) SELECT id, customer FROM orders;
EXPLAIN (VERBOSE, COSTS OFF) SELECT count(*) FROM orders;
-- numbers, dates, booleans, uuids, NULL tests: exact, no local Filter
EXPLAIN (VERBOSE, COSTS OFF) SELECT id FROM orders
  WHERE id >= 10 AND amount < 99.5 AND day <> '2024-02-29' AND score > 0.5 AND flag
    AND g = '6f9619ff-8b86-d011-b42d-00c04fc964ff' AND code IS NOT NULL;
EXPLAIN (VERBOSE, COSTS OFF) SELECT id FROM orders WHERE id IN (1, 2, 3) OR amount IS NULL;
EXPLAIN (VERBOSE, COSTS OFF) SELECT id FROM orders WHERE NOT (id < 5 OR flag = false);
EXPLAIN (VERBOSE, COSTS OFF) SELECT id FROM orders WHERE 7 < id;
-- text: = and IN are sent as prefilters (SQL Server's collation may ignore case),
-- LIKE as a widened pattern (_ as %, trailing spaces as %); PostgreSQL checks each again
EXPLAIN (VERBOSE, COSTS OFF) SELECT id FROM orders WHERE customer = 'O''Brien';
EXPLAIN (VERBOSE, COSTS OFF) SELECT id FROM orders WHERE code IN ('a', 'B');
EXPLAIN (VERBOSE, COSTS OFF) SELECT id FROM orders WHERE customer LIKE 'O''B_i%n  ';
-- a literal % _ [ or backslash in a pattern: T-SQL escapes differ, local only
EXPLAIN (VERBOSE, COSTS OFF) SELECT id FROM orders WHERE customer LIKE '10\%_[x]%';
-- text ordering and negations depend on the collation: local only
EXPLAIN (VERBOSE, COSTS OFF) SELECT id FROM orders WHERE customer < 'm' AND customer <> 'x'
  AND customer NOT LIKE 'a%' AND customer ILIKE 'b%';
-- timestamps: widened by a minute both ways (datetime keeps 1/300 s), checked again locally
EXPLAIN (VERBOSE, COSTS OFF) SELECT id FROM orders WHERE placed > '2024-01-02 10:20:30.5';
EXPLAIN (VERBOSE, COSTS OFF) SELECT id FROM orders WHERE placed = '2024-01-02 10:20:30';
-- functions, expressions, uuid ordering, NaN: local only
EXPLAIN (VERBOSE, COSTS OFF) SELECT id FROM orders
  WHERE lower(customer) = 'x' AND id + 1 = 3 AND g < '6f9619ff-8b86-d011-b42d-00c04fc964ff'
    AND score <> 'NaN';
-- an AND keeps the parts it can send
EXPLAIN (VERBOSE, COSTS OFF) SELECT id FROM orders WHERE (id > 1 AND lower(customer) = 'x') OR id = 0;
-- parameters: sent as prefilters, the value filled in at execution
PREPARE by_id(int) AS SELECT id FROM orders WHERE id = $1;
SET plan_cache_mode = force_generic_plan;
EXPLAIN (VERBOSE, COSTS OFF) EXECUTE by_id(5);
RESET plan_cache_mode;
-- LIMIT becomes TOP only when the scan alone decides the rows
EXPLAIN (VERBOSE, COSTS OFF) SELECT id FROM orders LIMIT 5 OFFSET 2;
EXPLAIN (VERBOSE, COSTS OFF) SELECT id FROM orders WHERE id > 3 LIMIT 5;
EXPLAIN (VERBOSE, COSTS OFF) SELECT id FROM orders WHERE customer = 'a' LIMIT 5;
EXPLAIN (VERBOSE, COSTS OFF) SELECT id FROM orders ORDER BY id LIMIT 5;
EXPLAIN (VERBOSE, COSTS OFF) SELECT count(*) FROM orders LIMIT 1;

-- real rows, from a query foreign table (no remote table needed)
CREATE FOREIGN TABLE consts (id bigint, name text, amount numeric(6,2), day date, note varchar(3))
  SERVER scan_srv OPTIONS (query 'SELECT 1 AS id, N''Zoë'' AS name, CAST(12.5 AS decimal(6,2)) AS amount, CAST(''2024-01-02'' AS date) AS day, N''abc'' AS note UNION ALL SELECT 2, N''bob'', -3.25, NULL, NULL');
EXPLAIN (VERBOSE, COSTS OFF) SELECT id, name FROM consts WHERE id = 2;
SELECT * FROM consts ORDER BY id;
SELECT id, name FROM consts WHERE id = 2;
SELECT name FROM consts WHERE name = 'Zoë';
SELECT id FROM consts WHERE day IS NULL;
SELECT id, amount FROM consts WHERE amount < 0 OR name LIKE 'Z%' ORDER BY id;
SELECT count(*) FROM consts;
SELECT id FROM consts LIMIT 1;
SELECT pg_typeof(id), pg_typeof(amount) FROM consts LIMIT 1;
PREPARE consts_by_id(bigint) AS SELECT name FROM consts WHERE id = $1;
SET plan_cache_mode = force_generic_plan;
EXECUTE consts_by_id(1);
EXECUTE consts_by_id(NULL);
RESET plan_cache_mode;
-- a join reads two scans at once (two connections)
SELECT a.id, b.name FROM consts a JOIN consts b ON b.id = a.id + 1;
-- ANALYZE counts the rows
ANALYZE consts;
SELECT reltuples FROM pg_class WHERE relname = 'consts';
-- use_remote_estimate: SQL Server counts the rows the remote conditions keep
ALTER FOREIGN TABLE consts OPTIONS (ADD use_remote_estimate 'true');
EXPLAIN SELECT * FROM consts WHERE id = 2;
EXPLAIN SELECT * FROM consts WHERE id > 0;
EXPLAIN SELECT * FROM consts WHERE id > 0 AND name = 'bob';
ALTER FOREIGN TABLE consts OPTIONS (DROP use_remote_estimate);

-- casts into the declared types, with PostgreSQL's errors naming the column
CREATE FOREIGN TABLE too_short (name varchar(2)) SERVER scan_srv
  OPTIONS (query 'SELECT N''abc'' AS name');
SELECT * FROM too_short;
CREATE FOREIGN TABLE no_cast (id uuid) SERVER scan_srv OPTIONS (query 'SELECT 1 AS id');
SELECT * FROM no_cast;

-- read-only
INSERT INTO consts (id) VALUES (3);
UPDATE consts SET name = 'x';
DELETE FROM consts;

-- no user mapping for this role
CREATE ROLE scan_nobody;
GRANT SELECT ON consts TO scan_nobody;
SET ROLE scan_nobody;
SELECT * FROM consts;
RESET ROLE;
DROP OWNED BY scan_nobody;
DROP ROLE scan_nobody;
DROP SERVER scan_srv CASCADE;
