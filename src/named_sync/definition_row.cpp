#include "named_sync/definition_row.hpp"

#include "pg/pg_guard.hpp"

extern "C" {
#include "catalog/pg_type.h"
#include "datatype/timestamp.h"
#include "executor/executor.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"
}

namespace mssql_upsert::named_sync {

namespace {

struct RowReader {
  HeapTupleHeader row;

  Datum get(const char *field, bool &is_null) const {
    return pg::pg_call([&] { return GetAttributeByName(row, field, &is_null); });
  }
  std::optional<std::string> optional_text(const char *field) const {
    bool is_null = true;
    Datum value = get(field, is_null);
    if (is_null)
      return std::nullopt;
    return std::string(pg::pg_call([&] { return TextDatumGetCString(value); }));
  }
  std::string required_text(const char *field) const {
    std::optional<std::string> value = optional_text(field);
    if (!value)
      throw Error(std::string("sync definition field \"") + field + "\" must not be NULL",
                  sqlstate::kNotNullViolation);
    return *value;
  }
  std::optional<std::vector<std::string>> text_array(const char *field) const {
    bool is_null = true;
    Datum value = get(field, is_null);
    if (is_null)
      return std::nullopt;
    Datum *elements = nullptr;
    bool *nulls = nullptr;
    int count = 0;
    pg::pg_call([&] {
      deconstruct_array(DatumGetArrayTypeP(value), TEXTOID, -1, false, TYPALIGN_INT, &elements,
                        &nulls, &count);
    });
    std::vector<std::string> out;
    for (int i = 0; i < count; ++i) {
      if (nulls[i])
        throw Error(std::string("argument \"") + field + "\" must not contain NULL",
                    sqlstate::kInvalidParameterValue);
      out.emplace_back(pg::pg_call([&] { return TextDatumGetCString(elements[i]); }));
    }
    return out;
  }
};

} // namespace

SyncDefinition read_definition_row(HeapTupleHeader row) {
  if (row == nullptr)
    throw Error("sync definition must not be NULL", sqlstate::kInvalidParameterValue);
  RowReader reader{row};
  SyncDefinition d;
  d.name = reader.required_text("name");
  d.direction = parse_direction(reader.required_text("direction"));
  d.server = reader.required_text("server");
  d.remote_table = reader.required_text("remote_table");
  d.local_table = reader.required_text("local_table");
  d.key_columns = reader.text_array("key_columns");
  d.columns = reader.text_array("columns");
  d.remote_filter = reader.optional_text("remote_filter");
  d.local_filter = reader.optional_text("local_filter");
  d.incremental = parse_incremental(reader.required_text("incremental"));
  d.watermark_column = reader.optional_text("watermark_column");
  d.deletes = parse_deletes(reader.required_text("deletes"));
  d.watermark = reader.optional_text("watermark");
  bool is_null = true;
  Datum chunk_rows = reader.get("chunk_rows", is_null);
  d.chunk_rows = is_null ? 10000 : DatumGetInt32(chunk_rows);
  Datum fraction = reader.get("max_delete_fraction", is_null);
  d.max_delete_fraction = is_null ? 0.5 : DatumGetFloat8(fraction);
  Datum lag = reader.get("watermark_lag", is_null);
  if (!is_null) {
    const Interval *interval = DatumGetIntervalP(lag);
    d.watermark_lag_us =
        interval->time +
        (interval->day + int64_t{interval->month} * DAYS_PER_MONTH) * USECS_PER_DAY;
  }
  return d;
}

} // namespace mssql_upsert::named_sync
