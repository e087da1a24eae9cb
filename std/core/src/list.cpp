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

slice_positions slice_indices(std::int64_t len, std::optional<std::int64_t> start, std::optional<std::int64_t> stop,
                              std::optional<std::int64_t> step) {
  const std::int64_t st = step.value_or(1);
  if (st == 0) panic("ValueError: slice step cannot be zero");
  // CPython's slice.indices: clamp into [0, len] going forwards, [-1, len - 1] backwards.
  auto clamp = [&](std::optional<std::int64_t> v, std::int64_t if_absent) -> std::int64_t {
    if (!v) return if_absent;
    __int128 x = *v;
    if (x < 0) {
      x += len;
      if (x < 0) return st < 0 ? -1 : 0;
    } else if (x >= len) {
      return st < 0 ? len - 1 : len;
    }
    return static_cast<std::int64_t>(x);
  };
  const std::int64_t first = clamp(start, st < 0 ? len - 1 : 0);
  const std::int64_t last = clamp(stop, st < 0 ? -1 : len);
  __int128 count = 0;
  if (st < 0 && last < first) count = (static_cast<__int128>(first) - last - 1) / -static_cast<__int128>(st) + 1;
  if (st > 0 && first < last) count = (static_cast<__int128>(last) - first - 1) / st + 1;
  return slice_positions{first, st, static_cast<std::int64_t>(count)};
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
