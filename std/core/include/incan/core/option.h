// `Option[T]`: Some(value) or None, as a value type (LANGUAGE.md 12.5). Part of std/core.
#pragma once

#include <compare>
#include <concepts>
#include <optional>
#include <string_view>
#include <type_traits>
#include <utility>

#include "incan/core/panic.h"
#include "incan/core/unit.h"

namespace incan {

template <class T, class E>
class result;

// Tag for an empty option; converts to any option<T> (the Incan literal `None`).
struct none_t {
  friend constexpr bool operator==(none_t, none_t) noexcept { return true; }
};
inline constexpr none_t none{};

template <class T>
class option;

namespace detail {

// The payload type of `f(x)` as an Incan value: a closure "returning nothing"
// (`void` in C++) yields the unit value.
template <class F, class... Args>
using call_value_t =
    std::conditional_t<std::is_void_v<std::invoke_result_t<F&, Args...>>, unit,
                       std::decay_t<std::invoke_result_t<F&, Args...>>>;

template <class F, class... Args>
call_value_t<F, Args...> call_value(F& f, Args&&... args) {
  if constexpr (std::is_void_v<std::invoke_result_t<F&, Args...>>) {
    f(std::forward<Args>(args)...);
    return unit{};
  } else {
    return f(std::forward<Args>(args)...);
  }
}

}  // namespace detail

template <class T>
class option {
 public:
  using value_type = T;

  option() = default;
  option(none_t) {}
  static option some(T value) {
    option o;
    o.value_.emplace(std::move(value));
    return o;
  }

  bool is_some() const noexcept { return value_.has_value(); }
  bool is_none() const noexcept { return !value_.has_value(); }

  // Precondition: is_some().
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }

  // `o.unwrap()`: the payload, or the panic of LANGUAGE.md section 14.
  T unwrap() const {
    if (!value_) [[unlikely]]
      panic("called `Option::unwrap()` on a `None` value");
    return *value_;
  }
  // `o.expect(msg)`: the payload, or a panic whose message is exactly `msg`.
  T expect(std::string_view msg) const {
    if (!value_) [[unlikely]]
      panic(msg);
    return *value_;
  }
  T unwrap_or(T fallback) const { return value_ ? *value_ : std::move(fallback); }
  // `o.unwrap_or_else(f)`: the payload, or `f()`.
  template <class F>
  T unwrap_or_else(F f) const {
    return value_ ? *value_ : static_cast<T>(f());
  }

  // `o.copied()` / `o.cloned()`: options are values already, so both are plain copies.
  option copied() const { return *this; }
  option cloned() const { return *this; }

  // `o.map(f)`: Some(f(x)) or None. A `void` f gives option<unit>.
  template <class F>
  auto map(F f) const -> option<detail::call_value_t<F, const T&>> {
    using U = detail::call_value_t<F, const T&>;
    if (!value_) return none;
    return option<U>::some(detail::call_value(f, *value_));
  }
  // `o.and_then(f)`: f(x) (itself an option) or None.
  template <class F>
  auto and_then(F f) const -> std::decay_t<std::invoke_result_t<F&, const T&>> {
    if (!value_) return none;
    return f(*value_);
  }
  // `o.or_else(f)`: this option when Some, otherwise f() (an option<T>).
  template <class F>
  option or_else(F f) const {
    return value_ ? *this : static_cast<option>(f());
  }
  // `o.ok_or(e)`: Ok(x) or Err(e).
  template <class E>
  result<T, E> ok_or(E error) const {
    if (value_) return result<T, E>::ok(*value_);
    return result<T, E>::err(std::move(error));
  }
  // `o.ok_or_else(f)`: Ok(x) or Err(f()).
  template <class F>
  auto ok_or_else(F f) const -> result<T, std::decay_t<std::invoke_result_t<F&>>> {
    using R = result<T, std::decay_t<std::invoke_result_t<F&>>>;
    if (value_) return R::ok(*value_);
    return R::err(f());
  }

  // Structural equality; only for payloads that have `==`.
  friend bool operator==(const option& a, const option& b)
    requires std::equality_comparable<T>
  {
    return a.value_ == b.value_;
  }
  friend bool operator==(const option& a, none_t) { return !a.value_; }
  // Ordering (T2): None < Some(x), and Some values compare by payload.
  friend auto operator<=>(const option& a, const option& b)
    requires std::three_way_comparable<T>
  {
    return a.value_ <=> b.value_;
  }

 private:
  std::optional<T> value_;
};

template <class T>
option<T> some(T value) {
  return option<T>::some(std::move(value));
}

}  // namespace incan

// option::ok_or builds a result: make sure result is complete wherever option is used.
#include "incan/core/result.h"
