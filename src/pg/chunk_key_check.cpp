#include "pg/chunk_key_check.hpp"

#include "pg/pg_guard.hpp"

extern "C" {
#include "catalog/pg_collation.h"
#include "utils/lsyscache.h"
#include "utils/typcache.h"
}

namespace mssql_upsert::pg {

std::optional<ChunkKeyCheck> ChunkKeyCheck::make(const std::vector<ChunkKeyColumn> &keys) {
  std::vector<KeyFunctions> functions;
  for (const ChunkKeyColumn &key : keys) {
    TypeCacheEntry *entry = pg_call([&] {
      return lookup_type_cache(key.type, TYPECACHE_HASH_PROC_FINFO | TYPECACHE_EQ_OPR_FINFO);
    });
    if (!OidIsValid(entry->hash_proc) || !OidIsValid(entry->eq_opr))
      return std::nullopt;
    // The staged values are compared as the GROUP BY over them would: with
    // the type's default collation (the database's, for text).
    Oid collation = pg_call([&] { return get_typcollation(key.type); });
    functions.push_back({key.position, key.type, collation, &entry->hash_proc_finfo,
                         &entry->eq_opr_finfo});
  }
  return ChunkKeyCheck(std::move(functions));
}

void ChunkKeyCheck::begin_chunk() {
  seen_.clear();
  rows_.clear();
  duplicate_.reset();
}

uint32 ChunkKeyCheck::hash_of(const Datum *values) const {
  return pg_call([&] {
    uint32 hash = 0;
    for (const KeyFunctions &key : keys_) {
      uint32 part = DatumGetUInt32(FunctionCall1Coll(key.hash, key.collation, values[key.position]));
      hash = (hash << 1 | hash >> 31) ^ part;
    }
    return hash;
  });
}

bool ChunkKeyCheck::equal_to_row(const Datum *values, std::size_t row) const {
  return pg_call([&] {
    for (std::size_t k = 0; k < keys_.size(); ++k) {
      const KeyFunctions &key = keys_[k];
      Datum seen = seen_[row * keys_.size() + k];
      if (!DatumGetBool(FunctionCall2Coll(key.equal, key.collation, values[key.position], seen)))
        return false;
    }
    return true;
  });
}

bool ChunkKeyCheck::add(const Datum *values, const bool *nulls) {
  for (const KeyFunctions &key : keys_)
    if (nulls[key.position])
      return true;
  const uint32 hash = hash_of(values);
  auto [first, last] = rows_.equal_range(hash);
  for (auto it = first; it != last; ++it)
    if (equal_to_row(values, it->second)) {
      duplicate_ = it->second;
      return false;
    }
  const std::size_t row = seen_.size() / keys_.size();
  for (const KeyFunctions &key : keys_)
    seen_.push_back(values[key.position]);
  rows_.emplace(hash, row);
  return true;
}

std::vector<std::optional<std::string>> ChunkKeyCheck::duplicate_key_text() const {
  std::vector<std::optional<std::string>> text;
  if (!duplicate_)
    return text;
  for (std::size_t k = 0; k < keys_.size(); ++k)
    text.emplace_back(pg_call([&] {
      Oid output = InvalidOid;
      bool is_varlena = false;
      getTypeOutputInfo(keys_[k].type, &output, &is_varlena);
      return std::string(OidOutputFunctionCall(output, seen_[*duplicate_ * keys_.size() + k]));
    }));
  return text;
}

} // namespace mssql_upsert::pg
