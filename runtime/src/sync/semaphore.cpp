// The semaphore's lock-protected paths (design: include/incan/rt/semaphore.h).
// Part of incan_rt (sync layer).
#include "incan/rt/semaphore.h"

namespace incan::rt::detail {

bool semaphore_state::try_acquire() noexcept {
  spin_guard g(lock_);
  const std::size_t p = permits_.load(memory_order_relaxed);
  if (closed_ || p == 0 || !waiters_.empty()) return false;
  permits_.store(p - 1, memory_order_relaxed);
  return true;
}

int semaphore_state::acquire_or_park(wait_node& n, task_header* t) noexcept {
  spin_guard g(lock_);
  if (closed_) return -1;
  const std::size_t p = permits_.load(memory_order_relaxed);
  if (p > 0 && waiters_.empty()) {
    permits_.store(p - 1, memory_order_relaxed);
    return 1;
  }
  waiters_.park(n, t);
  return 0;
}

void semaphore_state::release_permit() noexcept {
  task_header* next = nullptr;
  {
    spin_guard g(lock_);
    if (!waiters_.empty()) {
      next = waiters_.pop_front(k_granted);  // straight to the head waiter
    } else {
      permits_.store(permits_.load(memory_order_relaxed) + 1, memory_order_relaxed);
    }
  }
  if (next != nullptr) wake_by_val(next);
}

void semaphore_state::cancel(wait_node& n) noexcept {
  bool granted = false;
  {
    spin_guard g(lock_);
    if (n.linked) {
      waiters_.withdraw(n);
    } else {
      granted = n.status == k_granted;
    }
  }
  if (granted) release_permit();  // handed a permit but never resumed: pass it on
}

void semaphore_state::close() noexcept {
  wake_batch w;
  spin_guard g(lock_);
  closed_ = true;
  while (!waiters_.empty()) w.add(waiters_.pop_front(k_closed));
}

}  // namespace incan::rt::detail
