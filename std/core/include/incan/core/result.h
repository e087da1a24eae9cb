// `Result[T, E]`: Ok(value) or Err(error), as a value type (LANGUAGE.md 12.6). Part of
// std/core.
#pragma once

#include <concepts>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

#include "incan/core/option.h"
#include "incan/core/panic.h"

namespace incan {

// Defined in format.h (included at the end of this header).
template <class T>
std::string to_debug(const T& v);

namespace detail {
// `{msg}: {err Debug}` (Rust's Result::expect).
[[noreturn, gnu::cold, gnu::noinline]] void panic_result_expect(std::string_view msg, const std::string& err_debug);
}  // namespace detail

template <class T, class E>
class result {
 public:
  using value_type = T;
  using error_type = E;

  // `Ok(T())`: the value of a struct member before its constructor assigns it (an
  // enum payload, a model field); Incan code never observes it.
  result() = default;
  static result ok(T value) { return result(std::in_place_index<0>, std::move(value)); }
  static result err(E error) { return result(std::in_place_index<1>, std::move(error)); }

  bool is_ok() const noexcept { return v_.index() == 0; }
  bool is_err() const noexcept { return v_.index() == 1; }

  // Preconditions: is_ok() / is_err() respectively.
  T& ok_value() & { return *std::get_if<0>(&v_); }
  const T& ok_value() const& { return *std::get_if<0>(&v_); }
  T&& ok_value() && { return std::move(*std::get_if<0>(&v_)); }
  E& err_value() & { return *std::get_if<1>(&v_); }
  const E& err_value() const& { return *std::get_if<1>(&v_); }
  E&& err_value() && { return std::move(*std::get_if<1>(&v_)); }

  // `r.unwrap()`: the Ok payload, or the panic of LANGUAGE.md section 14.
  T unwrap() const& {
    if (!is_ok()) [[unlikely]]
      panic("called Result.unwrap() on an Err value");
    return ok_value();
  }
  // On a temporary the payload is moved out (move-only payloads: permits, guards).
  T unwrap() && {
    if (!is_ok()) [[unlikely]]
      panic("called Result.unwrap() on an Err value");
    return std::move(*std::get_if<0>(&v_));
  }
  // `r.expect(msg)`: the Ok payload, or the panic `{msg}: {err Debug}`.
  T expect(std::string_view msg) const {
    if (!is_ok()) [[unlikely]]
      detail::panic_result_expect(msg, to_debug(err_value()));
    return ok_value();
  }
  T unwrap_or(T fallback) const { return is_ok() ? ok_value() : std::move(fallback); }
  // `r.unwrap_or_else(f)`: the Ok payload, or `f(e)`.
  template <class F>
  T unwrap_or_else(F f) const {
    return is_ok() ? ok_value() : static_cast<T>(f(err_value()));
  }

  // `r.ok()` / `r.err()`: the payload of that side as an option.
  option<T> ok() const { return is_ok() ? option<T>::some(ok_value()) : option<T>(none); }
  option<E> err() const { return is_ok() ? option<E>(none) : option<E>::some(err_value()); }

  // `r.map(f)`: Ok(f(x)) or the same Err. A `void` f gives result<unit, E>.
  template <class F>
  auto map(F f) const -> result<detail::call_value_t<F, const T&>, E> {
    using R = result<detail::call_value_t<F, const T&>, E>;
    if (!is_ok()) return R::err(err_value());
    return R::ok(detail::call_value(f, ok_value()));
  }
  // `r.map_err(f)`: the same Ok, or Err(f(e)).
  template <class F>
  auto map_err(F f) const -> result<T, detail::call_value_t<F, const E&>> {
    using R = result<T, detail::call_value_t<F, const E&>>;
    if (is_ok()) return R::ok(ok_value());
    return R::err(detail::call_value(f, err_value()));
  }
  // `r.and_then(f)`: f(x) (a result with the same error type) or the same Err.
  template <class F>
  auto and_then(F f) const -> std::decay_t<std::invoke_result_t<F&, const T&>> {
    using R = std::decay_t<std::invoke_result_t<F&, const T&>>;
    if (!is_ok()) return R::err(err_value());
    return f(ok_value());
  }
  // `r.or_else(f)`: the same Ok, or f(e) (a result with the same Ok type).
  template <class F>
  auto or_else(F f) const -> std::decay_t<std::invoke_result_t<F&, const E&>> {
    using R = std::decay_t<std::invoke_result_t<F&, const E&>>;
    if (is_ok()) return R::ok(ok_value());
    return f(err_value());
  }
  // `r.inspect(f)` / `r.inspect_err(f)`: call f on that side's payload, return a copy.
  template <class F>
  result inspect(F f) const {
    if (is_ok()) f(ok_value());
    return *this;
  }
  template <class F>
  result inspect_err(F f) const {
    if (!is_ok()) f(err_value());
    return *this;
  }

  // Structural equality; only when both payload types have `==`.
  friend bool operator==(const result& a, const result& b)
    requires std::equality_comparable<T> && std::equality_comparable<E>
  {
    return a.v_ == b.v_;
  }

 private:
  template <std::size_t I, class U>
  result(std::in_place_index_t<I> tag, U&& value) : v_(tag, std::forward<U>(value)) {}
  std::variant<T, E> v_;
};

}  // namespace incan

// result::expect formats the error: make sure to_debug is defined wherever result is used.
#include "incan/core/format.h"
