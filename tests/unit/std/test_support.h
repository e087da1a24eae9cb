// Shared helper for the std/core unit tests: run code expected to panic and return
// the panic message (or a marker when it did not panic).
#pragma once

#include <string>
#include <utility>

#include "incan/core/panic.h"

namespace incan::testing {

template <class F>
std::string panic_message(F&& f) {
  try {
    std::forward<F>(f)();
  } catch (const panic_exception& e) {
    return e.message;
  }
  return "<no panic>";
}

}  // namespace incan::testing
