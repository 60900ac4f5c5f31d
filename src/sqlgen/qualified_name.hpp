// Parsing schema-qualified table names as users write them, in either dialect.
#pragma once

#include <string>
#include <string_view>

namespace mssql_upsert::sqlgen {

struct QualifiedName {
  std::string schema;
  std::string name;
  bool operator==(const QualifiedName &o) const { return schema == o.schema && name == o.name; }
};

// T-SQL: `Orders`, `dbo.Orders`, `[dbo].[Order Details]`, `[a]]b].c`, `"x"."y"`,
// `Sales.dbo.Orders`. A database part is accepted only when it equals
// current_database (compared case-insensitively in ASCII); with an empty
// current_database any database part is refused: the server's `database`
// option, not the table name, chooses the database, so a three-part name can
// never silently address another database. Case is kept. A bare name means
// default_schema. Unquoted parts must be regular identifiers (letters, digits,
// _ @ # $, not starting with a digit or $). Errors: SQLSTATE 42602 / 42622.
QualifiedName parse_tsql_qualified_name(std::string_view text, std::string_view default_schema,
                                        std::string_view current_database = {});
// PostgreSQL: `orders`, `public.orders`, `"Public"."x.y"`; unquoted parts fold
// ASCII letters to lower case (as PostgreSQL's downcase_identifier does for
// UTF-8 databases). A bare name means default_schema.
QualifiedName parse_pg_qualified_name(std::string_view text, std::string_view default_schema);

} // namespace mssql_upsert::sqlgen
