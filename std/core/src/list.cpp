// Cold panic paths of incan::list and the list builtins. Part of std/core.
#include "incan/core/list.h"

#include <string>

#include "incan/core/panic.h"

namespace incan {
namespace detail {

void panic_list_index(std::int64_t index, std::int64_t len) {
  std::string message = "IndexError: index ";
  message += std::to_string(index);
  message += " out of range for list of length ";
  message += std::to_string(len);
  panic(message);
}

void panic_pop_empty() { panic("IndexError: pop from empty list"); }

void panic_value_not_found() { panic("ValueError: value not found in list"); }

void panic_empty_sequence(const char* which) {
  std::string message = "ValueError: ";
  message += which;
  message += "() arg is an empty sequence";
  panic(message);
}

}  // namespace detail

void check_range_step(std::int64_t step) {
  if (step == 0) panic("ValueError: range() arg 3 must not be zero");
}

}  // namespace incan
