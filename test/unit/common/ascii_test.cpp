#include "common/ascii.hpp"

#include <gtest/gtest.h>

using mssql_upsert::equals_ignoring_ascii_case;

TEST(Ascii, FoldsOnlyAsciiLetters) {
  EXPECT_TRUE(equals_ignoring_ascii_case("CustomerId", "customerid"));
  EXPECT_TRUE(equals_ignoring_ascii_case("", ""));
  EXPECT_FALSE(equals_ignoring_ascii_case("id", "ids"));
  EXPECT_FALSE(equals_ignoring_ascii_case("a_b", "a-b"));
  // Non-ASCII compares byte for byte: É (C3 89) is not é (C3 A9).
  EXPECT_FALSE(equals_ignoring_ascii_case("\xC3\x89t\xC3\xA9", "\xC3\xA9t\xC3\xA9"));
  EXPECT_TRUE(equals_ignoring_ascii_case("Zo\xC3\xAB", "zO\xC3\xAB"));
  // '@' and '[' sit next to 'A' and 'Z': they are not letters.
  EXPECT_FALSE(equals_ignoring_ascii_case("@", "`"));
  EXPECT_FALSE(equals_ignoring_ascii_case("[", "{"));
}
