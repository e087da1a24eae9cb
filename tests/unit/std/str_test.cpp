// Tests for incan/core/str.h: str methods, indexing, bool() and str() (LANGUAGE.md
// 7.7, 11, 12.1). Non-ASCII expectations are spelled out by hand.
#include "incan/core/str.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <string>

#include "test_support.h"

namespace incan {
namespace {

using testing::panic_message;
using strings = list<std::string>;

TEST(StrTest, LengthIsUtf8Bytes) {
  EXPECT_EQ(str_len("hello"), 5);
  EXPECT_EQ(str_len("héllo"), 6);
  EXPECT_EQ(len(std::string("🎉")), 4);
  EXPECT_EQ(str_len(""), 0);
  EXPECT_TRUE(str_is_empty(""));
  EXPECT_FALSE(str_is_empty(" "));
}

TEST(StrTest, IndexByScalar) {
  const std::string s = "héllo";
  EXPECT_EQ(str_index(s, 0), "h");
  EXPECT_EQ(str_index(s, 1), "é");
  EXPECT_EQ(str_index(s, 2), "l");
  EXPECT_EQ(str_index(s, 4), "o");
  EXPECT_EQ(str_index(s, -1), "o");
  EXPECT_EQ(str_index(s, -4), "é");
  EXPECT_EQ(str_index(s, -5), "h");
  EXPECT_EQ(str_index("a🎉b", 1), "🎉");
  EXPECT_EQ(str_index("a🎉b", -2), "🎉");
}

TEST(StrTest, IndexOutOfRangePanics) {
  constexpr const char* kMessage = "IndexError: string index out of range";
  EXPECT_EQ(panic_message([] { str_index("héllo", 5); }), kMessage);
  EXPECT_EQ(panic_message([] { str_index("héllo", -6); }), kMessage);
  EXPECT_EQ(panic_message([] { str_index("", 0); }), kMessage);
  EXPECT_EQ(panic_message([] { str_index("", -1); }), kMessage);
}

TEST(StrTest, UpperAscii) {
  EXPECT_EQ(str_upper("hello, World 42!"), "HELLO, WORLD 42!");
  EXPECT_EQ(str_lower("HELLO, World 42!"), "hello, world 42!");
  EXPECT_EQ(str_upper(""), "");
}

TEST(StrTest, UpperLowerUnicode) {
  EXPECT_EQ(str_upper("héllo wörld"), "HÉLLO WÖRLD");
  EXPECT_EQ(str_lower("HÉLLO WÖRLD"), "héllo wörld");
  EXPECT_EQ(str_upper("straße"), "STRASSE");       // full mapping: ß -> SS
  EXPECT_EQ(str_upper("ﬁne"), "FINE");             // U+FB01 -> FI
  EXPECT_EQ(str_upper("ÿ"), "Ÿ");                  // U+00FF -> U+0178
  EXPECT_EQ(str_lower("Ÿ"), "ÿ");
  EXPECT_EQ(str_upper("ı"), "I");                  // dotless i
  EXPECT_EQ(str_upper("ſ"), "S");                  // long s
  EXPECT_EQ(str_lower("İ"), "i\xcc\x87");          // U+0130 -> i + U+0307
  EXPECT_EQ(str_upper("ǅ"), "Ǆ");                  // titlecase digraph
  EXPECT_EQ(str_lower("ǅ"), "ǆ");
  EXPECT_EQ(str_upper("ąčęėįšųūž"), "ĄČĘĖĮŠŲŪŽ");  // Latin Extended-A
  EXPECT_EQ(str_lower("ŁÓDŹ"), "łódź");
  EXPECT_EQ(str_upper("ἀθήνα"), "ἈΘΉΝΑ");
  EXPECT_EQ(str_upper("привет"), "ПРИВЕТ");
  EXPECT_EQ(str_lower("ЁЖИК Ї"), "ёжик ї");
  EXPECT_EQ(str_upper("և"), "ԵՒ");                 // Armenian ligature
  EXPECT_EQ(str_upper("ａｂｃ"), "ＡＢＣ");         // fullwidth
  EXPECT_EQ(str_upper("\xf0\x90\x90\xa8"), "\xf0\x90\x90\x80");  // Deseret U+10428 -> U+10400
  EXPECT_EQ(str_upper("日本語 123"), "日本語 123");
}

TEST(StrTest, LowerFinalSigma) {
  EXPECT_EQ(str_lower("ὈΔΥΣΣΕΎΣ"), "ὀδυσσεύς");  // Rust's to_lowercase example
  EXPECT_EQ(str_lower("ΟΔΟΣ"), "οδος");
  EXPECT_EQ(str_lower("Σ"), "σ");
  EXPECT_EQ(str_lower("ΑΣ Β"), "ας β");
  EXPECT_EQ(str_lower("ΑΣΑ"), "ασα");
  EXPECT_EQ(str_lower("ΑΣ'"), "ας'");
  EXPECT_EQ(str_lower("Σ'Α"), "σ'α");
  EXPECT_EQ(str_upper("ς"), "Σ");
}

TEST(StrTest, StripUnicodeWhitespace) {
  EXPECT_EQ(str_strip("  hello  "), "hello");
  EXPECT_EQ(str_strip(" \t\n\r\x0b\x0c hi there \r\n"), "hi there");
  EXPECT_EQ(str_strip("\xc2\xa0hi\xe3\x80\x80"), "hi");            // NBSP, ideographic space
  EXPECT_EQ(str_strip("\xc2\x85x\xe2\x80\xa8"), "x");              // NEL, line separator
  EXPECT_EQ(str_strip("\xe2\x80\x8bx"), "\xe2\x80\x8bx");          // ZWSP is not White_Space
  EXPECT_EQ(str_strip("   "), "");
  EXPECT_EQ(str_strip(""), "");
  EXPECT_EQ(str_strip("é"), "é");
}

TEST(StrTest, SplitOnSeparator) {
  EXPECT_EQ(str_split("a,,b", ","), (strings{"a", "", "b"}));
  EXPECT_EQ(str_split("", ","), (strings{""}));
  EXPECT_EQ(str_split("a,b,", ","), (strings{"a", "b", ""}));
  EXPECT_EQ(str_split(",a", ","), (strings{"", "a"}));
  EXPECT_EQ(str_split("a::b::c", "::"), (strings{"a", "b", "c"}));
  EXPECT_EQ(str_split("aaa", "aa"), (strings{"", "a"}));
  EXPECT_EQ(str_split("no separator", ";"), (strings{"no separator"}));
  EXPECT_EQ(str_split("id,amount", ","), (strings{"id", "amount"}));
}

TEST(StrTest, SplitOnEmptySeparatorFollowsRust) {
  EXPECT_EQ(str_split("rust", ""), (strings{"", "r", "u", "s", "t", ""}));
  EXPECT_EQ(str_split("hé", ""), (strings{"", "h", "é", ""}));
  EXPECT_EQ(str_split("", ""), (strings{"", ""}));
}

TEST(StrTest, SplitWhitespace) {
  EXPECT_EQ(str_split_whitespace("  a  b\tc\n"), (strings{"a", "b", "c"}));
  EXPECT_EQ(str_split_whitespace("one"), (strings{"one"}));
  EXPECT_EQ(str_split_whitespace(""), strings{});
  EXPECT_EQ(str_split_whitespace(" \t "), strings{});
  EXPECT_EQ(str_split_whitespace("a\xe3\x80\x80" "b"), (strings{"a", "b"}));
}

TEST(StrTest, Join) {
  EXPECT_EQ(str_join(", ", strings{"a", "b", "c"}), "a, b, c");
  EXPECT_EQ(str_join(",", strings{}), "");
  EXPECT_EQ(str_join("-", strings{"solo"}), "solo");
  EXPECT_EQ(str_join("", strings{"a", "b"}), "ab");
  EXPECT_EQ(str_join("|", strings{"", ""}), "|");
}

TEST(StrTest, ContainsStartsEnds) {
  EXPECT_TRUE(str_contains("hello world", "o w"));
  EXPECT_FALSE(str_contains("hello", "Hello"));
  EXPECT_TRUE(str_contains("hello", ""));
  EXPECT_TRUE(str_contains("", ""));
  EXPECT_TRUE(str_starts_with("hello", "he"));
  EXPECT_TRUE(str_starts_with("hello", ""));
  EXPECT_FALSE(str_starts_with("he", "hello"));
  EXPECT_TRUE(str_ends_with("hello", "llo"));
  EXPECT_FALSE(str_ends_with("hello", "hel"));
  EXPECT_TRUE(str_ends_with("héllo", "éllo"));
}

TEST(StrTest, Replace) {
  EXPECT_EQ(str_replace("the quick brown fox", "fox", "dog"), "the quick brown dog");
  EXPECT_EQ(str_replace("aaa", "a", "b"), "bbb");
  EXPECT_EQ(str_replace("aaaa", "aa", "b"), "bb");
  EXPECT_EQ(str_replace("aaa", "aa", "b"), "ba");
  EXPECT_EQ(str_replace("abc", "x", "y"), "abc");
  EXPECT_EQ(str_replace("a.b.c", ".", ""), "abc");
  EXPECT_EQ(str_replace("ab", "", "-"), "-a-b-");
  EXPECT_EQ(str_replace("héllo", "", "|"), "|h|é|l|l|o|");
  EXPECT_EQ(str_replace("", "", "x"), "x");
  EXPECT_EQ(str_replace("", "a", "x"), "");
}

TEST(StrTest, Chars) {
  EXPECT_EQ(str_chars("hé🎉"), (strings{"h", "é", "🎉"}));
  EXPECT_EQ(str_chars(""), strings{});
}

TEST(StrTest, ConcatAndFind) {
  EXPECT_EQ(str_concat("foo", "bar"), "foobar");
  EXPECT_EQ(str_concat("", ""), "");
  EXPECT_EQ(str_find("hello", "l"), some(std::int64_t{2}));
  EXPECT_EQ(str_find("héllo", "l"), some(std::int64_t{3}));
  EXPECT_EQ(str_find("hello", ""), some(std::int64_t{0}));
  EXPECT_TRUE(str_find("hello", "z").is_none());
}

TEST(StrTest, ToBool) {
  EXPECT_FALSE(to_bool(0));
  EXPECT_TRUE(to_bool(5));
  EXPECT_TRUE(to_bool(std::int64_t{-1}));
  EXPECT_FALSE(to_bool(0.0));
  EXPECT_FALSE(to_bool(-0.0));
  EXPECT_TRUE(to_bool(0.1));
  EXPECT_TRUE(to_bool(std::nan("")));
  EXPECT_FALSE(to_bool(std::string()));
  EXPECT_TRUE(to_bool(std::string("False")));
  EXPECT_FALSE(to_bool(""));
  EXPECT_TRUE(to_bool("x"));
  EXPECT_TRUE(to_bool(true));
  EXPECT_FALSE(to_bool(list<std::int64_t>{}));
  EXPECT_TRUE(to_bool(list<std::int64_t>{0}));
}

TEST(StrTest, StrOfIsDisplay) {
  EXPECT_EQ(str_of(1.0), "1");
  EXPECT_EQ(str_of(true), "true");
  EXPECT_EQ(str_of(std::int64_t{42}), "42");
  EXPECT_EQ(str_of(std::string("raw \"text\"")), "raw \"text\"");
  EXPECT_EQ(str_of(list<std::int64_t>{1, 2}), "[1, 2]");
  EXPECT_EQ(str_of(some(2.0)), "Some(2.0)");
}

}  // namespace
}  // namespace incan
