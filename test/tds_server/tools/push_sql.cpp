// Prints the T-SQL that mssql_upsert_push sends, built by the extension's own
// generator (src/sqlgen/tsql_merge_sql), so that the test server's tests run
// exactly that SQL and cannot drift from it.
//
//   push_sql merge-batch|duplicate-probe|staging-create TARGET STAGING COLUMN...
//   COLUMN = name=sql_server_type[:key][:identity]     e.g. Id=int:key  S=nvarchar
#include "sqlgen/qualified_name.hpp"
#include "sqlgen/tsql_merge_sql.hpp"

#include <iostream>
#include <stdexcept>
#include <string>

using namespace mssql_upsert::sqlgen;

namespace {

TsqlMergeColumn parse_column(const std::string &argument) {
  const std::size_t equals = argument.find('=');
  if (equals == std::string::npos || equals == 0)
    throw std::invalid_argument("column \"" + argument + "\" is not name=type[:key][:identity]");
  TsqlMergeColumn column;
  column.name = argument.substr(0, equals);
  std::string rest = argument.substr(equals + 1);
  std::string type = rest.substr(0, rest.find(':'));
  for (std::size_t colon = rest.find(':'); colon != std::string::npos;) {
    const std::size_t next = rest.find(':', colon + 1);
    const std::string flag = rest.substr(colon + 1, next - colon - 1);
    if (flag == "key")
      column.is_key = true;
    else if (flag == "identity")
      column.is_identity = true;
    else
      throw std::invalid_argument("unknown column flag \"" + flag + "\"");
    colon = next;
  }
  column.change_test = tsql_change_test_for_type(type);
  return column;
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 5) {
    std::cerr << "usage: push_sql merge-batch|duplicate-probe|staging-create TARGET STAGING "
                 "name=type[:key][:identity]...\n";
    return 2;
  }
  try {
    const std::string what = argv[1];
    TsqlMergeSpec spec;
    spec.target = parse_tsql_qualified_name(argv[2], "dbo");
    spec.staging_table = argv[3];
    for (int a = 4; a < argc; ++a)
      spec.columns.push_back(parse_column(argv[a]));
    if (what == "merge-batch")
      std::cout << build_tsql_merge_batch(spec) << '\n';
    else if (what == "duplicate-probe")
      std::cout << build_tsql_duplicate_key_sql(spec) << '\n';
    else if (what == "staging-create")
      std::cout << build_tsql_staging_create_sql(spec) << '\n';
    else
      throw std::invalid_argument("unknown statement \"" + what + "\"");
  } catch (const std::exception &e) {
    std::cerr << "push_sql: " << e.what() << '\n';
    return 2;
  }
  return 0;
}
