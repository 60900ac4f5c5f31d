#include "server/computed_column.hpp"

namespace tds_server {

std::string computed_column_sql(const std::string &table, const std::vector<Token> &element,
                                const RewriteContext &context) {
  std::size_t end = element.size();
  if (end > 3 && is_word(element[end - 1], "PERSISTED"))
    --end;
  if (end <= 2)
    syntax_error("AS");
  const std::string expression = "(" + rewrite_tokens(element, 2, end, context) + ")";
  const std::string column = pg_ident(element[0].text);
  // A view over the expression tells its type; the comment records the column's
  // declared name and SQL Server type for the catalog and COLMETADATA.
  const std::string name = pg_string(pg_ident(element[0].text).substr(1, pg_ident(element[0].text).size() - 2));
  return "DO $tds$ DECLARE column_type text; sql_type text; BEGIN "
         "CREATE TEMP VIEW tds_computed_probe AS SELECT " + expression + " AS v FROM " + table + "; "
         "SELECT format_type(atttypid, atttypmod) INTO column_type FROM pg_attribute "
         "WHERE attrelid = 'tds_computed_probe'::regclass AND attnum = 1; "
         "DROP VIEW tds_computed_probe; "
         "EXECUTE " + pg_string("ALTER TABLE " + table + " ADD COLUMN " + column + " ") + " || column_type || " +
         pg_string(" GENERATED ALWAYS AS " + expression + " STORED") + "; "
         "SELECT tds_catalog.sql_type_of(atttypid, atttypmod) INTO sql_type FROM pg_attribute "
         "WHERE attrelid = " + pg_string(table) + "::regclass AND attname = " + name + "; "
         "EXECUTE " + pg_string("COMMENT ON COLUMN " + table + "." + column + " IS ") + " || quote_literal('tds:' || "
         "sql_type || " + pg_string("|" + element[0].text) + "); END $tds$";
}

} // namespace tds_server
