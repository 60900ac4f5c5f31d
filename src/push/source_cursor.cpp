#include "push/source_cursor.hpp"

#include "common/ascii.hpp"
#include "pg/pg_guard.hpp"

extern "C" {
#include "tcop/utility.h"
#include "utils/plancache.h"
}

namespace mssql_upsert::push {

bool source_is_query(const std::string &source) {
  std::size_t i = 0;
  while (i < source.size() && (ascii_is_space(source[i]) || source[i] == '('))
    ++i;
  std::string word;
  while (i < source.size() && ascii_is_alpha(source[i]))
    word += ascii_upper(source[i++]);
  bool word_ends = i == source.size() || !ascii_is_alnum(source[i]);
  return word_ends && (word == "SELECT" || word == "WITH" || word == "VALUES" || word == "TABLE");
}

SourceCursor::SourceCursor(const std::string &query) {
  pg::pg_call([&] {
    SPIPlanPtr plan = SPI_prepare_cursor(query.c_str(), 0, nullptr, CURSOR_OPT_NO_SCROLL);
    if (plan == nullptr)
      elog(ERROR, "could not prepare the push source query: %s",
           SPI_result_code_string(SPI_result));
    if (!SPI_is_cursor_plan(plan))
      ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                      errmsg("push source must be a table or a query returning rows")));
    // The cursor is read-only, and SPI_cursor_open would refuse a writing
    // query as "SELECT is not allowed in a non-volatile function": say what is
    // wrong instead, by the same test (its generic plan is the one the cursor uses).
    CachedPlan *cached = SPI_plan_get_cached_plan(plan); // one statement: never NULL here
    ListCell *cell;
    foreach (cell, cached->stmt_list)
      if (!CommandIsReadOnly(lfirst_node(PlannedStmt, cell)))
        ereport(
            ERROR,
            (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
             errmsg("the push source must only read: it runs read-only, and this query modifies "
                    "data (a data-modifying WITH, or SELECT ... FOR UPDATE/SHARE)"),
             errhint("Change the data in a statement of its own before the push.")));
    ReleaseCachedPlan(cached, nullptr); // the plan is not saved: no resource owner
    portal_ = SPI_cursor_open(nullptr, plan, nullptr, nullptr, true);
    tuple_desc_ = portal_->tupDesc;
  });
}

uint64_t SourceCursor::fetch(int64_t max_rows) {
  return pg::pg_call([&] {
    SPI_cursor_fetch(portal_, true, max_rows);
    return static_cast<uint64_t>(SPI_processed);
  });
}

void SourceCursor::release_rows() {
  pg::pg_call([] {
    if (SPI_tuptable != nullptr)
      SPI_freetuptable(SPI_tuptable);
  });
}

void SourceCursor::close() {
  if (portal_ == nullptr)
    return;
  pg::pg_call([&] { SPI_cursor_close(portal_); });
  portal_ = nullptr;
}

} // namespace mssql_upsert::push
