// Slow paths of the async mutex: parking, hand-off on unlock, cancellation. The state
// word and the locking rules are described in include/incan/rt/mutex.h. Part of incan_rt
// (sync layer).
#include "incan/rt/mutex.h"

namespace incan::rt::detail {

bool mutex_core::lock_or_park(wait_node& n, task_header* t) noexcept {
  spin_guard g(qlock_);
  std::uint32_t s = state_.load(memory_order_relaxed);
  for (;;) {
    if (s == 0) {
      // Freed meanwhile (nobody queued): take it.
      if (state_.compare_exchange_weak(s, k_locked, memory_order_acquire, memory_order_relaxed)) return true;
      continue;
    }
    // relaxed: the QUEUED bit only matters to the holder's unlock, which then takes qlock_.
    if (state_.compare_exchange_weak(s, s | k_queued, memory_order_relaxed, memory_order_relaxed)) break;
  }
  waiters_.park(n, t);
  return false;
}

void mutex_core::unlock_slow() noexcept {
  task_header* next = nullptr;
  {
    spin_guard g(qlock_);
    if (waiters_.empty()) {
      // The last waiter was cancelled between our failed CAS and qlock_: really unlock.
      state_.store(0, memory_order_release);
      return;
    }
    next = waiters_.pop_front(k_granted);
    // Hand-off: stays LOCKED; QUEUED only while someone is still waiting.
    state_.store(waiters_.empty() ? (k_locked | k_handoff) : (k_locked | k_queued | k_handoff),
                 memory_order_relaxed);
  }
  wake_by_val(next);
}

void mutex_core::cancel(wait_node& n) noexcept {
  bool granted = false;
  {
    spin_guard g(qlock_);
    if (n.linked) {
      waiters_.withdraw(n);
      if (waiters_.empty()) state_.fetch_and(~k_queued, memory_order_relaxed);
    } else {
      granted = n.status == k_granted;
    }
  }
  if (granted) unlock();  // handed the lock but never resumed: pass it on
}

}  // namespace incan::rt::detail
