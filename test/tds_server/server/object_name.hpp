// A table name as a T-SQL statement writes it: [db.][schema.]name, or #temp.
#pragma once

#include "server/tsql_rewriter.hpp"

#include <optional>
#include <string>
#include <vector>

namespace tds_server {

struct ObjectName {
  std::string schema; // as written; "dbo" when omitted; "" for #temp tables
  std::string name;   // as written
  // The backend relation: "dbo"."t", or "#t" (found in pg_temp through the search path).
  std::string pg() const;
  // Case-folded "dbo.t" / "#t", for comparing names.
  std::string key() const;
};

// Parses [db.][schema.]name (any part bracketed; "db..name" allowed) starting at
// tokens[i]; on success i is the index just past the name.
std::optional<ObjectName> parse_object_name(const std::vector<Token> &tokens, std::size_t &i);

} // namespace tds_server
