#include "server/catalog_types.hpp"

namespace tds_server {

const std::vector<SysTypeRow> &sys_type_rows() {
  // name, system_type_id, user_type_id, max_length, precision, scale, collatable, nullable, assembly
  static const std::vector<SysTypeRow> rows = {
      {"image", 34, 34, 16, 0, 0, false, true, false},
      {"text", 35, 35, 16, 0, 0, true, true, false},
      {"uniqueidentifier", 36, 36, 16, 0, 0, false, true, false},
      {"date", 40, 40, 3, 10, 0, false, true, false},
      {"time", 41, 41, 5, 16, 7, false, true, false},
      {"datetime2", 42, 42, 8, 27, 7, false, true, false},
      {"datetimeoffset", 43, 43, 10, 34, 7, false, true, false},
      {"tinyint", 48, 48, 1, 3, 0, false, true, false},
      {"smallint", 52, 52, 2, 5, 0, false, true, false},
      {"int", 56, 56, 4, 10, 0, false, true, false},
      {"smalldatetime", 58, 58, 4, 16, 0, false, true, false},
      {"real", 59, 59, 4, 24, 0, false, true, false},
      {"money", 60, 60, 8, 19, 4, false, true, false},
      {"datetime", 61, 61, 8, 23, 3, false, true, false},
      {"float", 62, 62, 8, 53, 0, false, true, false},
      {"sql_variant", 98, 98, 8016, 0, 0, false, true, false},
      {"ntext", 99, 99, 16, 0, 0, true, true, false},
      {"bit", 104, 104, 1, 1, 0, false, true, false},
      {"decimal", 106, 106, 17, 38, 38, false, true, false},
      {"numeric", 108, 108, 17, 38, 38, false, true, false},
      {"smallmoney", 122, 122, 4, 10, 4, false, true, false},
      {"bigint", 127, 127, 8, 19, 0, false, true, false},
      {"hierarchyid", 240, 128, 892, 0, 0, false, true, true},
      {"geometry", 240, 129, -1, 0, 0, false, true, true},
      {"geography", 240, 130, -1, 0, 0, false, true, true},
      {"varbinary", 165, 165, 8000, 0, 0, false, true, false},
      {"varchar", 167, 167, 8000, 0, 0, true, true, false},
      {"binary", 173, 173, 8000, 0, 0, false, true, false},
      {"char", 175, 175, 8000, 0, 0, true, true, false},
      {"timestamp", 189, 189, 8, 0, 0, false, false, false},
      {"nvarchar", 231, 231, 8000, 0, 0, true, true, false},
      {"nchar", 239, 239, 8000, 0, 0, true, true, false},
      {"xml", 241, 241, -1, 0, 0, false, true, false},
      {"sysname", 231, 256, 256, 0, 0, true, false, false},
  };
  return rows;
}

const SysTypeRow *find_sys_type(const std::string &name) {
  for (const SysTypeRow &row : sys_type_rows())
    if (name == row.name)
      return &row;
  return nullptr;
}

} // namespace tds_server
