// The remote SELECT of a foreign scan, built when planning (for EXPLAIN and
// for scans without parameters) and again when executing once parameter
// values are known, from the same pushed-down clauses.
#pragma once

#include "fdw/foreign_table_def.hpp"
#include "fdw/pushdown_expr.hpp"

extern "C" {
#include "nodes/pg_list.h"
}

#include <optional>
#include <string>
#include <vector>

namespace mssql_upsert::fdw {

// What GetForeignPlan hands to the executor in ForeignScan.fdw_private.
struct ScanPlanInfo {
  std::string remote_sql;   // with @pN for parameters
  std::vector<int> attnums; // fetched attributes, in SELECT order
  bool has_params = false;  // runtime values fill the @pN (or, rarely, are written inline)
  int64_t top = -1;         // TOP (n), -1 for none
  std::string
      remote_parameters; // sp_executesql's @params for remote_sql's @pN ("" for none), for EXPLAIN
};

List *scan_plan_info_to_list(const ScanPlanInfo &info);
ScanPlanInfo scan_plan_info_from_list(List *fdw_private);

// SELECT [TOP] <attnums' remote names> FROM <source> WHERE <each clause that renders>.
// Clauses are Exprs or RestrictInfos of the scanned relation. With slots,
// runtime values are numbered placeholders (sqlgen::render_pushdown).
std::string build_scan_sql(const ForeignTableDef &table, const std::vector<int> &attnums,
                           List *clauses, Index scan_relid, std::optional<int64_t> top,
                           const ParamValues &params, bool *uses_params = nullptr,
                           std::vector<sqlgen::ParamSlot> *slots = nullptr);

// SELECT COUNT_BIG(*) FROM <source> WHERE <each clause without parameters that renders>.
std::string build_count_sql(const ForeignTableDef &table, List *clauses, Index scan_relid);

} // namespace mssql_upsert::fdw
