#include "fdw/scan_sql.hpp"

#include "pg/pg_guard.hpp"

extern "C" {
#include "nodes/value.h"
}

namespace mssql_upsert::fdw {

List *scan_plan_info_to_list(const ScanPlanInfo &info) {
  return pg::pg_call([&] {
    List *attnums = NIL;
    for (int attnum : info.attnums)
      attnums = lappend_int(attnums, attnum);
    return list_make5(makeString(pstrdup(info.remote_sql.c_str())), attnums,
                      makeInteger(info.has_params ? 1 : 0),
                      makeString(psprintf("%lld", static_cast<long long>(info.top))),
                      makeString(pstrdup(info.remote_parameters.c_str())));
  });
}

ScanPlanInfo scan_plan_info_from_list(List *fdw_private) {
  ScanPlanInfo info;
  info.remote_sql = strVal(linitial(fdw_private));
  ListCell *cell;
  foreach (cell, (List *)lsecond(fdw_private))
    info.attnums.push_back(lfirst_int(cell));
  info.has_params = intVal(lthird(fdw_private)) != 0;
  info.top = std::stoll(strVal(lfourth(fdw_private)));
  info.remote_parameters = strVal(list_nth(fdw_private, 4));
  return info;
}

namespace {

// The rendered clauses; with skip_params, those using a parameter are left out
// (their values are unknown when planning).
std::vector<std::string> render_clauses(const ForeignTableDef &table, List *clauses,
                                        Index scan_relid, const ParamValues &params,
                                        bool skip_params, bool *uses_params,
                                        std::vector<sqlgen::ParamSlot> *slots = nullptr) {
  std::vector<std::string> rendered;
  PushExprBuilder builder(scan_relid, params);
  ListCell *cell;
  foreach (cell, clauses) {
    int params_before = builder.param_count();
    sqlgen::PushExpr expr = builder.build((Node *)lfirst(cell));
    if (skip_params && builder.param_count() != params_before)
      continue;
    if (std::optional<std::string> condition =
            sqlgen::render_pushdown(expr, table.remote_columns, slots))
      rendered.push_back(*condition);
  }
  if (uses_params != nullptr)
    *uses_params = builder.param_count() > 0;
  return rendered;
}

// The remote SQL of a scan; an error (an invalid query option) names the table.
std::string scan_sql_text(const ForeignTableDef &table, const sqlgen::ScanSql &scan) {
  try {
    return sqlgen::build_tsql_scan_sql(scan);
  } catch (const Error &e) {
    throw Error("foreign table " + table.display_name + ": " + e.what(), e.sqlstate().c_str(),
                e.detail(), e.hint());
  }
}

} // namespace

std::string build_scan_sql(const ForeignTableDef &table, const std::vector<int> &attnums,
                           List *clauses, Index scan_relid, std::optional<int64_t> top,
                           const ParamValues &params, bool *uses_params,
                           std::vector<sqlgen::ParamSlot> *slots) {
  sqlgen::ScanSql scan;
  scan.source = table.source;
  for (int attnum : attnums)
    scan.columns.push_back(table.remote_columns.at(attnum - 1));
  scan.top = top;
  scan.where = render_clauses(table, clauses, scan_relid, params, false, uses_params, slots);
  return scan_sql_text(table, scan);
}

std::string build_count_sql(const ForeignTableDef &table, List *clauses, Index scan_relid) {
  sqlgen::ScanSql scan;
  scan.source = table.source;
  scan.count_rows = true;
  scan.where = render_clauses(table, clauses, scan_relid, ParamValues{}, true, nullptr);
  return scan_sql_text(table, scan);
}

} // namespace mssql_upsert::fdw
