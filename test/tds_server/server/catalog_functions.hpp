// What the T-SQL rewriter turns catalog functions and type casts into:
// OBJECT_ID('[s].[t]'[, 'U']), TYPE_NAME, SCHEMA_NAME, OBJECT_NAME, ...,
// INFORMATION_SCHEMA.x, the types of CAST(x AS <SQL Server type>) and CONVERT(<type>, x).
// Pure text functions; the backend functions live in schema tds_catalog
// (catalog_helpers.cpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace tds_server {

// A T-SQL object name split into its parts ("[Sales Dept].[Order]]s]" ->
// schema "Sales Dept", name "Order]s"); parts not given are empty.
struct ObjectNameParts {
  std::string database, schema, name;
};
// nullopt when the text is not a name (unclosed bracket, more than four parts, empty name).
std::optional<ObjectNameParts> parse_object_name(const std::string &text);

// Backend SQL for OBJECT_ID(name[, type]) with a literal name: an int expression,
// NULL when no such object exists (or the name is malformed), as on SQL Server.
std::string object_id_sql(const std::string &name, const std::optional<std::string> &type);

// The backend call a T-SQL catalog function maps to, "{}" standing for the
// arguments ("TYPE_NAME" -> "CAST(tds_catalog.type_name({}) AS varchar(128))");
// nullopt for other names. name is upper case.
std::optional<std::string> catalog_function_sql(const std::string &name);

// The backend schema of a schema name used in T-SQL: INFORMATION_SCHEMA (any case)
// -> tds_information_schema, so it never reaches PostgreSQL's own; nullopt otherwise.
std::optional<std::string> catalog_schema_sql(const std::string &name);

// The backend type a CAST/CONVERT to a SQL Server type becomes: "int" -> "integer",
// "nvarchar(50)" -> "varchar(50)", "bit" -> "boolean" (so the result is typed bit).
// Throws SqlServerError 243 for types the server does not know.
std::string cast_target_sql(const std::string &declaration);

} // namespace tds_server
