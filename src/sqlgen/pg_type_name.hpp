// Reading PostgreSQL type names as format_type() writes them, e.g.
// "character varying(20)", "numeric(10,2)", "timestamp(3) without time zone",
// public."My(Type)", "character(5)[]".
#pragma once

#include <string>
#include <string_view>

namespace mssql_upsert::sqlgen {

// The type without its modifiers, as a cast target that changes no value:
// "numeric(10,2)" -> "numeric", "character varying(20)[]" -> "character varying[]".
// Bare "character" and "bit" mean length 1 in a cast, so they become "bpchar"
// and "bit varying". Casting to this and letting INSERT's assignment coercion
// apply the modifiers makes an over-long string an error instead of a silent cut.
std::string pg_type_without_modifiers(std::string_view format_type);

// True when an explicit cast to this type cuts values to fit instead of failing
// (character, character varying, bit, bit varying with a length).
bool pg_explicit_cast_truncates(std::string_view format_type);

} // namespace mssql_upsert::sqlgen
