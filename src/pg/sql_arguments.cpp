#include "pg/sql_arguments.hpp"

#include "pg/pg_guard.hpp"

extern "C" {
#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/builtins.h"
}

namespace mssql_upsert::pg {

std::optional<std::string> optional_text_argument(FunctionCallInfo fcinfo, int index) {
  if (PG_ARGISNULL(index))
    return std::nullopt;
  return std::string(pg_call([&] { return text_to_cstring(PG_GETARG_TEXT_PP(index)); }));
}

std::string required_text_argument(FunctionCallInfo fcinfo, int index, const char *name) {
  std::optional<std::string> value = optional_text_argument(fcinfo, index);
  if (!value || value->empty())
    throw Error(std::string("argument \"") + name + "\" must not be " + (value ? "empty" : "NULL"),
                sqlstate::kInvalidParameterValue);
  return *value;
}

Oid required_oid_argument(FunctionCallInfo fcinfo, int index, const char *name) {
  if (PG_ARGISNULL(index))
    throw Error(std::string("argument \"") + name + "\" must not be NULL",
                sqlstate::kInvalidParameterValue);
  return PG_GETARG_OID(index);
}

std::optional<std::vector<std::string>> optional_text_array_argument(FunctionCallInfo fcinfo,
                                                                     int index, const char *name) {
  if (PG_ARGISNULL(index))
    return std::nullopt;
  Datum *elements = nullptr;
  bool *nulls = nullptr;
  int count = 0;
  pg_call([&] {
    ArrayType *array = PG_GETARG_ARRAYTYPE_P(index);
    if (ARR_NDIM(array) > 1)
      ereport(ERROR, (errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
                      errmsg("argument \"%s\" must be a one-dimensional array", name)));
    deconstruct_array(array, TEXTOID, -1, false, TYPALIGN_INT, &elements, &nulls, &count);
  });
  std::vector<std::string> values;
  for (int i = 0; i < count; ++i) {
    if (nulls[i])
      throw Error(std::string("argument \"") + name + "\" must not contain NULL",
                  sqlstate::kInvalidParameterValue);
    values.emplace_back(pg_call([&] { return TextDatumGetCString(elements[i]); }));
  }
  return values;
}

std::optional<int32> optional_int_argument(FunctionCallInfo fcinfo, int index, const char *name,
                                           int32 min, int32 max) {
  if (PG_ARGISNULL(index))
    return std::nullopt;
  int32 value = PG_GETARG_INT32(index);
  if (value < min || value > max)
    throw Error(std::string("argument \"") + name + "\" must be between " + std::to_string(min) +
                    " and " + std::to_string(max) + ", not " + std::to_string(value),
                sqlstate::kInvalidParameterValue);
  return value;
}

namespace {

void refuse_null(FunctionCallInfo fcinfo, int index, const char *name,
                 const std::string &sql_default) {
  if (PG_ARGISNULL(index))
    throw Error(std::string("argument \"") + name + "\" must not be NULL",
                sqlstate::kInvalidParameterValue, "",
                "Leave it out for its default (" + sql_default + ").");
}

} // namespace

int32 int_argument(FunctionCallInfo fcinfo, int index, const char *name, int32 sql_default,
                   int32 min, int32 max) {
  refuse_null(fcinfo, index, name, std::to_string(sql_default));
  return *optional_int_argument(fcinfo, index, name, min, max);
}

bool bool_argument(FunctionCallInfo fcinfo, int index, const char *name, bool sql_default) {
  refuse_null(fcinfo, index, name, sql_default ? "true" : "false");
  return PG_GETARG_BOOL(index);
}

std::string text_argument(FunctionCallInfo fcinfo, int index, const char *name,
                          const char *sql_default) {
  refuse_null(fcinfo, index, name, sql_default);
  return *optional_text_argument(fcinfo, index);
}

} // namespace mssql_upsert::pg
