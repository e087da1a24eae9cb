// Checked integer arithmetic, Python-style division and the numeric conversions of
// LANGUAGE.md sections 7.4 and 11. Part of std/core (dependency-free policy library).
//
// Every helper is inline and branch-light: the overflow branch calls a cold, out-of-line
// function that panics, so the hot path compiles to the plain instruction plus one jump.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

namespace incan {
namespace detail {

// Out-of-line panics for the arithmetic helpers (exact texts of LANGUAGE.md section 14).
[[noreturn, gnu::cold, gnu::noinline]] void panic_add_overflow();
[[noreturn, gnu::cold, gnu::noinline]] void panic_sub_overflow();
[[noreturn, gnu::cold, gnu::noinline]] void panic_mul_overflow();
[[noreturn, gnu::cold, gnu::noinline]] void panic_neg_overflow();
[[noreturn, gnu::cold, gnu::noinline]] void panic_div_overflow();
[[noreturn, gnu::cold, gnu::noinline]] void panic_zero_division();

}  // namespace detail

// `a + b` on int; overflow panics `attempt to add with overflow`.
inline std::int64_t iadd(std::int64_t a, std::int64_t b) {
  std::int64_t r;
  if (__builtin_add_overflow(a, b, &r)) [[unlikely]]
    detail::panic_add_overflow();
  return r;
}

// `a - b` on int; overflow panics `attempt to subtract with overflow`.
inline std::int64_t isub(std::int64_t a, std::int64_t b) {
  if (__builtin_constant_p(b)) {
    // `n - 1` with a literal: one compare against a folded bound. Besides being cheap,
    // this keeps GCC's size estimate of small recursive functions (fib) low enough at
    // -O2 for the recursive inlining plain C++ gets; the __builtin_sub_overflow form
    // alone made fib(38) ~3x slower than unchecked code.
    if (b >= 0 ? a < std::numeric_limits<std::int64_t>::min() + b
               : a > std::numeric_limits<std::int64_t>::max() + b) [[unlikely]]
      detail::panic_sub_overflow();
    return a - b;
  }
  std::int64_t r;
  if (__builtin_sub_overflow(a, b, &r)) [[unlikely]]
    detail::panic_sub_overflow();
  return r;
}

// `a * b` on int; overflow panics `attempt to multiply with overflow`.
inline std::int64_t imul(std::int64_t a, std::int64_t b) {
  std::int64_t r;
  if (__builtin_mul_overflow(a, b, &r)) [[unlikely]]
    detail::panic_mul_overflow();
  return r;
}

// Unary `-a` on int; `-INT64_MIN` panics `attempt to negate with overflow`.
inline std::int64_t ineg(std::int64_t a) {
  if (a == std::numeric_limits<std::int64_t>::min()) [[unlikely]]
    detail::panic_neg_overflow();
  return -a;
}

// `abs(a)` on int; `abs(INT64_MIN)` panics `attempt to negate with overflow` (Rust's i64::abs).
inline std::int64_t iabs(std::int64_t a) {
  if (a == std::numeric_limits<std::int64_t>::min()) [[unlikely]]
    detail::panic_neg_overflow();
  return a < 0 ? -a : a;
}

// `base ** exp` for int operands. Precondition: exp >= 0 (the checker only allows a
// non-negative int literal; anything else is float `**`). Overflow panics
// `attempt to multiply with overflow`. Same loop as Rust's i64::pow, so an intermediate
// square never overflows unless the result would.
inline std::int64_t ipow(std::int64_t base, std::int64_t exp) {
  if (exp <= 0) return 1;
  std::int64_t acc = 1;
  for (;;) {
    if (exp & 1) {
      acc = imul(acc, base);
      if (exp == 1) return acc;
    }
    exp >>= 1;
    base = imul(base, base);
  }
}

// Float `**` (and int `**` with a non-literal or negative exponent): IEEE pow.
inline double fpow(double base, double exp) { return std::pow(base, exp); }

// `/` (always true division on floats; int operands are converted by the caller).
// A zero divisor (either sign) panics `ZeroDivisionError: float division by zero`.
inline double true_div(double a, double b) {
  if (b == 0.0) [[unlikely]]
    detail::panic_zero_division();
  return a / b;
}

// `a // b` on int: quotient rounded toward negative infinity. Zero divisor panics with
// the ZeroDivisionError; `INT64_MIN // -1` panics `attempt to divide with overflow`.
inline std::int64_t floordiv(std::int64_t a, std::int64_t b) {
  if (b == 0) [[unlikely]]
    detail::panic_zero_division();
  if (b == -1 && a == std::numeric_limits<std::int64_t>::min()) [[unlikely]]
    detail::panic_div_overflow();
  const std::int64_t q = a / b;
  const std::int64_t r = a % b;
  return (r != 0 && ((r < 0) != (b < 0))) ? q - 1 : q;
}

// `a // b` with a float operand: floor(a / b). Zero divisor panics with the ZeroDivisionError.
inline double floordiv(double a, double b) {
  if (b == 0.0) [[unlikely]]
    detail::panic_zero_division();
  return std::floor(a / b);
}

// `a % b` on int: the result has the sign of the divisor (`-7 % 3 == 2`, `7 % -3 == -2`).
// Zero divisor panics with the ZeroDivisionError; `INT64_MIN % -1 == 0` (no panic).
inline std::int64_t imod(std::int64_t a, std::int64_t b) {
  if (b == 0) [[unlikely]]
    detail::panic_zero_division();
  if (b == -1) [[unlikely]]
    return 0;
  const std::int64_t r = a % b;
  return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r;
}

// `a % b` with a float operand: fmod adjusted to the sign of the divisor. Like the
// reference (and unlike Python) an exact zero keeps fmod's sign: `-6.0 % 3.0` is `-0.0`.
inline double fmod_py(double a, double b) {
  if (b == 0.0) [[unlikely]]
    detail::panic_zero_division();
  const double r = std::fmod(a, b);
  return ((r > 0.0 && b < 0.0) || (r < 0.0 && b > 0.0)) ? r + b : r;
}

// `int(text)`: optional `+`/`-` then one or more ASCII digits, nothing else (no
// whitespace, no underscores). Anything else, or a value outside int64, panics
// `ValueError: cannot convert '<text>' to int`.
std::int64_t parse_int(const std::string& text);

// `float(text)`: Rust's f64 grammar — optional sign, then `inf`, `infinity`, `nan`
// (case-insensitive) or digits with an optional `.` and optional exponent (`1.`, `.5`,
// `2.5E-3`). Out-of-range magnitudes become inf or 0. Anything else panics
// `ValueError: cannot convert '<text>' to float`.
double parse_float(const std::string& text);

// `int(x)` for a float: truncation toward zero, NaN -> 0, saturating at the int64 bounds.
inline std::int64_t float_to_int(double x) {
  if (x != x) return 0;
  if (x >= 9223372036854775808.0) return std::numeric_limits<std::int64_t>::max();
  if (x <= -9223372036854775808.0) return std::numeric_limits<std::int64_t>::min();
  return static_cast<std::int64_t>(x);
}

}  // namespace incan
