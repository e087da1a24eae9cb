// The wait group's lock-protected paths (design: include/incan/rt/wait_group.h).
// Part of incan_rt (sync layer).
#include "incan/rt/wait_group.h"

#include "incan/core/panic.h"

namespace incan::rt::detail {

inline constexpr std::uint8_t k_wait_group_released = 1;

void wait_group_state::add(std::int64_t delta) {
  bool negative = false;
  {
    wake_batch w;
    spin_guard g(lock_);
    const std::int64_t c = count_.load(memory_order_relaxed);
    if (delta < 0 && c < -delta) {
      negative = true;  // panic after unlocking, counter unchanged
    } else {
      count_.store(c + delta, memory_order_relaxed);
      if (c + delta == 0)
        while (!waiters_.empty()) w.add(waiters_.pop_front(k_wait_group_released));
    }
  }  // the guard unlocks, then the batch wakes
  if (negative) incan::panic("ValueError: WaitGroup counter cannot be negative");
}

bool wait_group_state::wait_or_park(wait_node& n, task_header* t) noexcept {
  spin_guard g(lock_);
  if (count_.load(memory_order_relaxed) == 0) return true;
  waiters_.park(n, t);
  return false;
}

void wait_group_state::cancel(wait_node& n) noexcept {
  spin_guard g(lock_);
  if (n.linked) waiters_.withdraw(n);  // released nodes have nothing to give back
}

}  // namespace incan::rt::detail
