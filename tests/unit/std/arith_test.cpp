// Tests for incan/core/arith.h: checked int arithmetic, Python division and modulo,
// and the int()/float() conversions (LANGUAGE.md 7.4, 11, 14).
#include "incan/core/arith.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>

#include "test_support.h"

namespace incan {
namespace {

using testing::panic_message;

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
constexpr const char* kZeroDiv = "ZeroDivisionError: float division by zero";

TEST(ArithTest, AddSubMulInRange) {
  EXPECT_EQ(iadd(2, 3), 5);
  EXPECT_EQ(iadd(kMax - 1, 1), kMax);
  EXPECT_EQ(iadd(kMin, kMax), -1);
  EXPECT_EQ(isub(2, 5), -3);
  EXPECT_EQ(isub(kMin + 1, 1), kMin);
  EXPECT_EQ(imul(-4, 25), -100);
  EXPECT_EQ(imul(kMin, 1), kMin);
  EXPECT_EQ(imul(4611686018427387904, -2), kMin);
}

TEST(ArithTest, OverflowPanics) {
  EXPECT_EQ(panic_message([] { iadd(kMax, 1); }), "attempt to add with overflow");
  EXPECT_EQ(panic_message([] { iadd(kMin, -1); }), "attempt to add with overflow");
  EXPECT_EQ(panic_message([] { isub(kMin, 1); }), "attempt to subtract with overflow");
  EXPECT_EQ(panic_message([] { isub(0, kMin); }), "attempt to subtract with overflow");
  EXPECT_EQ(panic_message([] { imul(kMax, 2); }), "attempt to multiply with overflow");
  EXPECT_EQ(panic_message([] { imul(kMin, -1); }), "attempt to multiply with overflow");
  EXPECT_EQ(panic_message([] { imul(4294967296, 4294967296); }), "attempt to multiply with overflow");
}

// Operands the compiler cannot see, so the non-constant code paths run too.
std::int64_t opaque(std::int64_t v) {
  volatile std::int64_t copy = v;
  return copy;
}

TEST(ArithTest, OverflowWithRuntimeOperands) {
  EXPECT_EQ(iadd(opaque(kMax), opaque(-1)), kMax - 1);
  EXPECT_EQ(isub(opaque(kMin), opaque(-1)), kMin + 1);
  EXPECT_EQ(isub(opaque(-1), opaque(kMax)), kMin);
  EXPECT_EQ(panic_message([] { iadd(opaque(kMax), opaque(1)); }), "attempt to add with overflow");
  EXPECT_EQ(panic_message([] { isub(opaque(kMin), opaque(1)); }), "attempt to subtract with overflow");
  EXPECT_EQ(panic_message([] { isub(opaque(kMax), opaque(-1)); }), "attempt to subtract with overflow");
  EXPECT_EQ(panic_message([] { imul(opaque(kMin), opaque(-1)); }), "attempt to multiply with overflow");
  EXPECT_EQ(panic_message([] { ineg(opaque(kMin)); }), "attempt to negate with overflow");
  EXPECT_EQ(panic_message([] { imod(opaque(1), opaque(0)); }), kZeroDiv);
  EXPECT_EQ(panic_message([] { floordiv(opaque(kMin), opaque(-1)); }), "attempt to divide with overflow");
}

TEST(ArithTest, SubtractLiteralBoundaries) {
  EXPECT_EQ(isub(opaque(kMin + 5), 5), kMin);
  EXPECT_EQ(isub(opaque(kMax - 3), -3), kMax);
  EXPECT_EQ(panic_message([] { isub(opaque(kMin + 4), 5); }), "attempt to subtract with overflow");
  EXPECT_EQ(panic_message([] { isub(opaque(kMax - 2), -3); }), "attempt to subtract with overflow");
}

TEST(ArithTest, NegAndAbs) {
  EXPECT_EQ(ineg(5), -5);
  EXPECT_EQ(ineg(kMax), kMin + 1);
  EXPECT_EQ(iabs(-7), 7);
  EXPECT_EQ(iabs(7), 7);
  EXPECT_EQ(iabs(kMin + 1), kMax);
  EXPECT_EQ(panic_message([] { ineg(kMin); }), "attempt to negate with overflow");
  EXPECT_EQ(panic_message([] { iabs(kMin); }), "attempt to negate with overflow");
}

TEST(ArithTest, IntPow) {
  EXPECT_EQ(ipow(2, 3), 8);
  EXPECT_EQ(ipow(2, 0), 1);
  EXPECT_EQ(ipow(0, 0), 1);
  EXPECT_EQ(ipow(0, 5), 0);
  EXPECT_EQ(ipow(-3, 3), -27);
  EXPECT_EQ(ipow(-2, 63), kMin);
  EXPECT_EQ(ipow(2, 62), 4611686018427387904);
  EXPECT_EQ(ipow(10, 18), 1000000000000000000);
  EXPECT_EQ(ipow(1, 1000000000000), 1);
  EXPECT_EQ(ipow(-1, 1000000000001), -1);
  EXPECT_EQ(ipow(3, 39), 4052555153018976267);
  EXPECT_EQ(panic_message([] { ipow(2, 63); }), "attempt to multiply with overflow");
  EXPECT_EQ(panic_message([] { ipow(10, 19); }), "attempt to multiply with overflow");
  EXPECT_EQ(panic_message([] { ipow(3, 40); }), "attempt to multiply with overflow");
}

TEST(ArithTest, FloatPow) {
  EXPECT_EQ(fpow(2.0, -1.0), 0.5);
  EXPECT_EQ(fpow(2.0, 3.0), 8.0);
  EXPECT_EQ(fpow(9.0, 0.5), 3.0);
}

TEST(ArithTest, TrueDivision) {
  EXPECT_EQ(true_div(7.0, 2.0), 3.5);
  EXPECT_EQ(true_div(4.0, 2.0), 2.0);
  EXPECT_EQ(true_div(100.0, 5.0), 20.0);
  EXPECT_EQ(true_div(1.0, -4.0), -0.25);
  EXPECT_EQ(panic_message([] { true_div(1.0, 0.0); }), kZeroDiv);
  EXPECT_EQ(panic_message([] { true_div(1.0, -0.0); }), kZeroDiv);
  EXPECT_EQ(panic_message([] { true_div(0.0, 0.0); }), kZeroDiv);
}

TEST(ArithTest, IntFloorDivision) {
  EXPECT_EQ(floordiv(std::int64_t{7}, std::int64_t{2}), 3);
  EXPECT_EQ(floordiv(std::int64_t{-7}, std::int64_t{2}), -4);
  EXPECT_EQ(floordiv(std::int64_t{7}, std::int64_t{-2}), -4);
  EXPECT_EQ(floordiv(std::int64_t{-7}, std::int64_t{-2}), 3);
  EXPECT_EQ(floordiv(std::int64_t{-6}, std::int64_t{3}), -2);
  EXPECT_EQ(floordiv(std::int64_t{0}, std::int64_t{-3}), 0);
  EXPECT_EQ(floordiv(kMin, std::int64_t{1}), kMin);
  EXPECT_EQ(floordiv(kMax, std::int64_t{-1}), -kMax);
  EXPECT_EQ(floordiv(kMin, std::int64_t{2}), -4611686018427387904);
  EXPECT_EQ(panic_message([] { floordiv(std::int64_t{1}, std::int64_t{0}); }), kZeroDiv);
  EXPECT_EQ(panic_message([] { floordiv(kMin, std::int64_t{-1}); }), "attempt to divide with overflow");
}

TEST(ArithTest, FloatFloorDivision) {
  EXPECT_EQ(floordiv(7.0, 2.0), 3.0);
  EXPECT_EQ(floordiv(-7.0, 2.0), -4.0);
  EXPECT_EQ(floordiv(7.5, -2.0), -4.0);
  EXPECT_EQ(floordiv(-7.0, -3.0), 2.0);
  EXPECT_EQ(panic_message([] { floordiv(1.0, 0.0); }), kZeroDiv);
}

TEST(ArithTest, IntModulo) {
  EXPECT_EQ(imod(7, 3), 1);
  EXPECT_EQ(imod(-7, 3), 2);
  EXPECT_EQ(imod(7, -3), -2);
  EXPECT_EQ(imod(-7, -3), -1);
  EXPECT_EQ(imod(6, -3), 0);
  EXPECT_EQ(imod(0, 5), 0);
  EXPECT_EQ(imod(kMin, -1), 0);
  EXPECT_EQ(imod(kMin, 3), 1);
  EXPECT_EQ(imod(kMax, -2), -1);
  EXPECT_EQ(panic_message([] { imod(5, 0); }), kZeroDiv);
}

TEST(ArithTest, FloatModulo) {
  EXPECT_EQ(fmod_py(7.0, 3.0), 1.0);
  EXPECT_EQ(fmod_py(-7.0, 3.0), 2.0);
  EXPECT_EQ(fmod_py(7.0, -3.0), -2.0);
  EXPECT_EQ(fmod_py(-7.0, -3.0), -1.0);
  EXPECT_EQ(fmod_py(7.5, 2.0), 1.5);
  // An exact zero keeps fmod's sign (the reference's rule).
  EXPECT_TRUE(std::signbit(fmod_py(-6.0, 3.0)));
  EXPECT_FALSE(std::signbit(fmod_py(6.0, -3.0)));
  EXPECT_EQ(panic_message([] { fmod_py(1.0, 0.0); }), kZeroDiv);
  EXPECT_EQ(panic_message([] { fmod_py(1.0, -0.0); }), kZeroDiv);
}

TEST(ArithTest, ParseIntAccepts) {
  EXPECT_EQ(parse_int("42"), 42);
  EXPECT_EQ(parse_int("-7"), -7);
  EXPECT_EQ(parse_int("+5"), 5);
  EXPECT_EQ(parse_int("0"), 0);
  EXPECT_EQ(parse_int("-0"), 0);
  EXPECT_EQ(parse_int("007"), 7);
  EXPECT_EQ(parse_int("9223372036854775807"), kMax);
  EXPECT_EQ(parse_int("-9223372036854775808"), kMin);
}

TEST(ArithTest, ParseIntRejects) {
  for (const char* text : {"abc", "", "+", "-", " 1", "1 ", "1_000", "1.0", "1e3", "+-1", "--1",
                           "0x10", "9223372036854775808", "-9223372036854775809", "12a"}) {
    EXPECT_EQ(panic_message([&] { parse_int(text); }),
              std::string("ValueError: cannot convert '") + text + "' to int")
        << text;
  }
}

TEST(ArithTest, ParseFloatAccepts) {
  EXPECT_EQ(parse_float("3.14"), 3.14);
  EXPECT_EQ(parse_float("-2.5"), -2.5);
  EXPECT_EQ(parse_float("+2.5"), 2.5);
  EXPECT_EQ(parse_float("10"), 10.0);
  EXPECT_EQ(parse_float("1e5"), 100000.0);
  EXPECT_EQ(parse_float("2.5E-3"), 0.0025);
  EXPECT_EQ(parse_float("1e+2"), 100.0);
  EXPECT_EQ(parse_float("1."), 1.0);
  EXPECT_EQ(parse_float(".5"), 0.5);
  EXPECT_EQ(parse_float("1.e2"), 100.0);
  EXPECT_EQ(parse_float("0.1"), 0.1);
  EXPECT_EQ(parse_float("1e400"), std::numeric_limits<double>::infinity());
  EXPECT_EQ(parse_float("-1e400"), -std::numeric_limits<double>::infinity());
  EXPECT_EQ(parse_float("1e-400"), 0.0);
  EXPECT_EQ(parse_float("5e-324"), 5e-324);
  EXPECT_TRUE(std::signbit(parse_float("-0.0")));
  EXPECT_EQ(parse_float("inf"), std::numeric_limits<double>::infinity());
  EXPECT_EQ(parse_float("Infinity"), std::numeric_limits<double>::infinity());
  EXPECT_EQ(parse_float("-INF"), -std::numeric_limits<double>::infinity());
  EXPECT_EQ(parse_float("+iNfInItY"), std::numeric_limits<double>::infinity());
  EXPECT_TRUE(std::isnan(parse_float("nan")));
  EXPECT_TRUE(std::isnan(parse_float("NaN")));
  EXPECT_TRUE(std::isnan(parse_float("-nan")));
}

TEST(ArithTest, ParseFloatRejects) {
  for (const char* text : {"abc", "", "+", "-", ".", "e5", "1e", "1e+", " 1.0", "1.0 ", "1_0.0",
                           "0x1p3", "infinit", "nanx", "1.2.3", "--1", "1,5", "in f"}) {
    EXPECT_EQ(panic_message([&] { parse_float(text); }),
              std::string("ValueError: cannot convert '") + text + "' to float")
        << text;
  }
}

TEST(ArithTest, FloatToInt) {
  EXPECT_EQ(float_to_int(3.99), 3);
  EXPECT_EQ(float_to_int(-3.99), -3);
  EXPECT_EQ(float_to_int(-0.5), 0);
  EXPECT_EQ(float_to_int(std::nan("")), 0);
  EXPECT_EQ(float_to_int(1e300), kMax);
  EXPECT_EQ(float_to_int(-1e300), kMin);
  EXPECT_EQ(float_to_int(std::numeric_limits<double>::infinity()), kMax);
  EXPECT_EQ(float_to_int(-std::numeric_limits<double>::infinity()), kMin);
  EXPECT_EQ(float_to_int(9223372036854775808.0), kMax);
  EXPECT_EQ(float_to_int(-9223372036854775808.0), kMin);
  EXPECT_EQ(float_to_int(9223372036854774784.0), 9223372036854774784);
}

}  // namespace
}  // namespace incan
