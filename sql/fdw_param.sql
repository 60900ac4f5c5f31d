-- Parameterized foreign scans: on the inner side of a nested loop a foreign
-- scan sends its join clauses to SQL Server with each outer row's values, as
-- sp_executesql parameters (EXPLAIN VERBOSE shows them as @pN, and their
-- declared types as Remote Parameters). Each outer row costs a round trip, so
-- the planner takes such a plan for few outer rows only.
\set VERBOSITY default
\set server param_srv
\i test/regress/test_server.psql

-- planning needs no remote table
CREATE FOREIGN TABLE orders (
  id int, customer text OPTIONS (column_name 'Customer Name'), amount numeric(10,2),
  placed timestamp, code varchar(10)
) SERVER param_srv OPTIONS (schema_name 'Sales', table_name 'Orders');
CREATE TABLE one_customer (id int PRIMARY KEY, name text, since timestamp, big bigint, total numeric);
INSERT INTO one_customer VALUES (7, 'Ann', '2024-01-02 10:00', 7, 7);
CREATE TABLE many_customers (id int PRIMARY KEY, name text, since timestamp, big bigint, total numeric);
INSERT INTO many_customers SELECT g, 'c' || g, '2024-01-01'::timestamp + g * interval '1 day', g, g
  FROM generate_series(1, 200) g;
ANALYZE one_customer, many_customers;

-- one outer row: one remote query with its value, not the whole remote table
EXPLAIN (VERBOSE, COSTS OFF)
  SELECT c.name, o.amount FROM one_customer c JOIN orders o ON o.id = c.id;
-- 200 outer rows would be 200 round trips: one scan and a hash join instead
EXPLAIN (VERBOSE, COSTS OFF)
  SELECT c.name, o.amount FROM many_customers c JOIN orders o ON o.id = c.id;

-- the other plans out of the way, to show which join clauses can be sent
SET enable_hashjoin = off;
SET enable_mergejoin = off;
SET enable_material = off;
-- an expression of the outer row, a cross-type comparison, other operators
EXPLAIN (VERBOSE, COSTS OFF)
  SELECT o.id FROM one_customer c JOIN orders o ON o.id = c.id + 1;
EXPLAIN (VERBOSE, COSTS OFF)
  SELECT o.id FROM one_customer c JOIN orders o ON o.id = c.big;
EXPLAIN (VERBOSE, COSTS OFF)
  SELECT o.id FROM one_customer c JOIN orders o ON o.amount > c.total AND o.id <> c.id;
-- text equality and timestamps: prefilters as with constants, checked again locally
EXPLAIN (VERBOSE, COSTS OFF)
  SELECT o.id FROM one_customer c JOIN orders o ON o.customer = c.name AND o.placed >= c.since;
-- equalities implied by equivalence classes: o.id = m.id = c.id gives o.id = c.id
EXPLAIN (VERBOSE, COSTS OFF)
  SELECT o.id FROM one_customer c, many_customers m, orders o WHERE m.id = c.id AND o.id = m.id;
-- (and o.id = c.id = 7 gives the constant o.id = 7: no parameter needed)
EXPLAIN (VERBOSE, COSTS OFF)
  SELECT o.id FROM one_customer c, orders o WHERE o.id = c.id AND c.id = 7;
-- outer, semi and anti joins; LATERAL
EXPLAIN (VERBOSE, COSTS OFF)
  SELECT c.id, o.id FROM one_customer c LEFT JOIN orders o ON o.id = c.id;
EXPLAIN (VERBOSE, COSTS OFF)
  SELECT c.id FROM one_customer c WHERE EXISTS (SELECT FROM orders o WHERE o.id = c.id);
EXPLAIN (VERBOSE, COSTS OFF)
  SELECT c.id FROM one_customer c WHERE NOT EXISTS (SELECT FROM orders o WHERE o.code = c.name);
EXPLAIN (VERBOSE, COSTS OFF)
  SELECT c.id, o.amount FROM one_customer c,
    LATERAL (SELECT amount FROM orders o WHERE o.id = c.id ORDER BY amount LIMIT 1) o;
-- with a prepared statement's parameter too
PREPARE by_code(text) AS
  SELECT o.id FROM one_customer c JOIN orders o ON o.id = c.id WHERE o.code = $1;
SET plan_cache_mode = force_generic_plan;
EXPLAIN (VERBOSE, COSTS OFF) EXECUTE by_code('x');
RESET plan_cache_mode;
-- not sent: a cast on the remote column, text ordering, a volatile expression
EXPLAIN (VERBOSE, COSTS OFF)
  SELECT o.id FROM one_customer c JOIN orders o ON o.id = c.total;
EXPLAIN (VERBOSE, COSTS OFF)
  SELECT o.id FROM one_customer c JOIN orders o ON o.customer < c.name;
EXPLAIN (VERBOSE, COSTS OFF)
  SELECT o.id FROM one_customer c JOIN orders o ON o.id = c.id + (random() * 0)::int;

-- real rows, from a query foreign table (no remote table needed)
CREATE FOREIGN TABLE items (id int, name text, qty int) SERVER param_srv
  OPTIONS (query 'SELECT 1 AS id, N''apple'' AS name, 5 AS qty UNION ALL SELECT 2, N''Apple'', 7 UNION ALL SELECT 3, N''banana'', NULL UNION ALL SELECT 4, NULL, 2');
CREATE TABLE wanted (id int, name text, min_qty int);
INSERT INTO wanted VALUES (1, 'apple', 1), (2, 'APPLE', 9), (3, NULL, NULL), (NULL, 'banana', 0), (9, 'x', 1);
ANALYZE wanted;
EXPLAIN (VERBOSE, COSTS OFF) SELECT w.id, i.name FROM wanted w JOIN items i ON i.id = w.id;
SELECT w.id, i.name FROM wanted w JOIN items i ON i.id = w.id ORDER BY 1;
-- NULL outer values match nothing (SQL Server is asked WHERE 1 = 0)
SELECT w.id, w.name, i.id FROM wanted w LEFT JOIN items i ON i.id = w.id ORDER BY 1, 2;
-- text: PostgreSQL's equality decides, whatever SQL Server's collation
SELECT w.name, i.id FROM wanted w JOIN items i ON i.name = w.name ORDER BY 1, 2;
SELECT w.id, i.id FROM wanted w JOIN items i ON i.qty >= w.min_qty AND i.id <> w.id ORDER BY 1, 2;
SELECT w.id FROM wanted w WHERE NOT EXISTS (SELECT FROM items i WHERE i.id = w.id) ORDER BY 1;
SELECT w.id, i.id FROM wanted w JOIN items i ON i.id = w.id + 1 ORDER BY 1;
-- a LATERAL subquery that outputs an outer column: the scan runs per outer row
-- (no Memoize, which PostgreSQL 17 and later would put over it)
SET enable_memoize = off;
EXPLAIN (VERBOSE, COSTS OFF)
  SELECT w.id, s.* FROM wanted w LEFT JOIN LATERAL (SELECT i.id, w.min_qty AS m FROM items i WHERE i.id < 3) s ON true;
SELECT w.id, s.* FROM wanted w LEFT JOIN LATERAL (SELECT i.id, w.min_qty AS m FROM items i WHERE i.id < 3) s ON true
  ORDER BY 1, 2;
RESET enable_memoize;

RESET enable_hashjoin;
RESET enable_mergejoin;
RESET enable_material;
DROP TABLE one_customer, many_customers, wanted;
DROP SERVER param_srv CASCADE;
