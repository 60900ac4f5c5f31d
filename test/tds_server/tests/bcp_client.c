/* A tiny FreeTDS db-lib client for the bulk-load tests: it stands in for the
 * extension's push (same library, same calls: bcp_init, bcp_bind, bcp_colptr,
 * bcp_collen, bcp_sendrow, bcp_batch, bcp_done) and keeps ONE connection, so
 * #temp tables live across the script's commands.
 *
 * Usage: bcp_client HOST PORT USER DATABASE < script   (password in MSSQL_PASSWORD)
 * Script lines, fields separated by tabs:
 *   sql <T-SQL>        run a batch; print result rows tab-separated (NULL as NULL)
 *   init <table> <n>   bcp_init, then bind n columns as character data
 *   row <v1> ... <vn>  bcp_sendrow; \N is NULL; "u:text" sends text as UTF-16LE
 *                      bytes (what an nvarchar column needs from bcp_bind)
 *   batch | done       bcp_batch / bcp_done, printing the rows they report
 *   gen <table> <n>    bcp_init + native bindings (DBINT, DBBIGINT, DBDATETIMEALL,
 *                      DBNUMERIC, DBBIT, DBFLT8, GUID; UTF-16LE for nvarchar) for
 *                      the benchmark's 10 columns (K int, I int, B bigint, Name
 *                      nvarchar, Description nvarchar, At datetime2, Amount
 *                      decimal(12,4), Flag bit, X float, G uniqueidentifier),
 *                      then n generated rows and bcp_done
 * Server messages of severity > 10 print as "msg <number>: <text>". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sybdb.h>
#include <sybfront.h>

#define MAX_COLUMNS 64
#ifndef SYBUNIQUE
#define SYBUNIQUE 36 /* uniqueidentifier; sybdb.h does not name it */
#endif

static int message_handler(DBPROCESS *dbproc, DBINT number, int state, int severity, char *text,
                           char *server, char *procedure, int line) {
  (void)dbproc, (void)state, (void)server, (void)procedure, (void)line;
  if (severity > 10)
    printf("msg %d: %s\n", (int)number, text);
  return 0;
}

static int error_handler(DBPROCESS *dbproc, int severity, int dberr, int oserr, char *dberrstr,
                         char *oserrstr) {
  (void)dbproc, (void)severity, (void)oserr, (void)oserrstr;
  fprintf(stderr, "db-lib error %d: %s\n", dberr, dberrstr);
  return INT_CANCEL;
}

/* UTF-8 -> UTF-16LE; returns the byte count. */
static int utf16le(const char *in, unsigned char *out) {
  const unsigned char *s = (const unsigned char *)in;
  int n = 0;
  while (*s) {
    unsigned long cp;
    int extra = *s < 0x80 ? 0 : *s < 0xE0 ? 1 : *s < 0xF0 ? 2 : 3;
    cp = extra == 0 ? *s : *s & (0x3F >> extra);
    for (int k = 1; k <= extra && s[k]; ++k)
      cp = (cp << 6) | (s[k] & 0x3F);
    s += extra + 1;
    if (cp >= 0x10000) {
      unsigned long v = cp - 0x10000;
      unsigned hi = 0xD800 | (v >> 10), lo = 0xDC00 | (v & 0x3FF);
      out[n++] = hi & 0xFF, out[n++] = hi >> 8, out[n++] = lo & 0xFF, out[n++] = lo >> 8;
    } else {
      out[n++] = cp & 0xFF, out[n++] = (cp >> 8) & 0xFF;
    }
  }
  return n;
}

/* Sends n generated rows through native bindings, as the extension's push does. */
static void generate_rows(DBPROCESS *dbproc, const char *table, long n) {
  DBINT k, i;
  DBBIGINT b;
  DBDATETIMEALL at;
  DBNUMERIC amount;
  DBBIT flag;
  DBFLT8 x;
  unsigned char guid[16];
  unsigned char name[160], description[400];
  static BYTE empty[1] = {0};
  if (bcp_init(dbproc, table, NULL, NULL, DB_IN) == FAIL) {
    printf("bcp_init failed\n");
    return;
  }
  bcp_bind(dbproc, (BYTE *)&k, 0, -1, NULL, 0, SYBINT4, 1);
  bcp_bind(dbproc, (BYTE *)&i, 0, -1, NULL, 0, SYBINT4, 2);
  bcp_bind(dbproc, (BYTE *)&b, 0, -1, NULL, 0, SYBINT8, 3);
  bcp_bind(dbproc, empty, 0, 0, NULL, 0, SYBCHAR, 4);
  bcp_bind(dbproc, empty, 0, 0, NULL, 0, SYBCHAR, 5);
  bcp_bind(dbproc, (BYTE *)&at, 0, -1, NULL, 0, SYBMSDATETIME2, 6);
  bcp_bind(dbproc, (BYTE *)&amount, 0, -1, NULL, 0, SYBNUMERIC, 7);
  bcp_bind(dbproc, (BYTE *)&flag, 0, -1, NULL, 0, SYBBIT, 8);
  bcp_bind(dbproc, (BYTE *)&x, 0, -1, NULL, 0, SYBFLT8, 9);
  bcp_bind(dbproc, guid, 0, -1, NULL, 0, SYBUNIQUE, 10);
  for (long r = 1; r <= n; ++r) {
    char text[200];
    k = (DBINT)r, i = (DBINT)(r % 1000), b = (DBBIGINT)r * 1000003, flag = r % 2, x = r / 3.0;
    snprintf(text, sizeof text, "name %ld", r);
    bcp_colptr(dbproc, name, 4);
    bcp_collen(dbproc, utf16le(text, name), 4);
    snprintf(text, sizeof text, "description of row %ld with some more text", r);
    bcp_colptr(dbproc, description, 5);
    bcp_collen(dbproc, utf16le(text, description), 5);
    memset(&at, 0, sizeof at);
    at.date = 45290 + (DBINT)(r / 86400); /* days since 1900-01-01: 2024-01-01 */
    at.time = (DBUBIGINT)(r % 86400) * 10000000;
    at.time_prec = 7, at.has_date = 1, at.has_time = 1;
    memset(&amount, 0, sizeof amount);
    amount.precision = 12, amount.scale = 4;
    unsigned long long units = (unsigned long long)(r % 100000) * 10000 / 7;
    for (int byte = 5; byte >= 1; --byte, units >>= 8)
      amount.array[byte] = units & 0xFF;
    for (int g = 0; g < 16; ++g)
      guid[g] = (unsigned char)(r >> (g % 4 * 8));
    if (bcp_sendrow(dbproc) == FAIL) {
      printf("bcp_sendrow failed at row %ld\n", r);
      break;
    }
  }
  printf("done %d\n", (int)bcp_done(dbproc));
}

