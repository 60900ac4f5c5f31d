#include "sqlgen/pg_identity_sql.hpp"

#include "sqlgen/identifier_quoting.hpp"

namespace mssql_upsert::sqlgen {

std::string build_pg_identity_sequences_sql() {
  // pg_depend ties an identity's sequence ('i') or a serial's ('a') to its
  // column; pg_sequence_last_value needs SELECT or USAGE, setval UPDATE.
  return "SELECT a.attname::text, s.seqrelid::regclass::text, s.seqincrement, s.seqstart, "
         "CASE WHEN pg_catalog.has_sequence_privilege(s.seqrelid, 'SELECT, USAGE') "
         "THEN pg_catalog.pg_sequence_last_value(s.seqrelid) END, "
         "pg_catalog.has_sequence_privilege(s.seqrelid, 'SELECT, USAGE') AND "
         "pg_catalog.has_sequence_privilege(s.seqrelid, 'UPDATE') "
         "FROM pg_catalog.pg_attribute a "
         "JOIN pg_catalog.pg_depend d ON d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass "
         "AND d.refobjid = a.attrelid AND d.refobjsubid = a.attnum AND d.classid = "
         "'pg_catalog.pg_class'::pg_catalog.regclass AND d.deptype IN ('a', 'i') "
         "JOIN pg_catalog.pg_sequence s ON s.seqrelid = d.objid "
         "WHERE a.attrelid = $1::pg_catalog.oid "
         "AND NOT a.attisdropped ORDER BY a.attnum";
}

std::string build_pg_column_extreme_sql(const std::string &schema, const std::string &table,
                                        const std::string &column, bool ascending) {
  return std::string("SELECT ") + (ascending ? "max(" : "min(") + quote_pg_identifier(column) +
         ")::pg_catalog.int8::pg_catalog.text FROM " + quote_pg_identifier(schema) + "." +
         quote_pg_identifier(table);
}

std::optional<int64_t> identity_restart_value(int64_t increment, int64_t start,
                                              std::optional<int64_t> last_value,
                                              std::optional<int64_t> extreme) {
  if (!extreme || increment == 0)
    return std::nullopt;
  // The value the next nextval would return; past int64 means nothing can be passed.
  __int128 next = last_value ? static_cast<__int128>(*last_value) + increment : start;
  const bool behind = increment > 0 ? next <= *extreme : next >= *extreme;
  if (!behind)
    return std::nullopt;
  return extreme;
}

} // namespace mssql_upsert::sqlgen
