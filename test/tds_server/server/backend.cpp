#include "server/backend.hpp"

#include "server/rowversion.hpp"

#include "server/sql_server_errors.hpp"

#include <cstring>
#include <memory>

namespace tds_server {

namespace {

struct ResultDeleter {
  void operator()(PGresult *r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

// A PostgreSQL type of an expression column, as SQL Server would type it.
tds::ColumnType type_for_pg(Oid type, int typmod) {
  tds::ColumnType t;
  switch (type) {
  case 16:
    t.type = tds::SqlType::Bit;
    break;
  case 21:
    t.type = tds::SqlType::SmallInt;
    break;
  case 23:
    t.type = tds::SqlType::Int;
    break;
  case 20:
    t.type = tds::SqlType::BigInt;
    break;
  case 700:
    t.type = tds::SqlType::Real;
    break;
  case 701:
    t.type = tds::SqlType::Float;
    break;
  case 1700:
    t.type = tds::SqlType::Decimal;
    t.precision = typmod > 0 ? static_cast<uint8_t>(((typmod - 4) >> 16) & 0xFFFF) : 38;
    t.scale = typmod > 0 ? static_cast<uint8_t>((typmod - 4) & 0xFFFF) : 10;
    break;
  case 1043:
  case 25:
    t.type = tds::SqlType::NVarChar;
    t.length = type == 1043 && typmod > 4 && typmod - 4 <= 4000 ? typmod - 4 : tds::ColumnType::kMax;
    break;
  case 1042:
    t.type = tds::SqlType::NChar;
    t.length = typmod > 4 ? typmod - 4 : 1;
    break;
  case 17:
    t.type = tds::SqlType::VarBinary;
    t.length = tds::ColumnType::kMax;
    break;
  case 1082:
    t.type = tds::SqlType::Date;
    break;
  case 1083:
    t.type = tds::SqlType::Time;
    t.scale = 6;
    break;
  case 1114:
    t.type = tds::SqlType::DateTime2;
    t.scale = 6;
    break;
  case 1184:
    t.type = tds::SqlType::DateTimeOffset;
    t.scale = 6;
    break;
  case 2950:
    t.type = tds::SqlType::UniqueIdentifier;
    break;
  default:
    throw SqlServerError(8114, 16, "The TDS test server cannot return values of PostgreSQL type " +
                                       std::to_string(type) + ".");
  }
  return t;
}

int64_t be_int32(const char *p) {
  return static_cast<int32_t>(static_cast<uint32_t>(static_cast<uint8_t>(p[0])) << 24 |
                              static_cast<uint32_t>(static_cast<uint8_t>(p[1])) << 16 |
                              static_cast<uint32_t>(static_cast<uint8_t>(p[2])) << 8 |
                              static_cast<uint32_t>(static_cast<uint8_t>(p[3])));
}

// SQL Server's error texts name objects as declared ("dbo.Orders", not the
// backend's folded "dbo.orders"): the names kept in the catalog comments.
// Only outside a failed transaction, where the backend still answers queries.
void use_declared_names(PGconn *conn, BackendDiagnostics &d) {
  static const char *sql =
      "SELECT coalesce(substring(obj_description(c.oid, 'pg_class') from '^tds:table\\|(.*)$'), c.relname), "
      "coalesce((SELECT substring(col_description(c.oid, a.attnum) from '^tds:[^|]*\\|(.*)$') FROM pg_attribute a "
      "WHERE a.attrelid = c.oid AND a.attname = $3), $3), "
      "coalesce((SELECT coalesce(substring(obj_description(con.oid, 'pg_constraint') from '^tds:constraint\\|(.*)$'), "
      "con.conname) FROM pg_constraint con WHERE con.conrelid = c.oid AND con.conname = $4), $4), "
      "coalesce((SELECT con.contype::text FROM pg_constraint con WHERE con.conrelid = c.oid AND con.conname = $4), '') "
      "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2";
  const char *values[] = {d.schema.c_str(), d.table.c_str(), d.column.c_str(), d.constraint.c_str()};
  Result r(PQexecParams(conn, sql, 4, nullptr, values, nullptr, nullptr, 0));
  if (PQresultStatus(r.get()) != PGRES_TUPLES_OK || PQntuples(r.get()) != 1)
    return;
  d.table = PQgetvalue(r.get(), 0, 0);
  d.column = PQgetvalue(r.get(), 0, 1);
  d.constraint = PQgetvalue(r.get(), 0, 2);
  d.constraint_type = PQgetvalue(r.get(), 0, 3);
}

} // namespace

Backend::Backend(const std::string &conninfo) {
  conn_ = PQconnectdb(conninfo.c_str());
  if (PQstatus(conn_) != CONNECTION_OK) {
    std::string message = PQerrorMessage(conn_);
    PQfinish(conn_);
    conn_ = nullptr;
    throw SqlServerError(4060, 11, "Cannot open the backend database: " + message);
  }
  Result r(PQexec(conn_, "SET client_encoding = 'UTF8'; SET datestyle = 'ISO, YMD'"));
}

Backend::~Backend() {
  if (conn_ != nullptr)
    PQfinish(conn_);
}

void Backend::raise(PGresult *result) {
  auto field = [&](int code) {
    const char *value = PQresultErrorField(result, code);
    return std::string(value ? value : "");
  };
  BackendDiagnostics diagnostics{field(PG_DIAG_SQLSTATE),    field(PG_DIAG_MESSAGE_PRIMARY),
                                 field(PG_DIAG_MESSAGE_DETAIL), field(PG_DIAG_SCHEMA_NAME),
                                 field(PG_DIAG_TABLE_NAME),  field(PG_DIAG_COLUMN_NAME),
                                 field(PG_DIAG_CONSTRAINT_NAME), ""};
  if (diagnostics.message.empty())
    diagnostics.message = PQerrorMessage(conn_);
  PQclear(result);
  if (!diagnostics.table.empty() && PQtransactionStatus(conn_) == PQTRANS_IDLE)
    use_declared_names(conn_, diagnostics);
  throw map_backend_error(diagnostics, error_context_);
}

bool Backend::in_transaction() const {
  PGTransactionStatusType status = PQtransactionStatus(conn_);
  return status == PQTRANS_INTRANS || status == PQTRANS_INERROR;
}

std::optional<std::string> Backend::query_text(const std::string &sql) {
  PGresult *r = PQexec(conn_, sql.c_str());
  if (PQresultStatus(r) != PGRES_TUPLES_OK)
    raise(r);
  Result owned(r);
  if (PQntuples(r) == 0 || PQnfields(r) == 0 || PQgetisnull(r, 0, 0))
    return std::nullopt;
  return std::string(PQgetvalue(r, 0, 0));
}

void Backend::execute_ignoring_errors(const std::string &sql) {
  Result r(PQexec(conn_, sql.c_str()));
}

int64_t Backend::execute(const std::string &sql) {
  PGresult *r = PQexec(conn_, sql.c_str());
  ExecStatusType status = PQresultStatus(r);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    raise(r);
  const char *count = PQcmdTuples(r);
  int64_t rows = count && *count ? std::stoll(count) : 0;
  PQclear(r);
  return rows;
}

bool Backend::query_bool(const std::string &sql) {
  PGresult *r = PQexec(conn_, sql.c_str());
  if (PQresultStatus(r) != PGRES_TUPLES_OK)
    raise(r);
  bool value = PQntuples(r) > 0 && std::strcmp(PQgetvalue(r, 0, 0), "t") == 0;
  PQclear(r);
  return value;
}

std::optional<std::pair<std::string, tds::ColumnType>> Backend::declared_column(Oid table, int column) {
  auto key = std::make_pair(table, column);
  auto found = declared_.find(key);
  if (found != declared_.end())
    return found->second;
  std::string sql = "SELECT col_description(" + std::to_string(table) + ", " + std::to_string(column) + ")";
  Result r(PQexec(conn_, sql.c_str()));
  std::optional<std::pair<std::string, tds::ColumnType>> declared;
  if (PQresultStatus(r.get()) == PGRES_TUPLES_OK && PQntuples(r.get()) == 1 && !PQgetisnull(r.get(), 0, 0)) {
    std::string comment = PQgetvalue(r.get(), 0, 0);
    auto bar = comment.find('|');
    if (comment.rfind("tds:", 0) == 0 && bar != std::string::npos) {
      const std::string declaration = comment.substr(4, bar - 4);
      if (auto type = tds::parse_sql_type(declaration)) {
        declared = std::make_pair(comment.substr(bar + 1), *type);
      } else if (declaration == rowversion_catalog_type()) { // binary(8) on the wire, user type 80
        declared = std::make_pair(comment.substr(bar + 1), tds::ColumnType{tds::SqlType::Binary, 8, 0, 0});
        rowversion_columns_.insert(key);
      }
    }
  }
  declared_[key] = declared;
  return declared;
}

std::vector<tds::ColumnMeta> Backend::describe(const std::string &sql) {
  Result prepared(PQprepare(conn_, "", sql.c_str(), 0, nullptr));
  if (PQresultStatus(prepared.get()) != PGRES_COMMAND_OK)
    raise(prepared.release());
  Result described(PQdescribePrepared(conn_, ""));
  if (PQresultStatus(described.get()) != PGRES_COMMAND_OK)
    raise(described.release());
  std::vector<tds::ColumnMeta> columns;
  for (int i = 0; i < PQnfields(described.get()); ++i) {
    tds::ColumnMeta meta;
    meta.name = PQfname(described.get(), i);
    bool spelled = meta.name.rfind(kSpelledAlias, 0) == 0;
    if (spelled)
      meta.name = meta.name.substr(std::strlen(kSpelledAlias));
    auto declared = PQftable(described.get(), i) != InvalidOid
                        ? declared_column(PQftable(described.get(), i), PQftablecol(described.get(), i))
                        : std::nullopt;
    if (declared) {
      if (!spelled && meta.name == [&] {
            std::string folded = declared->first;
            for (char &c : folded)
              c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            return folded;
          }())
        meta.name = declared->first;
      meta.type = declared->second;
    } else {
      meta.type = type_for_pg(PQftype(described.get(), i), PQfmod(described.get(), i));
    }
    if (Oid table = PQftable(described.get(), i); table != InvalidOid) {
      ColumnFlags flags = column_flags(table, PQftablecol(described.get(), i));
      meta.nullable = !flags.not_null;
      meta.identity = flags.identity;
      meta.computed = flags.computed;
      meta.rowversion = rowversion_columns_.count({table, PQftablecol(described.get(), i)}) > 0;
    }
    columns.push_back(meta);
  }
  return columns;
}

int64_t Backend::stream(const std::string &sql, const std::vector<tds::ColumnMeta> &columns,
                        const std::function<void(const std::vector<tds::PgValue> &)> &on_row) {
  // Casting every column to the backend type of its declared type makes the
  // binary values exactly what the row encoder expects.
  std::string select = "SELECT ";
  for (std::size_t i = 0; i < columns.size(); ++i)
    select += (i ? ", " : "") + std::string("q.c") + std::to_string(i) +
              // bit results may be boolean expressions (CAST(... AS bit)); boolean has no cast to smallint
              (columns[i].type.type == tds::SqlType::Bit ? "::integer" : "") + "::" + tds::backend_pg_type(columns[i].type);
  std::string aliases;
  for (std::size_t i = 0; i < columns.size(); ++i)
    aliases += (i ? ", " : "") + std::string("c") + std::to_string(i);
  std::string copy = "COPY (" + select + " FROM (" + sql + ") AS q(" + aliases + ")) TO STDOUT (FORMAT binary)";
  PGresult *started = PQexec(conn_, copy.c_str());
  if (PQresultStatus(started) != PGRES_COPY_OUT)
    raise(started);
  PQclear(started);
  int64_t rows = 0;
  std::vector<tds::PgValue> values(columns.size());
  bool header_seen = false;
  char *buffer = nullptr;
  int length;
  while ((length = PQgetCopyData(conn_, &buffer, 0)) > 0) {
    const char *p = buffer;
    const char *end = buffer + length;
    if (!header_seen) {
      p += 11 + 4; // signature and flags
      p += 4 + be_int32(p); // header extension
      header_seen = true;
    }
    if (end - p >= 2) {
      int16_t fields = static_cast<int16_t>((static_cast<uint8_t>(p[0]) << 8) | static_cast<uint8_t>(p[1]));
      p += 2;
      if (fields >= 0) {
        for (int16_t f = 0; f < fields && f < static_cast<int16_t>(values.size()); ++f) {
          int32_t len = static_cast<int32_t>(be_int32(p));
          p += 4;
          values[f] = {reinterpret_cast<const uint8_t *>(p), len};
          if (len > 0)
            p += len;
        }
        try {
          on_row(values);
        } catch (...) {
          // Stop the backend query and drain the COPY so the connection stays usable.
          PQfreemem(buffer);
          cancel();
          while (PQgetCopyData(conn_, &buffer, 0) > 0)
            PQfreemem(buffer);
          while (PGresult *extra = PQgetResult(conn_))
            PQclear(extra);
          throw;
        }
        ++rows;
      }
    }
    PQfreemem(buffer);
  }
  Result finished(PQgetResult(conn_));
  if (PQresultStatus(finished.get()) != PGRES_COMMAND_OK)
    raise(finished.release());
  while (PGresult *extra = PQgetResult(conn_))
    PQclear(extra);
  return rows;
}

void Backend::cancel() {
  if (PGcancel *c = PQgetCancel(conn_)) {
    char error[256];
    PQcancel(c, error, sizeof error);
    PQfreeCancel(c);
  }
}

} // namespace tds_server
