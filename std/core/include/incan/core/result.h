// `Result[T, E]`: Ok(value) or Err(error), as a value type. Part of std/core.
#pragma once

#include <utility>
#include <variant>

#include "incan/core/panic.h"

namespace incan {

template <class T, class E>
class result {
 public:
  static result ok(T value) { return result(std::in_place_index<0>, std::move(value)); }
  static result err(E error) { return result(std::in_place_index<1>, std::move(error)); }

  bool is_ok() const noexcept { return v_.index() == 0; }
  bool is_err() const noexcept { return v_.index() == 1; }

  // Preconditions: is_ok() / is_err() respectively.
  T& ok_value() & { return std::get<0>(v_); }
  const T& ok_value() const& { return std::get<0>(v_); }
  T&& ok_value() && { return std::get<0>(std::move(v_)); }
  E& err_value() & { return std::get<1>(v_); }
  const E& err_value() const& { return std::get<1>(v_); }
  E&& err_value() && { return std::get<1>(std::move(v_)); }

  // `r.unwrap()`: the Ok payload, or the panic of LANGUAGE.md section 14.
  T unwrap() const {
    if (!is_ok()) panic("called Result.unwrap() on an Err value");
    return std::get<0>(v_);
  }
  T unwrap_or(T fallback) const { return is_ok() ? std::get<0>(v_) : std::move(fallback); }

  friend bool operator==(const result& a, const result& b) { return a.v_ == b.v_; }

 private:
  template <std::size_t I, class U>
  result(std::in_place_index_t<I> tag, U&& value) : v_(tag, std::forward<U>(value)) {}
  std::variant<T, E> v_;
};

}  // namespace incan
