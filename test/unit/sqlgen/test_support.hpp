// Helpers shared by the sqlgen tests.
#pragma once

#include "common/error.hpp"

#include <string>

namespace sqlgen_test {

// What an Error from f says, as "<sqlstate>: <message>", or "no error".
template <typename F> std::string error_of(F &&f) {
  try {
    f();
  } catch (const mssql_upsert::Error &e) {
    return e.sqlstate() + ": " + e.what();
  }
  return "no error";
}

inline std::string repeated(const std::string &piece, int times) {
  std::string out;
  for (int i = 0; i < times; ++i)
    out += piece;
  return out;
}

} // namespace sqlgen_test
