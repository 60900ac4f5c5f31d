// SQL Server's built-in types as sys.types lists them (names, type ids, sizes),
// and the SQL that loads them into the backend's catalog schema.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace tds_server {

struct SysTypeRow {
  const char *name;
  int system_type_id;
  int user_type_id;
  int max_length; // bytes; -1 = max
  int precision;
  int scale;
  bool collatable;       // carries a collation (character types)
  bool nullable;
  bool assembly;         // CLR type (hierarchyid, geometry, geography)
};

// Every built-in type of SQL Server 2019, in user_type_id order.
const std::vector<SysTypeRow> &sys_type_rows();
// The row of a type name (lower case, as sys.types spells it), or nullptr.
const SysTypeRow *find_sys_type(const std::string &name);

} // namespace tds_server
