#include "sqlgen/staging_name.hpp"

#include "common/error.hpp"
#include "sqlgen/identifier_quoting.hpp"
#include "sqlgen/sha256.hpp"

namespace mssql_upsert::sqlgen {

namespace {

std::string suffix(int writer_id, std::optional<int> partition_id) {
  if (writer_id < 0)
    throw Error("writer_id must not be negative, not " + std::to_string(writer_id),
                sqlstate::kInvalidParameterValue);
  if (partition_id && *partition_id < 0)
    throw Error("partition_id must not be negative, not " + std::to_string(*partition_id),
                sqlstate::kInvalidParameterValue);
  return (partition_id ? "_p" + std::to_string(*partition_id) : "") + "_w" +
         std::to_string(writer_id);
}

// Length-prefixed parts, so ("a_b", "c") and ("a", "b_c") hash differently.
std::string identity_hash(std::string_view kind, std::string_view schema, std::string_view table) {
  std::string encoded;
  for (std::string_view part : {kind, schema, table})
    encoded += std::to_string(part.size()) + ":" + std::string(part) + ";";
  return sha256_hex(encoded).substr(0, 16);
}

bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }

bool ends_like_partition_suffix(std::string_view table) {
  std::size_t digits = 0;
  while (digits < table.size() && is_ascii_digit(table[table.size() - 1 - digits]))
    ++digits;
  return digits > 0 && table.size() >= digits + 2 &&
         table.substr(table.size() - digits - 2, 2) == "_p";
}

bool looks_like_hash(std::string_view part) {
  return part.size() == 16 && part.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

} // namespace

std::string pg_staging_table_name(std::string_view schema, std::string_view table, int writer_id,
                                  std::optional<int> partition_id) {
  check_pg_identifier(schema, "schema name");
  check_pg_identifier(table, "table name");
  std::string tail = suffix(writer_id, partition_id);
  std::string readable = "_stg_" + std::string(schema) + "_" + std::string(table) + tail;
  // Whole names only: a readable name is never cut, so no multi-byte character is either.
  if (readable.size() <= kPgMaxIdentifierBytes && schema.find('_') == std::string_view::npos &&
      !ends_like_partition_suffix(table) && !looks_like_hash(schema))
    return readable;
  return "_stg_" + identity_hash("pg", schema, table) + tail;
}

std::string tsql_staging_table_name(std::string_view schema, std::string_view table, int writer_id,
                                    std::optional<int> partition_id) {
  check_tsql_identifier(schema, "remote schema name");
  check_tsql_identifier(table, "remote table name");
  std::string tail = suffix(writer_id, partition_id);
  std::string readable = "#stg_" + std::string(table) + tail;
  if (utf16_length(readable) <= kTsqlMaxTempTableChars && schema == "dbo" &&
      !ends_like_partition_suffix(table) && !looks_like_hash(table))
    return readable;
  return "#stg_" + identity_hash("tsql", schema, table) + tail;
}

} // namespace mssql_upsert::sqlgen
