// std.async.sync Semaphore and SemaphorePermit (ASYNC.md section 7). Part of incan_rt.
//
//   sem = Semaphore.new(2)           auto sem = incan::rt::semaphore(2);
//   match await sem.acquire():       auto r = co_await sem.acquire();
//     Ok(permit) => ...                //  result<semaphore_permit, semaphore_acquire_error>
//   sem.try_acquire()                sem.try_acquire()      -> option<semaphore_permit>
//   sem.available_permits()          sem.available_permits() -> int64
//
// semaphore is a handle (copies share the permits); semaphore_permit is move-only and
// returns its permit when destroyed. acquire() is FIFO and cancel-safe-but-lossy: a
// destroyed parked acquire withdraws; a permit already handed to it is passed on.
//
// Design
// ======
// One spin lock guards the permit count and the FIFO wait list (src/sync/semaphore.cpp).
// A released permit goes straight to the head waiter (never back into the count while
// anyone waits), and acquire/try_acquire take from the count only when nobody waits, so
// no newcomer overtakes a queued waiter. permits_ is an atomic only so that
// available_permits() can read it without the lock (written under the lock, relaxed).
// refs_ counts handles and permits; the last release frees the state.
#pragma once

#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

#include "incan/core/option.h"
#include "incan/core/result.h"
#include "incan/rt/detail/promise.h"
#include "incan/rt/detail/wait_list.h"

namespace incan::rt {

// SemaphoreAcquireError: the semaphore was closed (no Incan API closes one).
class semaphore_acquire_error {
 public:
  semaphore_acquire_error() noexcept {}
  std::string message() const { return "failed to acquire semaphore permit: semaphore closed"; }
  friend bool operator==(const semaphore_acquire_error&, const semaphore_acquire_error&) noexcept { return true; }
};
inline void fmt_display(std::string& out, const semaphore_acquire_error&) {
  out += "failed to acquire semaphore permit: semaphore closed";
}
inline void fmt_debug(std::string& out, const semaphore_acquire_error&) { out += "SemaphoreAcquireError"; }

namespace detail {

class semaphore_state {
 public:
  static constexpr std::uint8_t k_granted = 1;
  static constexpr std::uint8_t k_closed = 2;

  explicit semaphore_state(std::int64_t permits) noexcept
      : permits_(permits <= 0 ? 0 : static_cast<std::size_t>(permits)) {}

  void add_ref() noexcept { refs_.fetch_add(1, memory_order_relaxed); }
  void release_ref() noexcept {
    if (refs_.fetch_sub(1, memory_order_acq_rel) == 1) delete this;
  }

  bool try_acquire() noexcept;
  // Takes a permit (1), or links `n` (0), or fails because closed (-1).
  int acquire_or_park(wait_node& n, task_header* t) noexcept;
  void release_permit() noexcept;
  void cancel(wait_node& n) noexcept;
  void close() noexcept;
  std::size_t available() const noexcept { return permits_.load(memory_order_relaxed); }
  // Tasks parked in acquire() now (under lock_).
  std::size_t waiting() noexcept {
    lock_.lock();
    std::size_t n = waiters_.length();
    lock_.unlock();
    return n;
  }

 private:
  spin_lock lock_;
  atomic<std::size_t> permits_;
  wait_list waiters_;
  bool closed_ = false;
  atomic<std::size_t> refs_{1};
};

}  // namespace detail

class semaphore_acquire_awaiter;

// SemaphorePermit: returns its permit when destroyed. Move-only.
class semaphore_permit {
 public:
  semaphore_permit(semaphore_permit&& o) noexcept : s_(std::exchange(o.s_, nullptr)) {}
  semaphore_permit& operator=(semaphore_permit&& o) noexcept {
    if (this != &o) {
      reset();
      s_ = std::exchange(o.s_, nullptr);
    }
    return *this;
  }
  semaphore_permit(const semaphore_permit&) = delete;
  semaphore_permit& operator=(const semaphore_permit&) = delete;
  ~semaphore_permit() { reset(); }

