// Display and Debug text of `float` (LANGUAGE.md 13.1/13.2), matching Rust's `{}` and
// `{:?}` for f64 byte for byte. Part of std/core.
//
// std::to_chars in shortest scientific form yields the shortest digit string that round
// trips (the same digits Rust's Grisu/Dragon and Python's repr() pick); this file only
// lays those digits out: positionally for Display and ordinary Debug, as `d.ddde-N`
// for Debug's exponent range.
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>

#include "incan/core/format.h"

namespace incan {
namespace {

// The shortest round-trip decimal of a finite |v|: value = 0.d1d2...dn * 10^point,
// i.e. `point` digits stand before the decimal point (it may be <= 0 or > n).
struct shortest_decimal {
  char digits[20];
  int count = 0;
  int point = 0;
};

shortest_decimal decompose(double magnitude) {
  // Longest shortest-scientific output: "d.dddddddddddddddde-324" (23 chars).
  char buf[32];
  auto res = std::to_chars(buf, buf + sizeof buf, magnitude, std::chars_format::scientific);
  shortest_decimal d;
  const char* p = buf;
  for (; p < res.ptr && *p != 'e'; ++p) {
    if (*p != '.') d.digits[d.count++] = *p;
  }
  int exp10 = 0;
  if (p < res.ptr) std::from_chars(p + 1 + (p[1] == '+' ? 1 : 0), res.ptr, exp10);
  // Zero is the only value whose digit string may need trimming ("0").
  while (d.count > 1 && d.digits[d.count - 1] == '0') --d.count;
  d.point = exp10 + 1;
  return d;
}

// Lays out `d` without an exponent; appends ".0" when there is no fractional part and
// `force_fraction` is set (Debug).
void append_positional(std::string& out, const shortest_decimal& d, bool force_fraction) {
  if (d.point <= 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-d.point), '0');
    out.append(d.digits, static_cast<std::size_t>(d.count));
  } else if (d.point >= d.count) {
    out.append(d.digits, static_cast<std::size_t>(d.count));
    out.append(static_cast<std::size_t>(d.point - d.count), '0');
    if (force_fraction) out += ".0";
  } else {
    out.append(d.digits, static_cast<std::size_t>(d.point));
    out += '.';
    out.append(d.digits + d.point, static_cast<std::size_t>(d.count - d.point));
  }
}

// Rust's `{:e}` shortest form: `1e16`, `1.5e-5`, `1.2345678901234568e17`.
void append_exponential(std::string& out, const shortest_decimal& d) {
  out += d.digits[0];
  if (d.count > 1) {
    out += '.';
    out.append(d.digits + 1, static_cast<std::size_t>(d.count - 1));
  }
  out += 'e';
  char buf[8];
  auto res = std::to_chars(buf, buf + sizeof buf, d.point - 1);
  out.append(buf, res.ptr);
}

// Handles NaN and infinities; returns false for finite values.
bool append_special(std::string& out, double v) {
  if (std::isnan(v)) {
    out += "NaN";
    return true;
  }
  if (std::isinf(v)) {
    out += v < 0 ? "-inf" : "inf";
    return true;
  }
  return false;
}

}  // namespace

void fmt_display(std::string& out, double v) {
  if (append_special(out, v)) return;
  if (std::signbit(v)) out += '-';
  append_positional(out, decompose(std::fabs(v)), /*force_fraction=*/false);
}

void fmt_debug(std::string& out, double v) {
  if (append_special(out, v)) return;
  if (std::signbit(v)) out += '-';
  const double magnitude = std::fabs(v);
  const shortest_decimal d = decompose(magnitude);
  if (magnitude != 0.0 && (magnitude < 1e-4 || magnitude >= 1e16)) {
    append_exponential(out, d);
  } else {
    append_positional(out, d, /*force_fraction=*/true);
  }
}

}  // namespace incan
