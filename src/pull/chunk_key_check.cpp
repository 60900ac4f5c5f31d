#include "pull/chunk_key_check.hpp"

#include "pg/pg_guard.hpp"

#include <algorithm>

extern "C" {
#include "catalog/pg_collation.h"
#include "utils/lsyscache.h"
#include "utils/typcache.h"
}

namespace mssql_upsert::pull {

std::optional<ChunkKeyCheck> ChunkKeyCheck::make(const std::vector<ChunkKeyColumn> &keys) {
  std::vector<KeyFunctions> functions;
  for (const ChunkKeyColumn &key : keys) {
    TypeCacheEntry *entry = pg::pg_call([&] {
      return lookup_type_cache(key.type, TYPECACHE_HASH_PROC_FINFO | TYPECACHE_EQ_OPR_FINFO);
    });
    if (!OidIsValid(entry->hash_proc) || !OidIsValid(entry->eq_opr))
      return std::nullopt;
    // The staged values are compared as the GROUP BY over them would: with
    // the type's default collation (the database's, for text).
    Oid collation = pg::pg_call([&] { return get_typcollation(key.type); });
    functions.push_back(
        {key.position, key.type, collation, &entry->hash_proc_finfo, &entry->eq_opr_finfo});
  }
  return ChunkKeyCheck(std::move(functions));
}

void ChunkKeyCheck::begin_chunk() {
  seen_.clear();
  std::fill(slots_.begin(), slots_.end(), 0);
  rows_ = 0;
  duplicate_.reset();
}

void ChunkKeyCheck::grow() {
  std::vector<uint64_t> old(slots_.size() * 2, 0);
  old.swap(slots_);
  const std::size_t mask = slots_.size() - 1;
  for (uint64_t slot : old) {
    if (slot == 0)
      continue;
    std::size_t i = static_cast<std::size_t>(slot >> 32) & mask;
    while (slots_[i] != 0)
      i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

uint32 ChunkKeyCheck::hash_of(const Datum *values) const {
  return pg::pg_call([&] {
    uint32 hash = 0;
    for (const KeyFunctions &key : keys_) {
      uint32 part =
          DatumGetUInt32(FunctionCall1Coll(key.hash, key.collation, values[key.position]));
      hash = (hash << 1 | hash >> 31) ^ part;
    }
    return hash;
  });
}

bool ChunkKeyCheck::equal_to_row(const Datum *values, std::size_t row) const {
  return pg::pg_call([&] {
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
  if ((rows_ + 1) * 2 > slots_.size())
    grow();
  const uint32 hash = hash_of(values);
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = hash & mask;
  for (; slots_[i] != 0; i = (i + 1) & mask) {
    const std::size_t row = static_cast<std::size_t>(slots_[i] & 0xffffffffu) - 1;
    if (static_cast<uint32>(slots_[i] >> 32) == hash && equal_to_row(values, row)) {
      duplicate_ = row;
      return false;
    }
  }
  for (const KeyFunctions &key : keys_)
    seen_.push_back(values[key.position]);
  slots_[i] = static_cast<uint64_t>(hash) << 32 | static_cast<uint64_t>(++rows_);
  return true;
}

std::vector<std::optional<std::string>> ChunkKeyCheck::duplicate_key_text() const {
  std::vector<std::optional<std::string>> text;
  if (!duplicate_)
    return text;
  for (std::size_t k = 0; k < keys_.size(); ++k)
    text.emplace_back(pg::pg_call([&] {
      Oid output = InvalidOid;
      bool is_varlena = false;
      getTypeOutputInfo(keys_[k].type, &output, &is_varlena);
      return std::string(OidOutputFunctionCall(output, seen_[*duplicate_ * keys_.size() + k]));
    }));
  return text;
}

} // namespace mssql_upsert::pull
