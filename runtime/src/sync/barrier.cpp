// The barrier's state: arrival count, slot bitmap and parked participants, all under one
// spin lock (design: include/incan/rt/barrier.h). Part of incan_rt (sync layer).
#include "incan/rt/barrier.h"

#include <cstddef>
#include <vector>

namespace incan::rt::detail {

inline constexpr std::uint8_t k_barrier_released = 1;

class barrier_state {
 public:
  explicit barrier_state(std::size_t n) : taken_(n, false) {}

  atomic<std::size_t> refs_{1};
  spin_lock lock_;
  std::vector<bool> taken_;  // slots taken in the current generation
  std::size_t arrived_ = 0;
  wait_list waiters_;
};

barrier_state* barrier_create(std::int64_t n) {
  return new barrier_state(n <= 0 ? 1 : static_cast<std::size_t>(n));
}

void barrier_add_ref(barrier_state* s) noexcept { s->refs_.fetch_add(1, memory_order_relaxed); }

void barrier_release(barrier_state* s) noexcept {
  if (s->refs_.fetch_sub(1, memory_order_acq_rel) == 1) delete s;
}

bool barrier_arrive(barrier_state* s, wait_node& n, task_header* t) {
  wake_batch w;
  spin_guard g(s->lock_);
  std::size_t slot = 0;
  while (s->taken_[slot]) ++slot;  // the lowest free slot (arrived_ < n, so one exists)
  n.slot = static_cast<std::uint32_t>(slot);
  if (s->arrived_ + 1 < s->taken_.size()) {
    s->taken_[slot] = true;
    ++s->arrived_;
    s->waiters_.park(n, t);
    return false;
  }
  // The last arriver: release the generation and start a new one.
  while (!s->waiters_.empty()) w.add(s->waiters_.pop_front(k_barrier_released));
  s->arrived_ = 0;
  s->taken_.assign(s->taken_.size(), false);
  return true;
}

void barrier_cancel(barrier_state* s, wait_node& n) noexcept {
  spin_guard g(s->lock_);
  if (!n.linked) return;  // released: it has crossed
  s->waiters_.withdraw(n);
  s->taken_[n.slot] = false;
  --s->arrived_;
}

}  // namespace incan::rt::detail
