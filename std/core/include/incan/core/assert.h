// `assert` failure messages (LANGUAGE.md 6.10). Part of std/core.
#pragma once

#include <string>
#include <string_view>

#include "incan/core/panic.h"

namespace incan {

// Panics with `AssertionError`, `AssertionError: <message>`, `AssertionError: <detail>`
// or `AssertionError: <message>; <detail>` (an empty message counts as none).
[[noreturn]] inline void assertion_failed(std::string_view message, std::string_view detail = {}) {
  std::string text = "AssertionError";
  if (!message.empty() || !detail.empty()) text += ": ";
  text += message;
  if (!message.empty() && !detail.empty()) text += "; ";
  text += detail;
  panic(text);
}

}  // namespace incan
