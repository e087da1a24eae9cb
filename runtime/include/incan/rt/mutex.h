// std.async.sync Mutex[T] and MutexGuard[T] (ASYNC.md section 7). Part of incan_rt.
//
//   m = Mutex.new(0)                 auto m = incan::rt::mutex<std::int64_t>(0);
//   guard = await m.lock()           mutex_guard<std::int64_t> guard = co_await m.lock();
//   guard.set(guard.get() + 1)       guard.set(guard.get() + 1);
//   m.try_lock()                     m.try_lock()  -> option<mutex_guard<T>>
//
// mutex<T> is a handle: copies share one lock and one value. The guard is move-only and
// unlocks in its destructor (end of the declaring block, LANGUAGE.md 4.5), so a guard
// may be held across awaits. lock() is FIFO-fair and cancel-safe-but-lossy: a destroyed
// parked lock() withdraws (queue position lost); if the lock had already been handed to
// it, it is passed on to the next waiter.
//
// Design
// ======
// state_ (atomic word): LOCKED (bit 0), QUEUED (bit 1: the wait list is non-empty),
// HANDOFF (bit 2: the lock was handed to a parked waiter that has not run yet; cleared
// by that waiter when it resumes; lockers do not spin while it is set, which keeps a
// hand-off convoy from burning CPU).
//   lock fast path     CAS 0 -> LOCKED (acquire). Before parking, a locker spins briefly
//                      while the word is exactly LOCKED (the holder is running on another
//                      core and lock hold times are short), which avoids parking convoys.
//   unlock fast path   CAS LOCKED -> 0 (release).
//   slow paths (src/sync/mutex.cpp), under qlock_ (a spin lock guarding waiters_):
//     park             loop: word 0 -> CAS to LOCKED (acquired after all); else CAS in
//                      QUEUED, then link the node. Changing the word from LOCKED to
//                      LOCKED|QUEUED is what makes the holder's fast unlock fail.
//     unlock           (QUEUED or HANDOFF seen) pop the head waiter and hand it the lock:
//                      the word becomes LOCKED|HANDOFF (+QUEUED while others wait), the
//                      waiter is woken; with no waiter left it becomes 0. FIFO: while anyone is queued the lock is never free, so no
//                      newcomer can overtake a queued waiter.
//     cancel           still linked: unlink (clear QUEUED if the list emptied); already
//                      granted: unlock again (hands it on).
// Only the holder unlocks, and the QUEUED bit changes only under qlock_, so the plain
// stores of the word under qlock_ cannot lose a concurrent update (a concurrent fast-path
// CAS from 0 fails while LOCKED is set).
// Memory orders: acquire on every transition that takes the lock, release on every one
// that gives it up; a hand-off publishes through qlock_ and the wake (release) -> poll
// (acquire) chain of the task state machine.
// The value and refs_ (handles + guards) live next to the word in mutex_state<T>.
#pragma once

#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <utility>

#include "incan/core/option.h"
#include "incan/rt/detail/promise.h"
#include "incan/rt/detail/wait_list.h"

namespace incan::rt {

namespace detail {

class mutex_core {
 public:
  static constexpr std::uint32_t k_locked = 1;
  static constexpr std::uint32_t k_queued = 2;
  static constexpr std::uint32_t k_handoff = 4;
  static constexpr std::uint8_t k_granted = 1;
#ifndef INCAN_MUTEX_SPIN
#define INCAN_MUTEX_SPIN 32
#endif
  static constexpr int k_spin = INCAN_MUTEX_SPIN;

  bool try_lock() noexcept {
    std::uint32_t e = 0;
    return state_.compare_exchange_strong(e, k_locked, memory_order_acquire, memory_order_relaxed);
  }
  // try_lock, spinning a little while the lock is held but nobody is queued.
  bool try_lock_spin() noexcept {
    for (int i = 0; i < k_spin; ++i) {
      std::uint32_t s = state_.load(memory_order_relaxed);
      if (s == 0) {
        if (state_.compare_exchange_weak(s, k_locked, memory_order_acquire, memory_order_relaxed)) return true;
        continue;
      }
      if (s != k_locked) return false;  // queued or being handed over: spinning is useless
      cpu_relax();
    }
    return false;
  }
  void unlock() noexcept {
    std::uint32_t e = k_locked;
    if (state_.compare_exchange_strong(e, 0, memory_order_release, memory_order_relaxed)) [[likely]]
      return;
    unlock_slow();
  }
  // The woken waiter now runs: spinning on the lock makes sense again.
  void handoff_done() noexcept { state_.fetch_and(~k_handoff, memory_order_relaxed); }
  // Takes the lock (true) or links `n` for task `t` (false). Caller holds `t` RUNNING.
  bool lock_or_park(wait_node& n, task_header* t) noexcept;
  // A parked lock() is destroyed (see the design comment).
  void cancel(wait_node& n) noexcept;
  // Tasks parked in lock() now (under qlock_).
  std::size_t waiting() noexcept {
    qlock_.lock();
    std::size_t n = waiters_.length();
    qlock_.unlock();
    return n;
  }

