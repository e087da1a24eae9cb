// ErrorOr<T>: the driver's result type for environment failures (I/O, a missing C++
// compiler, a failed child process). User errors are diagnostics, never an ErrorOr.
#pragma once

#include <string>
#include <type_traits>
#include <utility>
#include <variant>

namespace incan::driver {

// What went wrong, as a complete, lower-case, user-readable sentence (no trailing
// period), e.g. "cannot write `/x/y`: Permission denied".
struct Error {
  std::string message;
};

// The value of an operation that succeeds with nothing to return: ErrorOr<Success>.
struct Success {};

// Holds either a T or an Error. Check ok() (or contextual bool) before value().
// Accessing the wrong alternative is a programming error and aborts through
// std::get's exception (never caught in the driver).
template <class T>
class [[nodiscard]] ErrorOr {
  static_assert(!std::is_same_v<std::remove_cv_t<T>, Error>, "ErrorOr<Error> is meaningless");
  static_assert(!std::is_reference_v<T>, "ErrorOr holds values, not references");

 public:
  // Implicit on purpose, so `return value;` and `return Error{...};` both work.
  ErrorOr(T value) : storage_(std::in_place_index<0>, std::move(value)) {}
  ErrorOr(Error error) : storage_(std::in_place_index<1>, std::move(error)) {}

  bool ok() const { return storage_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(storage_); }
  const T& value() const& { return std::get<0>(storage_); }
  T&& value() && { return std::get<0>(std::move(storage_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  // Precondition: !ok().
  const Error& error() const& { return std::get<1>(storage_); }
  Error&& error() && { return std::get<1>(std::move(storage_)); }

 private:
  std::variant<T, Error> storage_;
};

// ErrorOr<void> is spelled ErrorOr<Success>; the alias keeps both readings working.
template <>
class [[nodiscard]] ErrorOr<void> : public ErrorOr<Success> {
 public:
  using ErrorOr<Success>::ErrorOr;
  ErrorOr() : ErrorOr<Success>(Success{}) {}
  ErrorOr(ErrorOr<Success> other) : ErrorOr<Success>(std::move(other)) {}
};

}  // namespace incan::driver

// Returns the error of `expr` (an ErrorOr) from the enclosing function, which must
// itself return some ErrorOr.
#define INCAN_RETURN_IF_ERROR(expr)                                          \
  do {                                                                       \
    if (auto incan_result_ = (expr); !incan_result_.ok()) {                  \
      return std::move(incan_result_).error();                               \
    }                                                                        \
  } while (false)

// `INCAN_ASSIGN_OR_RETURN(auto x, f());` declares x from f()'s value, or returns
// f()'s error from the enclosing function.
#define INCAN_ASSIGN_OR_RETURN_IMPL_(tmp, decl, expr) \
  auto tmp = (expr);                                  \
  if (!tmp.ok()) return std::move(tmp).error();       \
  decl = std::move(tmp).value()
#define INCAN_ASSIGN_OR_RETURN_CAT2_(a, b) a##b
#define INCAN_ASSIGN_OR_RETURN_CAT_(a, b) INCAN_ASSIGN_OR_RETURN_CAT2_(a, b)
#define INCAN_ASSIGN_OR_RETURN(decl, expr) \
  INCAN_ASSIGN_OR_RETURN_IMPL_(INCAN_ASSIGN_OR_RETURN_CAT_(incan_or_, __LINE__), decl, expr)
