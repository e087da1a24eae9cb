// `ValidationError` and the validated-newtype panics (LANGUAGE.md 5.9, 14). Part of
// std/core.
#pragma once

#include <string>
#include <string_view>
#include <utility>

namespace incan {

// `ValidationError("msg")` / `ValidationError(message="...", code="...")`. An empty
// `code` means no code was given.
struct validation_error {
  std::string message;
  std::string code;

  explicit validation_error(std::string message) : message(std::move(message)) {}
  validation_error(std::string message, std::string code)
      : message(std::move(message)), code(std::move(code)) {}

  friend bool operator==(const validation_error&, const validation_error&) = default;
};

// Display: the message, or `code: message` when a code was given.
void fmt_display(std::string& out, const validation_error& e);
// Debug: `ValidationError { message: "...", code: None }` / `code: Some("...")`.
void fmt_debug(std::string& out, const validation_error& e);

// `ValidationError: validated newtype construction failed for {type_name}::from_underlying:
// {e Display}`: the panic of a checked newtype construction whose from_underlying
// returned Err(e).
[[noreturn, gnu::cold]] void newtype_validation_failed(std::string_view type_name, const validation_error& e);

// `ValidationError: validated newtype construction failed for {type_name}: constraint
// {key}={value} failed` (a numeric constraint such as `ge=0`).
[[noreturn, gnu::cold]] void newtype_constraint_failed(std::string_view type_name, std::string_view key,
                                                       std::string_view value);

}  // namespace incan
