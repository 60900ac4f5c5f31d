#include "pull/identity_sequences.hpp"

#include "common/error.hpp"
#include "pg/pg_guard.hpp"
#include "sqlgen/pg_identity_sql.hpp"

#include <algorithm>
#include <charconv>
#include <optional>

namespace mssql_upsert::pull {

namespace {

std::optional<int64_t> parse_int64(const std::optional<std::string> &text) {
  if (!text)
    return std::nullopt;
  int64_t value = 0;
  const auto [end, status] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (status != std::errc() || end != text->data() + text->size())
    throw Error("unexpected sequence value \"" + *text + "\"", sqlstate::kInternalError);
  return value;
}

} // namespace

void advance_identity_sequences(pg::SpiSession &spi, const pg::LocalTable &table,
                                const std::vector<std::string> &filled_columns) {
  const auto sequences =
      spi.query_text(sqlgen::build_pg_identity_sequences_sql(), {std::to_string(table.relid)});
  for (const auto &row : sequences) {
    const std::string column = row.at(0).value_or("");
    if (std::find(filled_columns.begin(), filled_columns.end(), column) == filled_columns.end())
      continue;
    const std::string sequence = row.at(1).value_or("");
    if (row.at(5) != std::optional<std::string>("t")) {
      const std::string message = "sequence " + sequence + " of column \"" + column + "\" of " +
                                  table.info.display_name +
                                  " was not moved past the pulled values: permission denied";
      pg::pg_call([&] {
        ereport(WARNING, (errmsg("%s", message.c_str()),
                          errhint("The next INSERT that takes its value from the sequence may "
                                  "collide with a pulled row; the table's owner can run "
                                  "setval, or GRANT SELECT, UPDATE on the sequence.")));
      });
      continue;
    }
    const int64_t increment = parse_int64(row.at(2)).value_or(1);
    const std::optional<int64_t> extreme = parse_int64(spi.query_text(
        sqlgen::build_pg_column_extreme_sql(table.schema, table.name, column, increment > 0))
                                                           .at(0)
                                                           .at(0));
    const std::optional<int64_t> restart = sqlgen::identity_restart_value(
        increment, parse_int64(row.at(3)).value_or(1), parse_int64(row.at(4)), extreme);
    if (restart)
      spi.query_text("SELECT pg_catalog.setval($1::pg_catalog.regclass, $2::pg_catalog.int8, true)",
                     {sequence, std::to_string(*restart)});
  }
}

} // namespace mssql_upsert::pull
