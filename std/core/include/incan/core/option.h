// `Option[T]`: Some(value) or None, as a value type. Part of std/core.
#pragma once

#include <compare>
#include <optional>
#include <utility>

#include "incan/core/panic.h"

namespace incan {

// Tag for an empty option; converts to any option<T> (the Incan literal `None`).
struct none_t {
  friend constexpr bool operator==(none_t, none_t) noexcept { return true; }
};
inline constexpr none_t none{};

template <class T>
class option {
 public:
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
    if (!value_) panic("called `Option::unwrap()` on a `None` value");
    return *value_;
  }
  T unwrap_or(T fallback) const { return value_ ? *value_ : std::move(fallback); }

  friend bool operator==(const option& a, const option& b) { return a.value_ == b.value_; }
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
