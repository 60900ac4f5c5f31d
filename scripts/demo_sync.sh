# Sourced by scripts/demo.sh: a real pull from the SQL Server side with its statistics.
if [[ -z "${MSSQL_HOST:-}" ]]; then
  echo "(no SQL Server and no TDS test server: skipping the sync part)"
  return 0
fi
mssql() { /usr/bin/python3 "$ROOT/test/integration/mssql_exec.py" "$@"; }

echo "-- on SQL Server: a sample table dbo.DemoOrders with 5000 rows"
mssql "IF OBJECT_ID('dbo.DemoOrders') IS NOT NULL DROP TABLE dbo.DemoOrders" >/dev/null
mssql "CREATE TABLE dbo.DemoOrders (OrderId int NOT NULL PRIMARY KEY, Customer nvarchar(40), Total decimal(12,2), PlacedAt datetime2(3), Status nvarchar(10))" >/dev/null
values=""
for i in $(seq 1 5000); do
  values+="${values:+,}($i, N'Customer $((i % 97)) ✓', $((i * 7 % 1000)).$((i % 100)), '2024-01-01 10:00:00.$((i % 1000))', N'open')"
  if (( i % 1000 == 0 )); then mssql "INSERT INTO dbo.DemoOrders VALUES $values" >/dev/null; values=""; fi
done

run_sql <<SQL
CREATE TABLE IF NOT EXISTS demo_orders (orderid int PRIMARY KEY, customer text, total numeric(12,2), placedat timestamp, status text);
-- first pull: every row is new
SELECT * FROM mssql_upsert_pull('demo_mssql', 'dbo.DemoOrders', 'demo_orders', chunk_rows => 1000);
-- second pull: nothing changed, nothing is rewritten
SELECT * FROM mssql_upsert_pull('demo_mssql', 'dbo.DemoOrders', 'demo_orders', chunk_rows => 1000);
SQL
echo "-- on SQL Server: close 250 orders, add one"
mssql "UPDATE dbo.DemoOrders SET Status = N'closed' WHERE OrderId <= 250; INSERT INTO dbo.DemoOrders VALUES (5001, N'New customer', 1.50, '2024-02-01 09:00:00', N'open')" >/dev/null
run_sql <<SQL
SELECT * FROM mssql_upsert_pull('demo_mssql', 'dbo.DemoOrders', 'demo_orders', chunk_rows => 1000);
SELECT status, count(*) FROM demo_orders GROUP BY status ORDER BY status;
SELECT * FROM demo_orders WHERE orderid IN (1, 5001) ORDER BY orderid;
SQL
