// std.async.sync RwLock[T] with RwLockReadGuard[T] / RwLockWriteGuard[T] (ASYNC.md 7).
// Part of incan_rt.
//
//   lock = RwLock.new(42)        auto lock = incan::rt::rwlock<std::int64_t>(42);
//   r = await lock.read()        rwlock_read_guard<std::int64_t> r = co_await lock.read();
//   w = await lock.write()       rwlock_write_guard<std::int64_t> w = co_await lock.write();
//   lock.try_read() / try_write()  -> option<guard>
//
// rwlock<T> is a handle (copies share lock and value); guards are move-only and release
// in their destructor. Both waits are cancel-safe-but-lossy: a destroyed parked read or
// write withdraws (and lets the readers queued behind a withdrawn writer in); a lock
// already granted to it is released again.
//
// Design
// ======
// Fair and write-preferring: one FIFO queue of readers and writers. Under one spin lock
// (src/sync/rwlock.cpp): readers_ (holders), writer_ (held exclusively), waiters_.
//   read    succeeds at once only if there is no writer and nobody is queued (so a
//           queued writer blocks later readers: writers cannot starve).
//   write   succeeds at once only if the lock is entirely free and nobody is queued.
//   release grants from the head of the queue: one writer once the lock is free, or
//           every consecutive reader up to the next writer.
// Granted waiters are woken after the spin lock is released (wake_batch).
#pragma once

#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>

#include "incan/core/option.h"
#include "incan/rt/detail/promise.h"
#include "incan/rt/detail/wait_list.h"

namespace incan::rt {

namespace detail {

class rwlock_core {
 public:
  static constexpr std::uint8_t k_read = 0;
  static constexpr std::uint8_t k_write = 1;
  static constexpr std::uint8_t k_granted = 1;

  bool try_acquire(std::uint8_t kind) noexcept;
  // Acquires (true) or links `n` (false). Caller holds `t` RUNNING.
  bool acquire_or_park(wait_node& n, task_header* t, std::uint8_t kind) noexcept;
  void release(std::uint8_t kind) noexcept;
  void cancel(wait_node& n) noexcept;

 private:
  void grant(wake_batch& w);

  spin_lock lock_;
  std::size_t readers_ = 0;
  bool writer_ = false;
  wait_list waiters_;
};

template <class T>
struct rwlock_state {
  template <class... A>
  explicit rwlock_state(A&&... a) : value_(std::forward<A>(a)...) {}
  void add_ref() noexcept { refs_.fetch_add(1, memory_order_relaxed); }
  void release_ref() noexcept {
    if (refs_.fetch_sub(1, memory_order_acq_rel) == 1) delete this;
  }

  rwlock_core core_;
  atomic<std::size_t> refs_{1};
  T value_;
};

// A read or write guard: holds one reference and one share of the lock.
template <class T, std::uint8_t Kind>
class rwlock_guard_base {
 public:
  rwlock_guard_base(rwlock_guard_base&& o) noexcept : s_(std::exchange(o.s_, nullptr)) {}
  rwlock_guard_base& operator=(rwlock_guard_base&& o) noexcept {
    if (this != &o) {
      reset();
      s_ = std::exchange(o.s_, nullptr);
    }
    return *this;
  }
  rwlock_guard_base(const rwlock_guard_base&) = delete;
  rwlock_guard_base& operator=(const rwlock_guard_base&) = delete;
  ~rwlock_guard_base() { reset(); }

  // A copy of the protected value.
  T get() const { return s_->value_; }
  const T& value() const noexcept { return s_->value_; }

 protected:
  explicit rwlock_guard_base(rwlock_state<T>* s) noexcept : s_(s) {}  // adopts a reference
  void reset() noexcept {
    if (s_ == nullptr) return;
    rwlock_state<T>* s = std::exchange(s_, nullptr);
    s->core_.release(Kind);
    s->release_ref();
  }

