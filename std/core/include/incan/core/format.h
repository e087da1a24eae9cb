// Display (`{x}`, print, str()) and Debug (`{x:?}`) text of values, byte-exact with
// LANGUAGE.md sections 13.1 and 13.2. Part of std/core.
//
// Every formatter appends to `out`. Generated code adds overloads for its own types
// (models, enums, newtypes) in their own namespaces; the templates below call element
// formatters unqualified, so those overloads are found by argument-dependent lookup
// when a template is instantiated.
//
// Overload hygiene: a plain `int` (or any other integer type) goes to the integer
// formatter, a string literal / `const char*` to the string formatter, never to `bool`;
// `char` and other pointers are rejected at compile time.
#pragma once

#include <concepts>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include "incan/core/list.h"
#include "incan/core/option.h"
#include "incan/core/result.h"
#include "incan/core/unit.h"

namespace incan {
namespace detail {

template <class T>
concept plain_integer =
    std::is_integral_v<T> && !std::is_same_v<T, bool> && !std::is_same_v<T, char> &&
    !std::is_same_v<T, signed char> && !std::is_same_v<T, unsigned char> &&
    !std::is_same_v<T, char8_t> && !std::is_same_v<T, char16_t> &&
    !std::is_same_v<T, char32_t> && !std::is_same_v<T, wchar_t>;

void fmt_unsigned(std::string& out, std::uint64_t v);

}  // namespace detail

// ---- Scalars (defined in format.cpp / format_float.cpp) ------------------------------

// int: decimal with a leading `-` for negatives (Display and Debug agree).
void fmt_display(std::string& out, std::int64_t v);
void fmt_debug(std::string& out, std::int64_t v);

// Other integer types (`int`, `std::size_t`, ...): formatted by value, like int.
template <detail::plain_integer I>
void fmt_display(std::string& out, I v) {
  if constexpr (std::is_signed_v<I>) fmt_display(out, static_cast<std::int64_t>(v));
  else detail::fmt_unsigned(out, static_cast<std::uint64_t>(v));
}
template <detail::plain_integer I>
void fmt_debug(std::string& out, I v) {
  fmt_display(out, v);
}

// float Display: shortest round-trip digits laid out positionally, never an exponent,
// no `.0` for integral values (`20`, `0.5`, `1e21` -> `1000000000000000000000`, `-0`,
// `NaN`, `inf`, `-inf`).
void fmt_display(std::string& out, double v);
// float Debug: shortest round-trip digits, always with a fraction or an exponent
// (`20.0`); exponent form `1e16`, `1.5e-5` exactly when v != 0 and
// (|v| < 1e-4 or |v| >= 1e16); `-0.0`, `NaN`, `inf`.
void fmt_debug(std::string& out, double v);

// bool: `true` / `false`.
void fmt_display(std::string& out, bool v);
void fmt_debug(std::string& out, bool v);

// str Display: the raw text. Debug: double-quoted; escapes `\"`, `\\`, `\n`, `\r`,
// `\t`, `\0`; other C0 controls, DEL and the C1 controls U+0080..U+009F as `\u{hex}`
// (lower-case, no padding); `'` and all other characters as-is.
void fmt_display(std::string& out, std::string_view v);
void fmt_debug(std::string& out, std::string_view v);
inline void fmt_display(std::string& out, const std::string& v) { out += v; }
inline void fmt_debug(std::string& out, const std::string& v) { fmt_debug(out, std::string_view(v)); }
inline void fmt_display(std::string& out, const char* v) { fmt_display(out, std::string_view(v)); }
inline void fmt_debug(std::string& out, const char* v) { fmt_debug(out, std::string_view(v)); }
inline void fmt_display(std::string& out, char* v) { fmt_display(out, std::string_view(v)); }
inline void fmt_debug(std::string& out, char* v) { fmt_debug(out, std::string_view(v)); }

// The unit value `()` and the literal `None`.
inline void fmt_display(std::string& out, unit) { out += "()"; }
inline void fmt_debug(std::string& out, unit) { out += "()"; }
inline void fmt_display(std::string& out, none_t) { out += "None"; }
inline void fmt_debug(std::string& out, none_t) { out += "None"; }

// A function value (a model field of function type): its Debug text names no
// address, so output stays the same from run to run.
template <class R, class... A>
void fmt_debug(std::string& out, const std::function<R(A...)>&) {
  out += "<function>";
}

// Rejected: a `char` is not an Incan value, and any other pointer would silently
// become a bool.
void fmt_display(std::string& out, char v) = delete;
void fmt_debug(std::string& out, char v) = delete;
template <class T>
void fmt_display(std::string& out, const T* v) = delete;
template <class T>
void fmt_debug(std::string& out, const T* v) = delete;

// ---- Containers: declared first so that nested containers find each other -----------

template <class T>
void fmt_debug(std::string& out, const list<T>& v);
template <class T>
void fmt_debug(std::string& out, const option<T>& v);
template <class T, class E>
void fmt_debug(std::string& out, const result<T, E>& v);
template <class... Ts>
void fmt_debug(std::string& out, const std::tuple<Ts...>& v);
template <class A, class B>
void fmt_debug(std::string& out, const std::pair<A, B>& v);

// Display of a list, option, result or tuple is its Debug form (section 13.1).
template <class T>
void fmt_display(std::string& out, const list<T>& v) {
  fmt_debug(out, v);
}
template <class T>
void fmt_display(std::string& out, const option<T>& v) {
  fmt_debug(out, v);
}
template <class T, class E>
void fmt_display(std::string& out, const result<T, E>& v) {
  fmt_debug(out, v);
}
template <class... Ts>
void fmt_display(std::string& out, const std::tuple<Ts...>& v) {
  fmt_debug(out, v);
}
template <class A, class B>
void fmt_display(std::string& out, const std::pair<A, B>& v) {
  fmt_debug(out, v);
}

// `[e1, e2]`, elements in Debug; empty `[]`.
template <class T>
void fmt_debug(std::string& out, const list<T>& v) {
  out += '[';
  bool first = true;
  for (const auto& elem : v) {
    if (!first) out += ", ";
    first = false;
    fmt_debug(out, elem);
  }
  out += ']';
}

// `Some(x)` with the payload in Debug, or `None`.
template <class T>
void fmt_debug(std::string& out, const option<T>& v) {
  if (v.is_none()) {
    out += "None";
    return;
  }
  out += "Some(";
  fmt_debug(out, v.value());
  out += ')';
}

// `Ok(x)` / `Err(e)` with the payload in Debug.
template <class T, class E>
void fmt_debug(std::string& out, const result<T, E>& v) {
  if (v.is_ok()) {
    out += "Ok(";
    fmt_debug(out, v.ok_value());
  } else {
    out += "Err(";
    fmt_debug(out, v.err_value());
  }
  out += ')';
}

// `(a, b)`; one element `(a,)`; empty `()`.
template <class... Ts>
void fmt_debug(std::string& out, const std::tuple<Ts...>& v) {
  out += '(';
  std::apply(
      [&out](const auto&... elems) {
        [[maybe_unused]] std::size_t i = 0;
        ((out += (i++ == 0 ? "" : ", "), fmt_debug(out, elems)), ...);
      },
      v);
  if constexpr (sizeof...(Ts) == 1) out += ',';
  out += ')';
}

template <class A, class B>
void fmt_debug(std::string& out, const std::pair<A, B>& v) {
  out += '(';
  fmt_debug(out, v.first);
  out += ", ";
  fmt_debug(out, v.second);
  out += ')';
}

// ---- Whole-value helpers -------------------------------------------------------------

// `f"{x}"` / `str(x)`: the Display text of `x`.
template <class T>
std::string to_display(const T& v) {
  std::string out;
  fmt_display(out, v);
  return out;
}

// `f"{x:?}"`: the Debug text of `x`.
template <class T>
std::string to_debug(const T& v) {
  std::string out;
  fmt_debug(out, v);
  return out;
}

}  // namespace incan
