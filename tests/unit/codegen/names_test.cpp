// Tests for the mangling of Incan identifiers into C++ names (codegen/names.h).
#include "codegen/names.h"

#include <gtest/gtest.h>

#include <cctype>
#include <set>
#include <string>

namespace incan::cg {
namespace {

TEST(MangleTest, OrdinaryNamesAreUnchanged) {
  EXPECT_EQ(mangle("x"), "x");
  EXPECT_EQ(mangle("total_count"), "total_count");
  EXPECT_EQ(mangle("_private"), "_private");
  EXPECT_EQ(mangle("CamelCase2"), "CamelCase2");
  EXPECT_EQ(mangle("tmp"), "tmp");
}

TEST(MangleTest, CppKeywordsGetATrailingUnderscore) {
  for (const char* kw : {"auto", "class", "new", "delete", "template", "this", "switch", "namespace", "int",
                         "double", "co_await", "co_return", "requires", "concept", "register", "and", "not",
                         "xor", "nullptr", "final", "override", "module", "import"})
    EXPECT_EQ(mangle(kw), std::string(kw) + "_") << kw;
}

TEST(MangleTest, NamesTheGeneratedCodeClaimsGetATrailingUnderscore) {
  for (const char* name : {"main", "std", "incan", "incan_user", "NULL", "EOF", "assert", "errno", "stdin",
                           "stdout", "stderr"})
    EXPECT_EQ(mangle(name), std::string(name) + "_") << name;
}

TEST(MangleTest, TrailingUnderscoreGetsAU) {
  EXPECT_EQ(mangle("x_"), "x_u");
  EXPECT_EQ(mangle("tmp_1_"), "tmp_1_u");
  EXPECT_EQ(mangle("_"), "_u");
  EXPECT_EQ(mangle("main_"), "main_u");  // distinct from mangle("main")
  EXPECT_EQ(mangle("class_"), "class_u");
}

TEST(MangleTest, UserNamesNeverLookLikeCompilerTemporaries) {
  // Temporaries are `tmp_N_` and shadowed locals `name_N_`: an underscore after a digit
  // at the end. No mangled user name ends like that.
  for (const char* name : {"tmp_1_", "x_2_", "tmp_1", "a_", "x_2__", "i_10_"}) {
    std::string m = mangle(name);
    bool digit_then_underscore = m.size() >= 2 && m.back() == '_' && std::isdigit(static_cast<unsigned char>(m[m.size() - 2]));
    EXPECT_FALSE(digit_then_underscore) << name << " -> " << m;
  }
}

TEST(MangleTest, DistinctNamesFromAKeywordFamilyStayDistinct) {
  std::set<std::string> out;
  for (const char* name : {"class", "class_", "main", "main_", "std", "std_"}) out.insert(mangle(name));
  EXPECT_EQ(out.size(), 6u);
}

// Mangling is one-to-one: `a_` and `a_u` stay distinct in C++.
TEST(MangleTest, ManglingIsInjective) {
  EXPECT_NE(mangle("x_"), mangle("x_u"));
  EXPECT_NE(mangle("a_"), mangle("a_u"));
  EXPECT_NE(mangle("new_"), mangle("new_u"));
  EXPECT_NE(mangle("class_"), mangle("class_u"));
}

// Standard C macro names are renamed, so `INT_MAX = 3` is not macro-expanded.
TEST(MangleTest, StandardMacroNamesAreRenamed) {
  for (const char* name : {"INT_MAX", "EXIT_FAILURE", "SIZE_MAX", "CHAR_BIT", "RAND_MAX", "EINVAL", "SIGINT"})
    EXPECT_NE(mangle(name), name) << name;
}

}  // namespace
}  // namespace incan::cg
