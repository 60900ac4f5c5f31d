// A named sync's definition as stored in mssql_upsert_sync_definitions, and the
// rules about its options that need no catalog (pure C++).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mssql_upsert::named_sync {

enum class Direction { Pull, Push };
enum class Incremental { None, Column, RowVersion };
enum class Deletes { None, Compare };

struct SyncDefinition {
  std::string name;
  Direction direction = Direction::Pull;
  std::string server;
  std::string remote_table;
  std::string local_table; // schema-qualified and quoted, as regclass::text gives it
  std::optional<std::vector<std::string>> key_columns;
  std::optional<std::vector<std::string>> columns;
  std::optional<std::string> remote_filter;
  std::optional<std::string> local_filter; // the local equivalent of remote_filter, for deletes
  int chunk_rows = 10000;
  Incremental incremental = Incremental::None;
  std::optional<std::string> watermark_column;
  int64_t watermark_lag_us = 0;
  Deletes deletes = Deletes::None;
  double max_delete_fraction = 0.5;
  std::optional<std::string> watermark; // NULL: the next run is a full one
};

// Errors (22023) list the accepted values.
Direction parse_direction(std::string_view text);
Incremental parse_incremental(std::string_view text);
Deletes parse_deletes(std::string_view text);
const char *incremental_name(Incremental mode);

// Throws Error for option combinations no catalog can make valid: a watermark
// column without an incremental mode or the reverse, rowversion or compare on
// a push, compare with a remote_filter but no local_filter, a fraction outside
// [0, 1], a negative lag.
void check_definition_shape(const SyncDefinition &definition);

} // namespace mssql_upsert::named_sync
