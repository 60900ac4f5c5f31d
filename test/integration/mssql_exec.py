"""Runs one T-SQL batch on the SQL Server side (MSSQL_* environment) with
python3-tds and prints every result row tab-separated, NULL as \\N.
Usage: mssql_exec.py "T-SQL batch"   (or the batch on stdin)
Exit status 1 with "error <number>: <message>" on stderr on a SQL Server error."""
import os
import sys

import pytds


def main():
    batch = sys.argv[1] if len(sys.argv) > 1 else sys.stdin.read()
    try:
        with pytds.connect(server=os.environ["MSSQL_HOST"], port=int(os.environ["MSSQL_PORT"]),
                           database=os.environ.get("MSSQL_DATABASE") or None,
                           user=os.environ["MSSQL_USER"], password=os.environ["MSSQL_PASSWORD"],
                           autocommit=True) as conn:
            with conn.cursor() as cur:
                cur.execute(batch)
                while True:
                    if cur.description:
                        for row in cur.fetchall():
                            print("\t".join("\\N" if v is None else str(v) for v in row))
                    if not cur.nextset():
                        break
    except pytds.Error as e:
        number = getattr(e, "number", "?")
        print(f"error {number}: {e}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