  rwlock_state<T>* s_;
};

template <class T, std::uint8_t Kind>
class rwlock_awaiter;

}  // namespace detail

template <class T>
class rwlock;

// RwLockReadGuard[T]: shared access; get() only.
template <class T>
class rwlock_read_guard : public detail::rwlock_guard_base<T, detail::rwlock_core::k_read> {
  using base = detail::rwlock_guard_base<T, detail::rwlock_core::k_read>;
  friend class detail::rwlock_awaiter<T, detail::rwlock_core::k_read>;
  friend class rwlock<T>;
  explicit rwlock_read_guard(detail::rwlock_state<T>* s) noexcept : base(s) {}
};

// RwLockWriteGuard[T]: exclusive access; get() and set().
template <class T>
class rwlock_write_guard : public detail::rwlock_guard_base<T, detail::rwlock_core::k_write> {
  using base = detail::rwlock_guard_base<T, detail::rwlock_core::k_write>;
  friend class detail::rwlock_awaiter<T, detail::rwlock_core::k_write>;
  friend class rwlock<T>;
  explicit rwlock_write_guard(detail::rwlock_state<T>* s) noexcept : base(s) {}

 public:
  void set(T v) { this->s_->value_ = std::move(v); }
  T& value() noexcept { return this->s_->value_; }
};

namespace detail {

template <class T, std::uint8_t Kind>
class rwlock_awaiter {
  using guard = std::conditional_t<Kind == rwlock_core::k_read, rwlock_read_guard<T>, rwlock_write_guard<T>>;

 public:
  explicit rwlock_awaiter(rwlock_state<T>* s) noexcept : s_(s) {}
  // Movable only before it is awaited (e.g. into a timeout's task).
  rwlock_awaiter(rwlock_awaiter&& o) noexcept : s_(o.s_) {
    if (o.parked_) misuse("an awaiter was moved while it was parked");
  }
  rwlock_awaiter(const rwlock_awaiter&) = delete;
  rwlock_awaiter& operator=(const rwlock_awaiter&) = delete;
  ~rwlock_awaiter() {
    if (parked_) s_->core_.cancel(node_);
  }

  bool await_ready() noexcept { return s_->core_.try_acquire(Kind); }
  template <class P>
  bool await_suspend(std::coroutine_handle<P> h) noexcept {
    task_header* t = suspend_point(h);
    if (s_->core_.acquire_or_park(node_, t, Kind)) {
      t->resume_point_ = nullptr;
      return false;
    }
    parked_ = true;
    return true;
  }
  guard await_resume() noexcept {
    parked_ = false;
    s_->add_ref();
    return guard(s_);
  }

 private:
  rwlock_state<T>* s_;
  wait_node node_;
  bool parked_ = false;
};

}  // namespace detail

// RwLock[T]: a handle; copies share the lock and the value.
template <class T>
class rwlock {
 public:
  explicit rwlock(T value) : s_(new detail::rwlock_state<T>(std::move(value))) {}
  rwlock(const rwlock& o) noexcept : s_(o.s_) { s_->add_ref(); }
  rwlock(rwlock&& o) noexcept : s_(std::exchange(o.s_, nullptr)) {}
  rwlock& operator=(rwlock o) noexcept {
    std::swap(s_, o.s_);
    return *this;
  }
  ~rwlock() {
    if (s_ != nullptr) s_->release_ref();
  }
  static rwlock create(T value) { return rwlock(std::move(value)); }

  detail::rwlock_awaiter<T, detail::rwlock_core::k_read> read() const noexcept {
    return detail::rwlock_awaiter<T, detail::rwlock_core::k_read>(s_);
  }
  detail::rwlock_awaiter<T, detail::rwlock_core::k_write> write() const noexcept {
    return detail::rwlock_awaiter<T, detail::rwlock_core::k_write>(s_);
  }
  option<rwlock_read_guard<T>> try_read() const {
    if (!s_->core_.try_acquire(detail::rwlock_core::k_read)) return none;
    s_->add_ref();
    return option<rwlock_read_guard<T>>::some(rwlock_read_guard<T>(s_));
  }
  option<rwlock_write_guard<T>> try_write() const {
    if (!s_->core_.try_acquire(detail::rwlock_core::k_write)) return none;
    s_->add_ref();
    return option<rwlock_write_guard<T>>::some(rwlock_write_guard<T>(s_));
  }

 private:
  detail::rwlock_state<T>* s_;
};

}  // namespace incan::rt
