// MERGE -> PostgreSQL. PostgreSQL 15's MERGE has no RETURNING and no WHEN NOT
// MATCHED BY SOURCE, so a T-SQL MERGE becomes data-modifying CTEs:
//   __s  the source rows, numbered;
//   __m  target FULL/LEFT/RIGHT/INNER JOIN source ON <cond>, with the number of
//        the WHEN clause that applies to each pair (SQL Server's clause order);
//   __aK one UPDATE ... FROM / DELETE ... USING / INSERT ... SELECT per clause,
//        each RETURNING the action, the new row and the old row;
//   __o  their union, from which OUTPUT ($action, inserted.*, deleted.*) reads.
// Target rows are addressed by ctid; the statement first locks the target table
// (TABLOCK: EXCLUSIVE, else SHARE ROW EXCLUSIVE), so rows cannot move meanwhile
// and concurrent MERGEs queue, and checks that no target row is changed by
// more than one source row (SQL Server's error 8672).
#pragma once

#include "server/object_name.hpp"
#include "server/tsql_rewriter.hpp"

#include <string>

namespace tds_server {

// The temp table holding OUTPUT rows of a MERGE without OUTPUT ... INTO.
inline constexpr char kMergeOutputRelation[] = "pg_temp.\"__tds_merge_output\"";

struct MergeOutputItem {
  std::string sql;  // over "__o" with "inserted" / "deleted" in scope; "" for a star
  std::string name; // result column name as SQL Server gives it
  std::string star; // "inserted" or "deleted" for inserted.* / deleted.*
};

// A target column: backend name and name as declared.
struct MergeTargetColumn {
  std::string pg_name, name;
};

struct MergePlan {
  enum class Output { None, Into, ResultSet };
  ObjectName target;
  bool tablock = false;
  bool identity_insert = false; // IDENTITY_INSERT is ON for the target
  Output output = Output::None;
  std::string lock_sql;
  std::string check_sql;   // true when a target row matches several source rows; "" = no check
  std::string with_sql;    // WITH __s, __m, __aK..., __o
  std::string output_from; // FROM "__o" and the inserted/deleted row scopes
  std::vector<MergeOutputItem> output_items;
  std::string into_sql;    // Into: "INSERT INTO dest [(cols)]"
};

// None: one row, the number of rows changed. Into: inserts the OUTPUT rows.
std::string merge_count_sql(const MergePlan &plan);
std::string merge_into_sql(const MergePlan &plan);
// ResultSet: creates kMergeOutputRelation holding the OUTPUT rows (columns c0..),
// then the query returning them with SQL Server's column names.
std::string merge_output_table_sql(const MergePlan &plan, const std::vector<MergeTargetColumn> &target_columns);
std::string merge_output_select_sql(const MergePlan &plan, const std::vector<MergeTargetColumn> &target_columns);

// tokens: one MERGE statement (without its semicolon).
RewrittenStatement rewrite_merge(const std::vector<Token> &tokens, const RewriteContext &context);

} // namespace tds_server