 private:
  friend class semaphore_acquire_awaiter;
  friend class semaphore;
  explicit semaphore_permit(detail::semaphore_state* s) noexcept : s_(s) { s_->add_ref(); }
  void reset() noexcept {
    if (s_ == nullptr) return;
    detail::semaphore_state* s = std::exchange(s_, nullptr);
    s->release_permit();
    s->release_ref();
  }

  detail::semaphore_state* s_;
};

// `await sem.acquire()`.
class semaphore_acquire_awaiter {
 public:
  explicit semaphore_acquire_awaiter(detail::semaphore_state* s) noexcept : s_(s) {}
  // Movable only before it is awaited (e.g. into a timeout's task).
  semaphore_acquire_awaiter(semaphore_acquire_awaiter&& o) noexcept : s_(o.s_) {
    if (o.parked_) detail::misuse("an awaiter was moved while it was parked");
  }
  semaphore_acquire_awaiter(const semaphore_acquire_awaiter&) = delete;
  semaphore_acquire_awaiter& operator=(const semaphore_acquire_awaiter&) = delete;
  ~semaphore_acquire_awaiter() {
    if (parked_) s_->cancel(node_);
  }

  bool await_ready() noexcept {
    if (!s_->try_acquire()) return false;
    status_ = detail::semaphore_state::k_granted;
    return true;
  }
  template <class P>
  bool await_suspend(std::coroutine_handle<P> h) noexcept {
    detail::task_header* t = detail::suspend_point(h);
    const int r = s_->acquire_or_park(node_, t);
    if (r != 0) {
      status_ = r > 0 ? detail::semaphore_state::k_granted : detail::semaphore_state::k_closed;
      t->resume_point_ = nullptr;
      return false;
    }
    parked_ = true;
    return true;
  }
  result<semaphore_permit, semaphore_acquire_error> await_resume() noexcept {
    if (parked_) {
      parked_ = false;
      status_ = node_.status;
    }
    if (status_ == detail::semaphore_state::k_granted) {
      detail::semaphore_state* s = s_;
      semaphore_permit p(s);
      return result<semaphore_permit, semaphore_acquire_error>::ok(std::move(p));
    }
    return result<semaphore_permit, semaphore_acquire_error>::err(semaphore_acquire_error());
  }

 private:
  detail::semaphore_state* s_;
  detail::wait_node node_;
  std::uint8_t status_ = 0;
  bool parked_ = false;
};

// Semaphore: a handle; copies share the permits.
class semaphore {
 public:
  // `Semaphore.new(n)`: n <= 0 gives zero permits.
  explicit semaphore(std::int64_t permits) : s_(new detail::semaphore_state(permits)) {}
  semaphore(const semaphore& o) noexcept : s_(o.s_) { s_->add_ref(); }
  semaphore(semaphore&& o) noexcept : s_(std::exchange(o.s_, nullptr)) {}
  semaphore& operator=(semaphore o) noexcept {
    std::swap(s_, o.s_);
    return *this;
  }
  ~semaphore() {
    if (s_ != nullptr) s_->release_ref();
  }
  static semaphore create(std::int64_t permits) { return semaphore(permits); }

  // Waits (FIFO) for a permit.
  semaphore_acquire_awaiter acquire() const noexcept { return semaphore_acquire_awaiter(s_); }
  option<semaphore_permit> try_acquire() const {
    if (!s_->try_acquire()) return none;
    return option<semaphore_permit>::some(semaphore_permit(s_));
  }
  std::int64_t available_permits() const noexcept { return static_cast<std::int64_t>(s_->available()); }
  // C++ only (no Incan API): the number of tasks parked in acquire() at this moment,
  // for tests and diagnostics; it may change as soon as it is read.
  std::size_t waiting() const noexcept { return s_->waiting(); }
  // C++ only (no Incan API): wakes every waiter with Err; later acquires fail.
  void close() const noexcept { s_->close(); }

 private:
  detail::semaphore_state* s_;
};

}  // namespace incan::rt