static void run_sql(DBPROCESS *dbproc, const char *sql) {
  if (dbcmd(dbproc, sql) == FAIL || dbsqlexec(dbproc) == FAIL) {
    while (dbresults(dbproc) != NO_MORE_RESULTS)
      ;
    return;
  }
  RETCODE rc;
  while ((rc = dbresults(dbproc)) != NO_MORE_RESULTS && rc != FAIL) {
    int columns = dbnumcols(dbproc);
    while (dbnextrow(dbproc) != NO_MORE_ROWS) {
      for (int c = 1; c <= columns; ++c) {
        BYTE *data = dbdata(dbproc, c);
        DBINT length = dbdatlen(dbproc, c);
        char text[8192] = "NULL";
        if (data != NULL) {
          int type = dbcoltype(dbproc, c);
          if (type == SYBCHAR || type == SYBVARCHAR || type == SYBTEXT) {
            snprintf(text, sizeof text, "%.*s", (int)length, (const char *)data);
          } else {
            DBINT n = dbconvert(dbproc, type, data, length, SYBCHAR, (BYTE *)text, sizeof text - 1);
            text[n < 0 ? 0 : n] = 0;
          }
        }
        printf("%s%s", c > 1 ? "\t" : "", text);
      }
      printf("\n");
    }
  }
}

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: bcp_client HOST PORT USER DATABASE < script\n");
    return 2;
  }
  dbinit();
  dbmsghandle(message_handler);
  dberrhandle(error_handler);
  LOGINREC *login = dblogin();
  DBSETLUSER(login, argv[3]);
  DBSETLPWD(login, getenv("MSSQL_PASSWORD") ? getenv("MSSQL_PASSWORD") : "");
  DBSETLAPP(login, "bcp_client");
  DBSETLVERSION(login, DBVERSION_74);
  DBSETLCHARSET(login, "UTF-8");
  BCP_SETL(login, TRUE);
  char server[256];
  snprintf(server, sizeof server, "%s:%s", argv[1], argv[2]);
  DBPROCESS *dbproc = dbopen(login, server);
  if (dbproc == NULL || dbuse(dbproc, argv[4]) == FAIL) {
    printf("cannot connect\n");
    return 1;
  }
  static char line[1 << 20];
  static unsigned char wide[MAX_COLUMNS][8192];
  static BYTE empty[1] = {0};
  while (fgets(line, sizeof line, stdin)) {
    line[strcspn(line, "\n")] = 0;
    char *rest = strchr(line, '\t');
    if (rest)
      *rest++ = 0;
    if (strcmp(line, "sql") == 0) {
      run_sql(dbproc, rest ? rest : "");
    } else if (strcmp(line, "init") == 0) {
      char *table = strtok(rest, "\t");
      int columns = atoi(strtok(NULL, "\t"));
      if (bcp_init(dbproc, table, NULL, NULL, DB_IN) == FAIL) {
        printf("bcp_init failed\n");
        continue;
      }
      for (int c = 1; c <= columns; ++c)
        if (bcp_bind(dbproc, empty, 0, 0, NULL, 0, SYBCHAR, c) == FAIL)
          printf("bcp_bind %d failed\n", c);
    } else if (strcmp(line, "row") == 0) {
      int c = 1;
      for (char *value = rest; value != NULL; ++c) {
        char *next = strchr(value, '\t');
        if (next)
          *next++ = 0;
        if (strcmp(value, "\\N") == 0) {
          bcp_collen(dbproc, 0, c);
        } else if (strncmp(value, "u:", 2) == 0) {
          int n = utf16le(value + 2, wide[c - 1]);
          bcp_colptr(dbproc, n ? wide[c - 1] : empty, c);
          bcp_collen(dbproc, n ? n : -1, c);
        } else {
          bcp_colptr(dbproc, (BYTE *)value, c);
          bcp_collen(dbproc, (DBINT)strlen(value), c);
        }
        value = next;
      }
      if (bcp_sendrow(dbproc) == FAIL)
        printf("bcp_sendrow failed\n");
    } else if (strcmp(line, "batch") == 0) {
      printf("batch %d\n", (int)bcp_batch(dbproc));
    } else if (strcmp(line, "gen") == 0) {
      char *table = strtok(rest, "\t");
      generate_rows(dbproc, table, atol(strtok(NULL, "\t")));
    } else if (strcmp(line, "done") == 0) {
      printf("done %d\n", (int)bcp_done(dbproc));
    }
    fflush(stdout);
  }
  dbclose(dbproc);
  dbexit();
  return 0;
}
