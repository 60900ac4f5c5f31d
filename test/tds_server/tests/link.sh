#!/usr/bin/env bash
# The link simulation (EXEC tds_test_fault @kind = 'link', @bandwidth_mbit,
# @rtt_us): a round trip takes at least the simulated rtt, a result at least
# its size over the bandwidth, and 'clear' ends it. Only lower bounds are
# asserted (sleeps guarantee them), plus that a cleared link is fast again.
source "$(dirname "$0")/../../integration/lib.sh"
require_mssql
[[ "${MSSQL_IS_TEST_SERVER:-0}" == 1 ]] || skip_all "tests of the TDS test server itself"
trap 'mssql "EXEC tds_test_fault @kind = '"'"'clear'"'"'" >/dev/null 2>&1' EXIT

mssql "IF OBJECT_ID('dbo.LinkRows') IS NOT NULL DROP TABLE dbo.LinkRows" >/dev/null
mssql "CREATE TABLE dbo.LinkRows (Id int NOT NULL PRIMARY KEY, Pad nvarchar(500))" >/dev/null
pg -c "SET client_min_messages = warning; DROP TABLE IF EXISTS link_rows_src; CREATE TABLE link_rows_src (id int PRIMARY KEY, pad text);
       INSERT INTO link_rows_src SELECT g, repeat('x', 500) FROM generate_series(1, 1000) g"
create_mssql_server link_srv >/dev/null
pg -c "SELECT 1 FROM mssql_upsert_push('link_rows_src', 'link_srv', 'dbo.LinkRows')" >/dev/null

# Seconds one query takes on an open connection (the login is not timed).
timed() { # sql
  /usr/bin/python3 - "$1" <<'PY'
import os, sys, time, pytds
c = pytds.connect(server=os.environ['MSSQL_HOST'], port=int(os.environ['MSSQL_PORT']), database=os.environ['MSSQL_DATABASE'],
                  user=os.environ['MSSQL_USER'], password=os.environ['MSSQL_PASSWORD'], autocommit=True)
cur = c.cursor()
start = time.monotonic()
cur.execute(sys.argv[1])
rows = cur.fetchall()
print("%.3f %d" % (time.monotonic() - start, len(rows)))
PY
}
at_least() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'; }
below() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }

mssql "EXEC tds_test_fault @kind = 'link', @rtt_us = 1000000" >/dev/null
read -r seconds rows <<<"$(timed "SELECT 1")"
at_least "$seconds" 1.0 && ok=yes || ok="no ($seconds s)"
is "$ok|$rows" "yes|1" "with a 1 s round trip, SELECT 1 takes at least 1 s"

mssql "EXEC tds_test_fault @kind = 'link', @bandwidth_mbit = 8" >/dev/null
read -r seconds rows <<<"$(timed "SELECT Id, Pad FROM dbo.LinkRows")"
at_least "$seconds" 1.0 && ok=yes || ok="no ($seconds s)"
is "$ok|$rows" "yes|1000" "at 8 Mbit/s, 1,000 rows of 1,000 bytes (1 MB in UTF-16) take at least 1 s"

mssql "EXEC tds_test_fault @kind = 'clear'" >/dev/null
read -r seconds rows <<<"$(timed "SELECT 1")"
below "$seconds" 0.9 && ok=yes || ok="no ($seconds s)"
is "$ok|$rows" "yes|1" "after clear, SELECT 1 is fast again"

mssql "EXEC tds_test_fault @kind = 'link', @rtt_us = 300000" >/dev/null
is "$(pg -c "SELECT count(*) FROM mssql_upsert_pull('link_srv', 'dbo.LinkRows', 'link_rows_src')")" "1" \
   "the extension works over the simulated link"
mssql "EXEC tds_test_fault @kind = 'clear'" >/dev/null

pg -c "SET client_min_messages = warning; DROP TABLE link_rows_src; DROP SERVER link_srv CASCADE"
mssql "DROP TABLE dbo.LinkRows" >/dev/null
done_testing
