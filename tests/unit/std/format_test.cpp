// Tests for incan/core/format.h: Display and Debug text (LANGUAGE.md 13.1, 13.2).
// Float expectations come from hand-written spec examples and from
// data/float_format.tsv, which gen_float_table.py derives from Python's repr().
#include "incan/core/format.h"

#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

// A generated-code-like user type declared after format.h, in its own namespace. Its
// formatters bring incan's overloads in with using-declarations, so that field calls
// stay unqualified (and still reach user types through argument-dependent lookup).
namespace app {
using incan::fmt_debug;
using incan::fmt_display;
struct point {
  std::int64_t x;
  std::int64_t y;
};
inline void fmt_debug(std::string& out, const point& p) {
  out += "Point { x: ";
  fmt_debug(out, p.x);
  out += ", y: ";
  fmt_debug(out, p.y);
  out += " }";
}
inline void fmt_display(std::string& out, const point& p) {
  out += "<";
  fmt_display(out, p.x);
  out += ",";
  fmt_display(out, p.y);
  out += ">";
}
enum class color { red, green };
inline void fmt_debug(std::string& out, color c) { out += c == color::red ? "Red" : "Green"; }
}  // namespace app

// A type in the global namespace, as generated code might also declare.
struct user_id {
  std::int64_t value;
};
inline void fmt_debug(std::string& out, const user_id& u) {
  out += "UserId(";
  incan::fmt_debug(out, u.value);
  out += ")";
}

