# Sourced by the test server's client tests: FreeTDS tsql as a client nobody here wrote.
tsql_run() { # batch -> tsql output rows (tab-separated), noise removed
  printf '%s\ngo\n' "$1" | TDSVER=7.4 tsql -H "$MSSQL_HOST" -p "$MSSQL_PORT" -U "$MSSQL_USER" \
    -P "$MSSQL_PASSWORD" -D "$MSSQL_DATABASE" -o q 2>&1 |
    grep -vE '^(locale|using default charset|Setting .* as default database|[0-9]+> )' | sed -E 's/^([0-9]+> )+//'
}
