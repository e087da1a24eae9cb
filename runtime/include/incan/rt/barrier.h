// std.async.sync Barrier (ASYNC.md section 7). Part of incan_rt.
//
//   b = Barrier.new(3)           auto b = incan::rt::barrier(3);
//   slot = await b.wait()        std::int64_t slot = co_await b.wait();
//
// barrier is a handle (copies share it). wait() blocks until `n` participants of the
// current generation have arrived, then releases them all and starts a new generation.
// It returns the participant's slot in 0..n-1: the lowest slot free in this generation,
// i.e. the arrival order unless cancellations freed slots; the last arriver completes
// the generation and returns at once. Cancellation-aware before release: a destroyed
// parked wait withdraws and frees its slot; once released, the participant has crossed.
//
// Design: one spin lock guards the arrival count, the slot bitmap and the wait list
// (src/sync/barrier.cpp); the released waiters are woken after it is dropped.
#pragma once

#include <coroutine>
#include <cstdint>
#include <utility>

#include "incan/rt/detail/promise.h"
#include "incan/rt/detail/wait_list.h"

namespace incan::rt {

namespace detail {

class barrier_state;  // src/sync/barrier.cpp
barrier_state* barrier_create(std::int64_t n);
void barrier_add_ref(barrier_state* s) noexcept;
void barrier_release(barrier_state* s) noexcept;
// Arrives: true if the generation completed with this arrival (n.slot is set); otherwise
// `n` is parked for task `t`. Caller holds `t` RUNNING.
bool barrier_arrive(barrier_state* s, wait_node& n, task_header* t);
void barrier_cancel(barrier_state* s, wait_node& n) noexcept;

}  // namespace detail

class barrier_wait_awaiter {
 public:
  explicit barrier_wait_awaiter(detail::barrier_state* s) noexcept : s_(s) {}
  // Movable only before it is awaited (e.g. into a timeout's task).
  barrier_wait_awaiter(barrier_wait_awaiter&& o) noexcept : s_(o.s_) {
    if (o.parked_) detail::misuse("an awaiter was moved while it was parked");
  }
  barrier_wait_awaiter(const barrier_wait_awaiter&) = delete;
  barrier_wait_awaiter& operator=(const barrier_wait_awaiter&) = delete;
  ~barrier_wait_awaiter() {
    if (parked_) detail::barrier_cancel(s_, node_);
  }

  bool await_ready() const noexcept { return false; }
  template <class P>
  bool await_suspend(std::coroutine_handle<P> h) {
    detail::task_header* t = detail::suspend_point(h);
    if (detail::barrier_arrive(s_, node_, t)) {
      t->resume_point_ = nullptr;
      return false;
    }
    parked_ = true;
    return true;
  }
  std::int64_t await_resume() noexcept {
    parked_ = false;
    return static_cast<std::int64_t>(node_.slot);
  }

 private:
  detail::barrier_state* s_;
  detail::wait_node node_;
  bool parked_ = false;
};

// Barrier: a handle; copies share it.
class barrier {
 public:
  // `Barrier.new(n)`: n <= 0 means 1.
  explicit barrier(std::int64_t n) : s_(detail::barrier_create(n)) {}
  barrier(const barrier& o) noexcept : s_(o.s_) { detail::barrier_add_ref(s_); }
  barrier(barrier&& o) noexcept : s_(std::exchange(o.s_, nullptr)) {}
  barrier& operator=(barrier o) noexcept {
    std::swap(s_, o.s_);
    return *this;
  }
  ~barrier() {
    if (s_ != nullptr) detail::barrier_release(s_);
  }
  static barrier create(std::int64_t n) { return barrier(n); }

  barrier_wait_awaiter wait() const noexcept { return barrier_wait_awaiter(s_); }

 private:
  detail::barrier_state* s_;
};

}  // namespace incan::rt
