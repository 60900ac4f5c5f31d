#include "server/sql_server_errors.hpp"

#include <regex>

namespace tds_server {

namespace {

// "Key (id, code)=(1, x) already exists." -> "(1, x)"
std::string duplicate_key_value(const std::string &detail) {
  std::smatch m;
  static const std::regex key(R"(^Key \(.*\)=(\(.*\)) already exists\.?$)");
  return std::regex_search(detail, m, key) ? m[1].str() : "(?)";
}

// PostgreSQL's type names in conversion errors, as SQL Server names them.
std::string sql_server_type_name(const std::string &pg_type) {
  static const std::pair<const char *, const char *> names[] = {
      {"integer", "int"},    {"smallint", "smallint"},
      {"bigint", "bigint"},  {"numeric", "numeric"},
      {"real", "real"},      {"double precision", "float"},
      {"boolean", "bit"},    {"uuid", "uniqueidentifier"},
      {"bytea", "varbinary"}};
  for (const auto &[pg, tsql] : names)
    if (pg_type == pg)
      return tsql;
  return pg_type;
}

std::string qualified(const BackendDiagnostics &d) {
  return d.schema.empty() ? d.table : d.schema + "." + d.table;
}

} // namespace

SqlServerError map_backend_error(const BackendDiagnostics &d,
                                 const StatementErrorContext &context) {
  const std::string &state = d.sqlstate;
  std::smatch m;
  if (state == "42P01" && std::regex_search(d.message, m, std::regex("relation \"([^\"]+)\"")))
    return SqlServerError(208, 16, "Invalid object name '" + m[1].str() + "'.");
  if (state == "42703" && std::regex_search(d.message, m, std::regex("column \"?([^\" ]+)\"? ")))
    return SqlServerError(207, 16, "Invalid column name '" + m[1].str() + "'.");
  if (state == "23505") {
    bool primary = d.constraint_type == "p" ||
                   (d.constraint_type.empty() && d.constraint.size() > 5 &&
                    d.constraint.compare(d.constraint.size() - 5, 5, "_pkey") == 0);
    return SqlServerError(
        2627, 14,
        std::string("Violation of ") + (primary ? "PRIMARY KEY" : "UNIQUE KEY") + " constraint '" +
            d.constraint + "'. Cannot insert duplicate key in object '" + qualified(d) +
            "'. The duplicate key value is " + duplicate_key_value(d.detail) + ".");
  }
  if (state == "23502")
    return SqlServerError(515, 16,
                          "Cannot insert the value NULL into column '" + d.column + "', table '" +
                              context.database + "." + qualified(d) +
                              "'; column does not allow nulls. " +
                              (context.verb == "UPDATE" ? "UPDATE" : "INSERT") + " fails.");
  if (state == "22001")
    return SqlServerError(8152, 16, "String or binary data would be truncated.");
  if (state == "22P02" &&
      std::regex_search(d.message, m,
                        std::regex("invalid input syntax for type ([a-z ]+): \"(.*)\""))) {
    std::string type = sql_server_type_name(m[1].str());
    if (type == "numeric" || type == "real" || type == "float")
      return SqlServerError(8114, 16, "Error converting data type nvarchar to " + type + ".");
    if (type == "uniqueidentifier")
      return SqlServerError(
          8169, 16,
          "Conversion failed when converting from a character string to uniqueidentifier.");
    return SqlServerError(245, 16,
                          "Conversion failed when converting the nvarchar value '" + m[2].str() +
                              "' to data type " + type + ".");
  }
  if (state == "22007" || state == "22008")
    return SqlServerError(
        241, 16, "Conversion failed when converting date and/or time from character string.");
  if (state == "22003") {
    std::string type = std::regex_search(d.message, m, std::regex("(integer|smallint|bigint)"))
                           ? sql_server_type_name(m[1].str())
                           : "numeric";
    return SqlServerError(
        8115, 16, "Arithmetic overflow error converting expression to data type " + type + ".");
  }
  if (state == "428C9") {
    if (d.message.find("can only be updated to DEFAULT") != std::string::npos &&
        std::regex_search(d.message, m, std::regex("column \"([^\"]+)\"")))
      return SqlServerError(8102, 16, "Cannot update identity column '" + m[1].str() + "'.");
    return SqlServerError(544, 16,
                          "Cannot insert explicit value for identity column in table '" +
                              (context.object.empty() ? d.table : context.object) +
                              "' when IDENTITY_INSERT is set to OFF.");
  }
  if (state == "TS273") // tds_support.rowversion_stamp()
    return SqlServerError(273, 16, "Cannot insert an explicit value into a timestamp column. Use INSERT with a column "
                                   "list to exclude the timestamp column, or insert a DEFAULT into the timestamp column.");
  if (state == "TS272")
    return SqlServerError(272, 16, "Cannot update a timestamp column.");
  if (state == "TS672") // tds_support.merge_multiple_match()
    return merge_multiple_match_error();
  if (state == "40P01" || state == "40001")
    return deadlock_victim_error(0);
  if (state == "42P07")
    return SqlServerError(2714, 16,
                          "There is already an object named in the database. (" + d.message + ")");
  if (state == "23503") {
    // Key (parentid)=(9) is not present in table "parent". | Key (id)=(1) is still referenced from table "child".
    const bool referenced = d.detail.find("still referenced") != std::string::npos;
    std::string column = "?", table = "?";
    if (std::regex_search(d.detail, m, std::regex(R"re(^Key \(([^)]*)\)=.* table "([^"]+)")re")))
      column = m[1].str(), table = m[2].str();
    const std::string verb = context.verb.empty() ? "INSERT" : context.verb;
    return SqlServerError(547, 16,
                          "The " + verb + " statement conflicted with the " + (referenced ? "REFERENCE" : "FOREIGN KEY") +
                              " constraint \"" + d.constraint + "\". The conflict occurred in database \"" +
                              context.database + "\", table \"" + (d.schema.empty() ? "dbo" : d.schema) + "." + table +
                              "\", column '" + column + "'.");
  }
  if (state == "2BP01" && std::regex_search(d.message, m, std::regex("cannot drop schema ([^ ]+)")))
    return SqlServerError(3729, 16, "Cannot drop schema '" + (context.object.empty() ? m[1].str() : context.object) +
                                        "' because it is being referenced by an object in it.");
  if (state == "2BP01")
    return SqlServerError(3726, 16, "Could not drop object '" + context.object +
                                        "' because it is referenced by a FOREIGN KEY constraint.");
  if (state == "3F000" && context.verb == "DROP")
    return SqlServerError(3701, 11, "Cannot drop the schema '" + context.object +
                                        "', because it does not exist or you do not have permission.");
  if (state == "3F000" && std::regex_search(d.message, m, std::regex("schema \"([^\"]+)\"")))
    return SqlServerError(2760, 16, "The specified schema name \"" + m[1].str() +
                                        "\" either does not exist or you do not have permission to use it.");
  if (state == "42P06")
    return SqlServerError(2714, 16, "There is already an object named '" + context.object + "' in the database.");
  if (state == "42601")
    return SqlServerError(102, 15, "Incorrect syntax. (" + d.message + ")");
  if (state == "57014")
    return SqlServerError(3617, 11, "The query was cancelled.");
  return SqlServerError(50000, 16, d.message + " (backend SQLSTATE " + state + ")");
}

SqlServerError deadlock_victim_error(int spid) {
  return SqlServerError(1205, 13,
                        "Transaction (Process ID " + std::to_string(spid) +
                            ") was deadlocked on lock resources with another process and has been "
                            "chosen as the deadlock victim. Rerun the transaction.");
}

SqlServerError merge_multiple_match_error() {
  return SqlServerError(
      8672, 16,
      "The MERGE statement attempted to UPDATE or DELETE the same row more than once. This happens "
      "when a target row matches more than one source row. A MERGE statement cannot UPDATE/DELETE "
      "the "
      "same row of the target table multiple times. Refine the ON clause to ensure a target row "
      "matches "
      "at most one source row, or use the GROUP BY clause to group the source rows.");
}

} // namespace tds_server
