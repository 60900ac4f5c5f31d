#include "sqlgen/pg_type_name.hpp"

#include <gtest/gtest.h>

using namespace mssql_upsert::sqlgen;

TEST(PgTypeWithoutModifiers, DropsModifiersKeepsTheType) {
  EXPECT_EQ(pg_type_without_modifiers("integer"), "integer");
  EXPECT_EQ(pg_type_without_modifiers("numeric(10,2)"), "numeric");
  EXPECT_EQ(pg_type_without_modifiers("character varying(20)"), "character varying");
  EXPECT_EQ(pg_type_without_modifiers("character varying(20)[]"), "character varying[]");
  EXPECT_EQ(pg_type_without_modifiers("timestamp(3) without time zone"),
            "timestamp without time zone");
  EXPECT_EQ(pg_type_without_modifiers("time(6) with time zone"), "time with time zone");
  EXPECT_EQ(pg_type_without_modifiers("interval(3)"), "interval");
  EXPECT_EQ(pg_type_without_modifiers("bit varying(5)"), "bit varying");
  EXPECT_EQ(pg_type_without_modifiers("public.\"My(Type)\""), "public.\"My(Type)\"");
  EXPECT_EQ(pg_type_without_modifiers("\"a\"\"(b\"(4)"), "\"a\"\"(b\"");
  EXPECT_EQ(pg_type_without_modifiers("\"char\""), "\"char\"");
}

TEST(PgTypeWithoutModifiers, BareCharacterAndBitWouldMeanLengthOne) {
  EXPECT_EQ(pg_type_without_modifiers("character(5)"), "bpchar");
  EXPECT_EQ(pg_type_without_modifiers("character(5)[][]"), "bpchar[][]");
  EXPECT_EQ(pg_type_without_modifiers("bit(8)"), "bit varying");
  EXPECT_EQ(pg_type_without_modifiers("bpchar"), "bpchar");
}

TEST(PgExplicitCastTruncates, OnlyLengthLimitedCharacterAndBitTypes) {
  EXPECT_TRUE(pg_explicit_cast_truncates("character varying(20)"));
  EXPECT_TRUE(pg_explicit_cast_truncates("character(1)"));
  EXPECT_TRUE(pg_explicit_cast_truncates("character varying(3)[]"));
  EXPECT_TRUE(pg_explicit_cast_truncates("bit(3)"));
  EXPECT_TRUE(pg_explicit_cast_truncates("bit varying(3)"));
  EXPECT_FALSE(pg_explicit_cast_truncates("character varying"));
  EXPECT_FALSE(pg_explicit_cast_truncates("text"));
  EXPECT_FALSE(pg_explicit_cast_truncates("numeric(10,2)"));
  EXPECT_FALSE(pg_explicit_cast_truncates("timestamp(0) without time zone"));
  EXPECT_FALSE(pg_explicit_cast_truncates("public.\"character varying(2)\""));
}
