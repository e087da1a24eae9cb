// std.async.sync WaitGroup (ASYNC.md section 11.6). Part of incan_rt.
//
//   wg = WaitGroup.new()          auto wg = incan::rt::wait_group::create();
//   wg.add(2); wg.done()          wg.add(2); wg.done();
//   await wg.wait()               co_await wg.wait();
//   wg.count()                    wg.count() -> int64
//
// wait_group is a handle (copies share the counter). wait() completes once the counter
// is zero (at once if it already is); when add/done brings the counter to zero every
// parked waiter is released. Reusable. cancel-safe: a destroyed parked wait withdraws
// and loses nothing. add() that would make the counter negative panics with
// `ValueError: WaitGroup counter cannot be negative` and leaves the counter unchanged.
//
// Design
// ======
// One spin lock (detail/wait_list.h) guards the counter and the FIFO wait list; the
// released waiters are woken after it is dropped (wake_batch). count_ is an atomic only
// so that count() and the lock-free fast path of wait() can read it: it is written
// under the lock (relaxed stores); wait() reads it with acquire, pairing with the
// release fence of the spin lock's unlock after the write that made it zero, so a
// waiter that sees zero also sees what the tasks did before done(). refs_ counts
// handles; the last release frees the state.
#pragma once

#include <coroutine>
#include <cstdint>
#include <utility>

#include "incan/rt/detail/promise.h"
#include "incan/rt/detail/wait_list.h"

namespace incan::rt {

namespace detail {

class wait_group_state {
 public:
  void add_ref() noexcept { refs_.fetch_add(1, memory_order_relaxed); }
  void release_ref() noexcept {
    if (refs_.fetch_sub(1, memory_order_acq_rel) == 1) delete this;
  }
  // Panics (ValueError) when the counter would become negative.
  void add(std::int64_t delta);
  // True if the counter is zero now (nothing parked); otherwise parks `n` for `t`.
  bool wait_or_park(wait_node& n, task_header* t) noexcept;
  void cancel(wait_node& n) noexcept;
  std::int64_t count() const noexcept { return count_.load(memory_order_acquire); }

 private:
  spin_lock lock_;
  atomic<std::int64_t> count_{0};
  wait_list waiters_;
  atomic<std::uint32_t> refs_{1};
};

}  // namespace detail

// `await wg.wait()`.
class wait_group_awaiter {
 public:
  explicit wait_group_awaiter(detail::wait_group_state* s) noexcept : s_(s) {}
  // Movable only before it is awaited (e.g. into a timeout's task).
  wait_group_awaiter(wait_group_awaiter&& o) noexcept : s_(o.s_) {
    if (o.parked_) detail::misuse("an awaiter was moved while it was parked");
  }
  wait_group_awaiter(const wait_group_awaiter&) = delete;
  wait_group_awaiter& operator=(const wait_group_awaiter&) = delete;
  ~wait_group_awaiter() {
    if (parked_) s_->cancel(node_);
  }

  bool await_ready() const noexcept { return s_->count() == 0; }
  template <class P>
  bool await_suspend(std::coroutine_handle<P> h) noexcept {
    detail::task_header* t = detail::suspend_point(h);
    if (s_->wait_or_park(node_, t)) {
      t->resume_point_ = nullptr;
      return false;
    }
    parked_ = true;
    return true;
  }
  void await_resume() noexcept { parked_ = false; }

 private:
  detail::wait_group_state* s_;
  detail::wait_node node_;
  bool parked_ = false;
};

// WaitGroup: a handle; copies share the counter.
class wait_group {
 public:
  wait_group() : s_(new detail::wait_group_state()) {}
  wait_group(const wait_group& o) noexcept : s_(o.s_) { s_->add_ref(); }
  wait_group(wait_group&& o) noexcept : s_(std::exchange(o.s_, nullptr)) {}
  wait_group& operator=(wait_group o) noexcept {
    std::swap(s_, o.s_);
    return *this;
  }
  ~wait_group() {
    if (s_ != nullptr) s_->release_ref();
  }
  static wait_group create() { return wait_group(); }

  void add(std::int64_t delta) const { s_->add(delta); }
  void done() const { s_->add(-1); }
  std::int64_t count() const noexcept { return s_->count(); }
  wait_group_awaiter wait() const noexcept { return wait_group_awaiter(s_); }

 private:
  detail::wait_group_state* s_;
};

}  // namespace incan::rt
