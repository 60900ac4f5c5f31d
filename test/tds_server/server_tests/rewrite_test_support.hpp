// Helpers for the server's statement rewriter tests.
#pragma once

#include "server/tsql_rewriter.hpp"

#include <gtest/gtest.h>

#include <string>

namespace rewrite_test {

// Rewrites a batch that must hold exactly one statement.
inline tds_server::RewrittenStatement rewrite_one(const std::string &sql,
                                                  const tds_server::RewriteContext &context = {}) {
  auto statements = tds_server::split_batch(sql);
  EXPECT_EQ(statements.size(), 1u) << sql;
  return tds_server::rewrite_statement(statements.at(0), context);
}

// "number: text" of the SqlServerError rewriting raises, or "no error".
inline std::string error_of(const std::string &sql, const tds_server::RewriteContext &context = {}) {
  try {
    rewrite_one(sql, context);
  } catch (const tds_server::SqlServerError &e) {
    return std::to_string(e.number) + ": " + e.what();
  }
  return "no error";
}

} // namespace rewrite_test
