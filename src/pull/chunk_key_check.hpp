// Finds a key that occurs twice in one pulled chunk while the rows are staged,
// with the key types' own hash and equality functions, instead of a GROUP BY
// over the staged chunk afterwards (which cost a quarter of the merge's time).
#pragma once

#include "pg/pg_headers.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mssql_upsert::pull {

struct ChunkKeyColumn {
  int position; // in a staged row
  Oid type;     // the staged value's type
};

class ChunkKeyCheck {
public:
  // nullopt when some key type has no default hash opclass.
  static std::optional<ChunkKeyCheck> make(const std::vector<ChunkKeyColumn> &keys);

  void begin_chunk();
  // Remembers the row's key; false when this chunk had it already (then
  // duplicate_key_text() shows it). A key with a NULL part is skipped, as
  // GROUP BY ... WHERE key IS NOT NULL would. The by-reference Datums must
  // stay valid until the next begin_chunk().
  bool add(const Datum *values, const bool *nulls);
  // The duplicate key's values as text (output functions), in key order.
  std::vector<std::optional<std::string>> duplicate_key_text() const;

private:
  struct KeyFunctions {
    int position;
    Oid type;
    Oid collation;
    FmgrInfo *hash; // from the type cache, which outlives the backend's queries
    FmgrInfo *equal;
  };
  explicit ChunkKeyCheck(std::vector<KeyFunctions> keys) : keys_(std::move(keys)) {}
  uint32 hash_of(const Datum *values) const;
  bool equal_to_row(const Datum *values, std::size_t row) const;

  void grow();

  std::vector<KeyFunctions> keys_;
  std::vector<Datum> seen_; // row-major: row * keys + k
  // Open addressing, linear probing: (hash << 32) | (row + 1); 0 is empty.
  // A power of two, at most half full; kept from chunk to chunk.
  std::vector<uint64_t> slots_ = std::vector<uint64_t>(1024, 0);
  std::size_t rows_ = 0;
  std::optional<std::size_t> duplicate_; // row in seen_
};

} // namespace mssql_upsert::pull
