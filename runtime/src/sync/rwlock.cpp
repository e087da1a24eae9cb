// The rwlock's lock-protected paths (design: include/incan/rt/rwlock.h). Part of incan_rt
// (sync layer).
#include "incan/rt/rwlock.h"

namespace incan::rt::detail {

bool rwlock_core::try_acquire(std::uint8_t kind) noexcept {
  spin_guard g(lock_);
  if (writer_ || !waiters_.empty()) return false;
  if (kind == k_read) {
    ++readers_;
    return true;
  }
  if (readers_ != 0) return false;
  writer_ = true;
  return true;
}

bool rwlock_core::acquire_or_park(wait_node& n, task_header* t, std::uint8_t kind) noexcept {
  spin_guard g(lock_);
  if (!writer_ && waiters_.empty()) {
    if (kind == k_read) {
      ++readers_;
      return true;
    }
    if (readers_ == 0) {
      writer_ = true;
      return true;
    }
  }
  n.kind = kind;
  waiters_.park(n, t);
  return false;
}

void rwlock_core::grant(wake_batch& w) {
  while (!waiters_.empty() && !writer_) {
    wait_node* head = waiters_.front();
    if (head->kind == k_write) {
      if (readers_ != 0) return;
      writer_ = true;
      w.add(waiters_.pop_front(k_granted));
      return;
    }
    ++readers_;
    w.add(waiters_.pop_front(k_granted));
  }
}

void rwlock_core::release(std::uint8_t kind) noexcept {
  wake_batch w;
  spin_guard g(lock_);
  if (kind == k_read) {
    --readers_;
  } else {
    writer_ = false;
  }
  grant(w);
}

void rwlock_core::cancel(wait_node& n) noexcept {
  bool granted = false;
  {
    wake_batch w;
    spin_guard g(lock_);
    if (n.linked) {
      waiters_.withdraw(n);
      grant(w);  // a withdrawn writer may have been holding readers back
    } else {
      granted = n.status == k_granted;
    }
  }
  if (granted) release(n.kind);  // granted but never resumed: give it back
}

}  // namespace incan::rt::detail