 private:
  void unlock_slow() noexcept;

  atomic<std::uint32_t> state_{0};
  spin_lock qlock_;
  wait_list waiters_;
};

template <class T>
struct mutex_state {
  template <class... A>
  explicit mutex_state(A&&... a) : value_(std::forward<A>(a)...) {}

  void add_ref() noexcept { refs_.fetch_add(1, memory_order_relaxed); }
  void release_ref() noexcept {
    if (refs_.fetch_sub(1, memory_order_acq_rel) == 1) delete this;
  }

  mutex_core core_;
  atomic<std::size_t> refs_{1};
  T value_;
};

}  // namespace detail

template <class T>
class mutex_lock_awaiter;
template <class T>
class mutex;

// MutexGuard[T]: the lock is held while the guard lives. Move-only.
template <class T>
class mutex_guard {
 public:
  mutex_guard(mutex_guard&& o) noexcept : s_(std::exchange(o.s_, nullptr)) {}
  mutex_guard& operator=(mutex_guard&& o) noexcept {
    if (this != &o) {
      reset();
      s_ = std::exchange(o.s_, nullptr);
    }
    return *this;
  }
  mutex_guard(const mutex_guard&) = delete;
  mutex_guard& operator=(const mutex_guard&) = delete;
  ~mutex_guard() { reset(); }

  // A copy of the protected value.
  T get() const { return s_->value_; }
  void set(T v) { s_->value_ = std::move(v); }
  // Direct access for C++ callers.
  T& value() noexcept { return s_->value_; }
  const T& value() const noexcept { return s_->value_; }

 private:
  friend class mutex_lock_awaiter<T>;
  template <class>
  friend class mutex;
  explicit mutex_guard(detail::mutex_state<T>* s) noexcept : s_(s) {}  // adopts a ref
  void reset() noexcept {
    if (s_ == nullptr) return;
    detail::mutex_state<T>* s = std::exchange(s_, nullptr);
    s->core_.unlock();
    s->release_ref();
  }

  detail::mutex_state<T>* s_;
};

// `await m.lock()`.
template <class T>
class mutex_lock_awaiter {
 public:
  explicit mutex_lock_awaiter(detail::mutex_state<T>* s) noexcept : s_(s) {}
  // Movable only before it is awaited (e.g. into a timeout's task).
  mutex_lock_awaiter(mutex_lock_awaiter&& o) noexcept : s_(o.s_) {
    if (o.parked_) detail::misuse("an awaiter was moved while it was parked");
  }
  mutex_lock_awaiter(const mutex_lock_awaiter&) = delete;
  mutex_lock_awaiter& operator=(const mutex_lock_awaiter&) = delete;
  ~mutex_lock_awaiter() {
    if (parked_) s_->core_.cancel(node_);
  }

  bool await_ready() noexcept { return s_->core_.try_lock_spin(); }
  template <class P>
  bool await_suspend(std::coroutine_handle<P> h) noexcept {
    detail::task_header* t = detail::suspend_point(h);
    if (s_->core_.lock_or_park(node_, t)) {
      t->resume_point_ = nullptr;
      return false;
    }
    parked_ = true;
    return true;
  }
  mutex_guard<T> await_resume() noexcept {
    if (parked_) s_->core_.handoff_done();
    parked_ = false;
    s_->add_ref();  // the guard's reference
    return mutex_guard<T>(s_);
  }

 private:
  detail::mutex_state<T>* s_;
  detail::wait_node node_;
  bool parked_ = false;
};

// Mutex[T]: a handle; copies share the lock and the value.
template <class T>
class mutex {
 public:
  explicit mutex(T value) : s_(new detail::mutex_state<T>(std::move(value))) {}
  mutex(const mutex& o) noexcept : s_(o.s_) { s_->add_ref(); }
  mutex(mutex&& o) noexcept : s_(std::exchange(o.s_, nullptr)) {}
  mutex& operator=(mutex o) noexcept {
    std::swap(s_, o.s_);
    return *this;
  }
  ~mutex() {
    if (s_ != nullptr) s_->release_ref();
  }

  // `Mutex.new(v)`.
  static mutex create(T value) { return mutex(std::move(value)); }

  // Waits (FIFO) until the lock is free and returns its guard.
  mutex_lock_awaiter<T> lock() const noexcept { return mutex_lock_awaiter<T>(s_); }
  // The guard if the lock is free right now, else None.
  option<mutex_guard<T>> try_lock() const {
    if (!s_->core_.try_lock()) return none;
    s_->add_ref();
    return option<mutex_guard<T>>::some(mutex_guard<T>(s_));
  }
  // C++ only (no Incan API): the number of tasks parked in lock() at this moment, for
  // tests and diagnostics; it may change as soon as it is read.
  std::size_t waiting() const noexcept { return s_->core_.waiting(); }

 private:
  detail::mutex_state<T>* s_;
};

}  // namespace incan::rt
