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
// `Sales.dbo.Orders` (a database part is accepted only when it equals
// current_database, compared case-insensitively; empty current_database refuses
// any). Case is kept. A bare name means default_schema.
QualifiedName parse_tsql_qualified_name(std::string_view text, std::string_view default_schema,
                                        std::string_view current_database = {});
// PostgreSQL: `orders`, `public.orders`, `"Public"."x.y"`; unquoted parts fold to
// lower case. A bare name means default_schema.
QualifiedName parse_pg_qualified_name(std::string_view text, std::string_view default_schema);

} // namespace mssql_upsert::sqlgen
