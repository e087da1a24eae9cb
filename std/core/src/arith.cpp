// Cold panic paths of the checked arithmetic helpers and the text-to-number
// conversions of `int(str)` / `float(str)`. Part of std/core.
#include "incan/core/arith.h"

#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <string_view>
#include <system_error>

#include "incan/core/panic.h"

namespace incan {
namespace detail {

void panic_add_overflow() { panic("attempt to add with overflow"); }
void panic_sub_overflow() { panic("attempt to subtract with overflow"); }
void panic_mul_overflow() { panic("attempt to multiply with overflow"); }
void panic_neg_overflow() { panic("attempt to negate with overflow"); }
void panic_div_overflow() { panic("attempt to divide with overflow"); }
void panic_zero_division() { panic("ZeroDivisionError: float division by zero"); }

}  // namespace detail

namespace {

[[noreturn, gnu::cold]] void panic_cannot_convert(const std::string& text, const char* type) {
  std::string message = "ValueError: cannot convert '";
  message += text;
  message += "' to ";
  message += type;
  panic(message);
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c; }

bool equals_ignore_case(std::string_view text, std::string_view lower_word) {
  if (text.size() != lower_word.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (ascii_lower(text[i]) != lower_word[i]) return false;
  }
  return true;
}

// Rust's f64 grammar for the part after the sign:
//   ( Digit+ | Digit+ '.' Digit* | Digit* '.' Digit+ ) ( ('e'|'E') Sign? Digit+ )?
bool is_decimal_float(std::string_view s) {
  std::size_t i = 0;
  std::size_t int_digits = 0;
  std::size_t frac_digits = 0;
  while (i < s.size() && is_digit(s[i])) ++i, ++int_digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && is_digit(s[i])) ++i, ++frac_digits;
  }
  if (int_digits + frac_digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    std::size_t exp_digits = 0;
    while (i < s.size() && is_digit(s[i])) ++i, ++exp_digits;
    if (exp_digits == 0) return false;
  }
  return i == s.size();
}

}  // namespace

std::int64_t parse_int(const std::string& text) {
  std::string_view s = text;
  std::size_t start = 0;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) start = 1;
  if (start == s.size()) panic_cannot_convert(text, "int");
  for (std::size_t i = start; i < s.size(); ++i) {
    if (!is_digit(s[i])) panic_cannot_convert(text, "int");
  }
  // from_chars accepts a leading '-' but not '+'; the digits were validated above.
  const char* first = s.data() + (s[0] == '+' ? 1 : 0);
  std::int64_t value = 0;
  auto [ptr, ec] = std::from_chars(first, s.data() + s.size(), value);
  if (ec != std::errc() || ptr != s.data() + s.size()) panic_cannot_convert(text, "int");
  return value;
}

double parse_float(const std::string& text) {
  std::string_view s = text;
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (equals_ignore_case(s, "inf") || equals_ignore_case(s, "infinity")) {
    return negative ? -std::numeric_limits<double>::infinity()
                    : std::numeric_limits<double>::infinity();
  }
  if (equals_ignore_case(s, "nan")) {
    return negative ? -std::numeric_limits<double>::quiet_NaN()
                    : std::numeric_limits<double>::quiet_NaN();
  }
  if (!is_decimal_float(s)) panic_cannot_convert(text, "float");

  double value = 0.0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec == std::errc::result_out_of_range) {
    // from_chars leaves `value` untouched on overflow/underflow; strtod gives the
    // IEEE result (inf or a zero), which is what Rust's parser returns. Programs never
    // call setlocale, so strtod's decimal point is the C locale's '.'.
    std::string copy(s);
    errno = 0;
    value = std::strtod(copy.c_str(), nullptr);
  } else if (ec != std::errc() || ptr != s.data() + s.size()) {
    panic_cannot_convert(text, "float");
  }
  return negative ? -value : value;
}

}  // namespace incan
