#include "push/source_row_reader.hpp"

#include "pg/pg_compat.hpp"
#include "pg/pg_guard.hpp"

extern "C" {
#include "access/htup_details.h"
#include "catalog/pg_type_d.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/lsyscache.h"
#include "utils/timestamp.h"
#include "utils/uuid.h"
}

#include <cstring>

namespace mssql_upsert::push {

using remote::SourceKind;

namespace {

SourceKind kind_for(Oid base_type, bool &via_output) {
  via_output = false;
  switch (base_type) {
  case BOOLOID:
    return SourceKind::Bool;
  case INT2OID:
  case INT4OID:
  case INT8OID:
    return SourceKind::Int;
  case FLOAT4OID:
  case FLOAT8OID:
    return SourceKind::Float;
  case NUMERICOID:
    return SourceKind::Numeric;
  case TEXTOID:
  case VARCHAROID:
  case BPCHAROID:
    return SourceKind::Text;
  case BYTEAOID:
    return SourceKind::Binary;
  case DATEOID:
    return SourceKind::Date;
  case TIMEOID:
    return SourceKind::Time;
  case TIMESTAMPOID:
    return SourceKind::Timestamp;
  case TIMESTAMPTZOID:
    return SourceKind::TimestampTz;
  case UUIDOID:
    return SourceKind::Uuid;
  default:
    via_output = true;
    return SourceKind::Text;
  }
}

// Runs inside pg::pg_call: may ereport, owns no C++ objects.
void read_value(Datum datum, Oid type, bool via_output, Oid output_function,
                remote::SourceValue &value) {
  if (via_output) {
    char *text = OidOutputFunctionCall(output_function, datum);
    value.bytes = std::string_view(text, strlen(text));
    return;
  }
  switch (type) {
  case BOOLOID:
    value.bool_value = DatumGetBool(datum);
    break;
  case INT2OID:
    value.int_value = DatumGetInt16(datum);
    break;
  case INT4OID:
    value.int_value = DatumGetInt32(datum);
    break;
  case INT8OID:
    value.int_value = DatumGetInt64(datum);
    break;
  case FLOAT4OID:
    value.float_value = DatumGetFloat4(datum);
    break;
  case FLOAT8OID:
    value.float_value = DatumGetFloat8(datum);
    break;
  case NUMERICOID: {
    bytea *binary = DatumGetByteaPP(DirectFunctionCall1(numeric_send, datum));
    value.bytes = std::string_view(VARDATA_ANY(binary), VARSIZE_ANY_EXHDR(binary));
    break;
  }
  case TEXTOID:
  case VARCHAROID:
  case BPCHAROID:
  case BYTEAOID: {
    struct varlena *v = PG_DETOAST_DATUM_PACKED(datum);
    value.bytes = std::string_view(VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v));
    break;
  }
  case DATEOID: {
    DateADT date = DatumGetDateADT(datum);
    value.days = DATE_IS_NOBEGIN(date) ? INT32_MIN : DATE_IS_NOEND(date) ? INT32_MAX : date;
    break;
  }
  case TIMEOID:
    value.microseconds = DatumGetTimeADT(datum);
    break;
  case TIMESTAMPOID:
  case TIMESTAMPTZOID: {
    Timestamp ts = DatumGetTimestamp(datum);
    value.microseconds = TIMESTAMP_IS_NOBEGIN(ts) ? INT64_MIN
                         : TIMESTAMP_IS_NOEND(ts) ? INT64_MAX
                                                  : ts;
    break;
  }
  case UUIDOID:
    memcpy(value.uuid.data(), DatumGetUUIDP(datum)->data, 16);
    break;
  default:
    break;
  }
}

} // namespace

SourceRowReader::SourceRowReader(TupleDesc desc) : desc_(desc) {
  if (pg::pg_call([] { return GetDatabaseEncoding(); }) != PG_UTF8)
    throw Error("mssql_upsert_push needs a database with encoding UTF8",
                sqlstate::kFeatureNotSupported, "",
                "Text is sent to SQL Server as UTF-16 or code page 1252, converted from UTF-8.");
  for (int i = 0; i < desc->natts; ++i) {
    Form_pg_attribute attribute = TupleDescAttr(desc, i);
    if (attribute->attisdropped)
      continue;
    Plan plan;
    plan.attnum = attribute->attnum;
    plan.type_oid = pg::pg_call([&] { return getBaseType(attribute->atttypid); });
    sync::PushSourceColumn column;
    column.name = NameStr(attribute->attname);
    column.kind = kind_for(plan.type_oid, plan.via_output);
    column.type_name =
        pg::pg_call([&] { return std::string(format_type_be(attribute->atttypid)); });
    if (plan.via_output)
      pg::pg_call([&] {
        bool is_varlena = false;
        getTypeOutputInfo(plan.type_oid, &plan.output_function, &is_varlena);
      });
    columns_.push_back(std::move(column));
    plans_.push_back(plan);
  }
}

void SourceRowReader::read(HeapTuple tuple, const std::vector<std::size_t> &wanted,
                           std::vector<remote::SourceValue> &values) const {
  pg::pg_call([&] {
    for (std::size_t w = 0; w < wanted.size(); ++w) {
      const Plan &plan = plans_[wanted[w]];
      remote::SourceValue &value = values[w];
      value.kind = columns_[wanted[w]].kind;
      Datum datum = heap_getattr(tuple, plan.attnum, desc_, &value.is_null);
      if (!value.is_null)
        read_value(datum, plan.type_oid, plan.via_output, plan.output_function, value);
    }
  });
}

std::string SourceRowReader::text_of(HeapTuple tuple, std::size_t column) const {
  const Plan &plan = plans_[column];
  char *text = pg::pg_call([&]() -> char * {
    bool is_null = false;
    Datum datum = heap_getattr(tuple, plan.attnum, desc_, &is_null);
    if (is_null)
      return nullptr;
    Oid output = InvalidOid;
    bool is_varlena = false;
    getTypeOutputInfo(plan.type_oid, &output, &is_varlena);
    return OidOutputFunctionCall(output, datum);
  });
  return text ? std::string(text) : "NULL";
}

} // namespace mssql_upsert::push
