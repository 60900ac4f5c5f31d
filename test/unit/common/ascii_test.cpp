#include "common/ascii.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <clocale>
#include <cstdlib>
#include <string>

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

TEST(Ascii, LowercaseFoldsOnlyAsciiLetters) {
  using mssql_upsert::ascii_lowercase;
  EXPECT_EQ(ascii_lowercase("TDS_Version AUTO 7.4"), "tds_version auto 7.4");
  EXPECT_EQ(ascii_lowercase(""), "");
  EXPECT_EQ(ascii_lowercase("@[`{"), "@[`{");
  // UTF-8 bytes stay as they are: Ā (C4 80), É (C3 89), İ (C4 B0).
  EXPECT_EQ(ascii_lowercase("\xC4\x80\xC3\x89\xC4\xB0"), "\xC4\x80\xC3\x89\xC4\xB0");
}

// Under a single-byte locale std::tolower folds bytes of UTF-8 text (Ä is C4 in
// ISO-8859-1, the lead byte of Ā); ascii_lowercase must not follow the locale.
// The locale is compiled into a temporary directory when the machine has
// localedef and glibc's locale sources; otherwise the test is skipped.
TEST(Ascii, LowercaseIgnoresTheLocale) {
  using mssql_upsert::ascii_lowercase;
  const std::string dir = ::testing::TempDir() + "ascii_test_locales";
  const std::string make = "mkdir -p '" + dir + "' && localedef -i de_DE -f ISO-8859-1 '" + dir +
                           "/de_DE.ISO-8859-1' >/dev/null 2>&1";
  if (std::system(make.c_str()) != 0)
    GTEST_SKIP() << "no localedef or no de_DE locale source on this machine";
  setenv("LOCPATH", dir.c_str(), 1);
  const char *before = std::setlocale(LC_CTYPE, nullptr);
  const std::string saved = before ? before : "C";
  if (std::setlocale(LC_CTYPE, "de_DE.ISO-8859-1") == nullptr)
    GTEST_SKIP() << "the compiled locale could not be loaded";
  volatile int a_umlaut = 0xC4; // not a constant the compiler folds as in the C locale
  const bool locale_folds = std::tolower(a_umlaut) == 0xE4;
  const std::string folded = ascii_lowercase("\xC4\x80 AUTO");
  std::setlocale(LC_CTYPE, saved.c_str());
  unsetenv("LOCPATH");
  EXPECT_TRUE(locale_folds) << "std::tolower should fold Ä under de_DE.ISO-8859-1";
  EXPECT_EQ(folded, "\xC4\x80 auto");
}

TEST(Ascii, CharacterClassesIgnoreEveryNonAsciiByte) {
  EXPECT_TRUE(mssql_upsert::ascii_is_space(' '));
  EXPECT_TRUE(mssql_upsert::ascii_is_space('\t'));
  EXPECT_TRUE(mssql_upsert::ascii_is_space('\r'));
  EXPECT_FALSE(
      mssql_upsert::ascii_is_space('\xa0')); // NO-BREAK SPACE in Latin-1, a UTF-8 continuation byte
  EXPECT_TRUE(mssql_upsert::ascii_is_alpha('z'));
  EXPECT_FALSE(mssql_upsert::ascii_is_alpha('\xe9'));
  EXPECT_TRUE(mssql_upsert::ascii_is_alnum('7'));
  EXPECT_EQ(mssql_upsert::ascii_upper('s'), 'S');
  EXPECT_EQ(mssql_upsert::ascii_upper('\xe9'), '\xe9');
}