namespace incan {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

TEST(FormatTest, Int) {
  EXPECT_EQ(to_display(std::int64_t{42}), "42");
  EXPECT_EQ(to_display(std::int64_t{-7}), "-7");
  EXPECT_EQ(to_debug(std::int64_t{0}), "0");
  EXPECT_EQ(to_display(std::numeric_limits<std::int64_t>::min()), "-9223372036854775808");
  EXPECT_EQ(to_debug(std::numeric_limits<std::int64_t>::max()), "9223372036854775807");
}

TEST(FormatTest, OtherIntegerTypesFormatAsNumbers) {
  // A plain `int` literal must not turn into a bool or a double.
  EXPECT_EQ(to_display(5), "5");
  EXPECT_EQ(to_debug(-5), "-5");
  std::string out;
  fmt_display(out, 12);
  fmt_debug(out, 3LL);
  fmt_display(out, std::size_t{18446744073709551615u});
  fmt_display(out, static_cast<short>(-2));
  fmt_display(out, 7u);
  EXPECT_EQ(out, "12318446744073709551615-27");
}

TEST(FormatTest, Bool) {
  EXPECT_EQ(to_display(true), "true");
  EXPECT_EQ(to_display(false), "false");
  EXPECT_EQ(to_debug(true), "true");
}

TEST(FormatTest, StringDisplayIsRaw) {
  EXPECT_EQ(to_display(std::string("a\"b\n")), "a\"b\n");
  EXPECT_EQ(to_display(std::string_view("héllo")), "héllo");
  EXPECT_EQ(to_display(std::string()), "");
}

TEST(FormatTest, CharPointersAreStringsNotBools) {
  EXPECT_EQ(to_display("abc"), "abc");
  EXPECT_EQ(to_debug("abc"), "\"abc\"");
  const char* p = "xyz";
  EXPECT_EQ(to_display(p), "xyz");
  char buf[] = "mut";
  char* q = buf;
  EXPECT_EQ(to_debug(q), "\"mut\"");
  std::string out;
  fmt_display(out, "lit");
  fmt_debug(out, "lit");
  EXPECT_EQ(out, "lit\"lit\"");
}

TEST(FormatTest, StringDebugEscapes) {
  EXPECT_EQ(to_debug(std::string("it's")), "\"it's\"");
  EXPECT_EQ(to_debug(std::string("a\"b")), "\"a\\\"b\"");
  EXPECT_EQ(to_debug(std::string("héllo")), "\"héllo\"");
  EXPECT_EQ(to_debug(std::string("back\\slash")), "\"back\\\\slash\"");
  EXPECT_EQ(to_debug(std::string("\n\r\t")), "\"\\n\\r\\t\"");
  EXPECT_EQ(to_debug(std::string("a\0b", 3)), "\"a\\0b\"");
  EXPECT_EQ(to_debug(std::string("\x01\x1b\x1f\x7f")), "\"\\u{1}\\u{1b}\\u{1f}\\u{7f}\"");
  EXPECT_EQ(to_debug(std::string("\x0b\x0c")), "\"\\u{b}\\u{c}\"");
  EXPECT_EQ(to_debug(std::string("x\xc2\x85y\xc2\x9f")), "\"x\\u{85}y\\u{9f}\"");  // C1 controls
  EXPECT_EQ(to_debug(std::string("\xc2\xa0\xc2\xa9")), "\"\xc2\xa0\xc2\xa9\"");       // NBSP, ©
  EXPECT_EQ(to_debug(std::string("日本 🎉")), "\"日本 🎉\"");
  EXPECT_EQ(to_debug(std::string()), "\"\"");
  EXPECT_EQ(to_debug(std::string("{}")), "\"{}\"");
}

TEST(FormatTest, UnitAndNone) {
  EXPECT_EQ(to_display(unit{}), "()");
  EXPECT_EQ(to_debug(unit{}), "()");
  EXPECT_EQ(to_display(none), "None");
  EXPECT_EQ(to_debug(none), "None");
}

TEST(FormatTest, FloatDisplaySpecExamples) {
  EXPECT_EQ(to_display(20.0), "20");
  EXPECT_EQ(to_display(100.0 / 5.0), "20");
  EXPECT_EQ(to_display(10.0), "10");
  EXPECT_EQ(to_display(0.5), "0.5");
  EXPECT_EQ(to_display(100.0 / 3.0), "33.333333333333336");
  EXPECT_EQ(to_display(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(to_display(1e21), "1000000000000000000000");
  EXPECT_EQ(to_display(1e-7), "0.0000001");
  EXPECT_EQ(to_display(-0.0), "-0");
  EXPECT_EQ(to_display(0.0), "0");
  EXPECT_EQ(to_display(std::numeric_limits<double>::quiet_NaN()), "NaN");
  EXPECT_EQ(to_display(-std::numeric_limits<double>::quiet_NaN()), "NaN");
  EXPECT_EQ(to_display(kInf), "inf");
  EXPECT_EQ(to_display(-kInf), "-inf");
  EXPECT_EQ(to_display(3.14), "3.14");
  EXPECT_EQ(to_display(999.99), "999.99");
  EXPECT_EQ(to_display(1089.96), "1089.96");
  EXPECT_EQ(to_display(1e300), "1" + std::string(300, '0'));
  EXPECT_EQ(to_display(5e-324), "0." + std::string(323, '0') + "5");
  EXPECT_EQ(to_display(-1.5), "-1.5");
}

TEST(FormatTest, FloatDebugSpecExamples) {
  EXPECT_EQ(to_debug(20.0), "20.0");
  EXPECT_EQ(to_debug(0.5), "0.5");
  EXPECT_EQ(to_debug(1e15), "1000000000000000.0");
  EXPECT_EQ(to_debug(1e16), "1e16");
  EXPECT_EQ(to_debug(1.5e-5), "1.5e-5");
  EXPECT_EQ(to_debug(1.2345678901234568e17), "1.2345678901234568e17");
  EXPECT_EQ(to_debug(-1e-7), "-1e-7");
  EXPECT_EQ(to_debug(0.0001), "0.0001");
  EXPECT_EQ(to_debug(0.0), "0.0");
  EXPECT_EQ(to_debug(-0.0), "-0.0");
  EXPECT_EQ(to_debug(std::numeric_limits<double>::quiet_NaN()), "NaN");
  EXPECT_EQ(to_debug(kInf), "inf");
  EXPECT_EQ(to_debug(-kInf), "-inf");
  EXPECT_EQ(to_debug(9999999999999998.0), "9999999999999998.0");
  EXPECT_EQ(to_debug(5e-324), "5e-324");
  EXPECT_EQ(to_debug(1.7976931348623157e308), "1.7976931348623157e308");
  EXPECT_EQ(to_debug(0.1 + 0.2), "0.30000000000000004");
}

// Every row of data/float_format.tsv: `<bits hex>\t<display>\t<debug>`.
TEST(FormatTest, FloatTableFromPythonOracle) {
  std::ifstream in(INCAN_STD_TEST_DATA_DIR "/float_format.tsv");
  ASSERT_TRUE(in) << "missing " INCAN_STD_TEST_DATA_DIR "/float_format.tsv";
  std::string line;
  int rows = 0;
  int failures = 0;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string hex, display, debug;
    ASSERT_TRUE(std::getline(fields, hex, '\t') && std::getline(fields, display, '\t') &&
                std::getline(fields, debug))
        << "malformed row: " << line;
    const double x = std::bit_cast<double>(std::stoull(hex, nullptr, 16));
    ++rows;
    if (to_display(x) != display || to_debug(x) != debug) {
      ++failures;
      EXPECT_EQ(to_display(x), display) << "bits " << hex;
      EXPECT_EQ(to_debug(x), debug) << "bits " << hex;
      if (failures > 20) break;
    }
  }
  EXPECT_GT(rows, 1900);
}

TEST(FormatTest, ListDebugAndDisplay) {
  EXPECT_EQ(to_display(list<std::int64_t>{1, 2}), "[1, 2]");
  EXPECT_EQ(to_debug(list<std::int64_t>{}), "[]");
  EXPECT_EQ(to_display(list<std::string>{"id", "amount"}), "[\"id\", \"amount\"]");
  EXPECT_EQ(to_display(list<double>{1.0, 2.5}), "[1.0, 2.5]");
  EXPECT_EQ(to_display(list<bool>{true, false}), "[true, false]");
  EXPECT_EQ(to_display(list<list<std::int64_t>>{{1}, {}, {2, 3}}), "[[1], [], [2, 3]]");
}

TEST(FormatTest, OptionAndResult) {
  EXPECT_EQ(to_display(some(std::int64_t{5})), "Some(5)");
  EXPECT_EQ(to_display(some(2.0)), "Some(2.0)");
  EXPECT_EQ(to_display(2.0), "2");
  EXPECT_EQ(to_display(option<std::int64_t>()), "None");
  EXPECT_EQ(to_debug(some(std::string("x"))), "Some(\"x\")");
  EXPECT_EQ(to_debug(some(some(unit{}))), "Some(Some(()))");
  using r = result<std::string, std::string>;
  EXPECT_EQ(to_display(r::ok("x")), "Ok(\"x\")");
  EXPECT_EQ(to_display(r::err("boom")), "Err(\"boom\")");
  EXPECT_EQ(to_debug(result<std::int64_t, unit>::err(unit{})), "Err(())");
  EXPECT_EQ(to_debug(result<list<double>, std::int64_t>::ok({0.5})), "Ok([0.5])");
}

TEST(FormatTest, Tuples) {
  EXPECT_EQ(to_display(std::tuple<std::int64_t, std::int64_t>{10, 20}), "(10, 20)");
  EXPECT_EQ(to_debug(std::tuple<std::int64_t>{1}), "(1,)");
  EXPECT_EQ(to_debug(std::tuple<>{}), "()");
  EXPECT_EQ(to_debug(std::tuple<std::string, double, bool>{"a", 1.0, true}), "(\"a\", 1.0, true)");
  EXPECT_EQ(to_debug(list<std::tuple<std::int64_t, std::string>>{{0, "a"}, {1, "b"}}),
            "[(0, \"a\"), (1, \"b\")]");
  EXPECT_EQ(to_debug(std::tuple<list<std::int64_t>, option<double>>{{1}, none}), "([1], None)");
  EXPECT_EQ(to_debug(std::pair<std::string, std::int64_t>{"k", 3}), "(\"k\", 3)");
}

TEST(FormatTest, UserTypesFoundByArgumentDependentLookup) {
  EXPECT_EQ(to_debug(app::point{10, 20}), "Point { x: 10, y: 20 }");
  EXPECT_EQ(to_display(app::point{1, 2}), "<1,2>");
  EXPECT_EQ(to_display(list<app::point>{{1, 2}}), "[Point { x: 1, y: 2 }]");
  EXPECT_EQ(to_display(some(app::color::green)), "Some(Green)");
  EXPECT_EQ(to_debug(std::tuple<app::color, user_id>{app::color::red, {42}}), "(Red, UserId(42))");
  EXPECT_EQ(to_debug(list<option<user_id>>{some(user_id{7}), none}), "[Some(UserId(7)), None]");
  EXPECT_EQ(to_debug(result<list<app::point>, user_id>::err({3})), "Err(UserId(3))");
}

TEST(FormatTest, AppendsToExistingText) {
  std::string out = "x = ";
  fmt_display(out, 1.5);
  out += ", ok";
  EXPECT_EQ(out, "x = 1.5, ok");
}

// Overloads that would silently convert are rejected at compile time.
template <class T>
concept display_formattable = requires(std::string& out, const T& v) { fmt_display(out, v); };
static_assert(display_formattable<std::int64_t>);
static_assert(display_formattable<int>);
static_assert(display_formattable<const char*>);
static_assert(display_formattable<list<option<double>>>);
static_assert(!display_formattable<char>);
static_assert(!display_formattable<const int*>);
static_assert(!display_formattable<std::vector<int>>);

}  // namespace
}  // namespace incan
