// Cold panic paths of incan::dict and incan::set. Part of std/core.
#include "incan/core/dict.h"

#include <string>

#include "incan/core/panic.h"

namespace incan::detail {

void panic_key_error(std::string_view key_display) {
  std::string message = "KeyError: '";
  message += key_display;
  message += "' not found in dict";
  panic(message);
}

void panic_capacity_overflow() { panic("capacity overflow"); }

}  // namespace incan::detail
