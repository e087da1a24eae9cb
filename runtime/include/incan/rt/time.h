// sleep / sleep_ms: Incan's `std.async.time.sleep` and `sleep_ms`. Part of incan_rt.
//
//   await sleep(0.3)      =>   co_await incan::rt::sleep(0.3);
#pragma once

#include <coroutine>
#include <cstdint>

#include "incan/rt/detail/promise.h"
#include "incan/rt/detail/timer_entry.h"
#include "incan/rt/task.h"

namespace incan::rt {

// The awaitable returned by sleep() and sleep_ms(). The deadline is taken when it is
// first awaited, so it never resumes earlier than its duration after that point. A
// zero duration completes without suspending.
//
// Cancel-safe: destroying a coroutine suspended here deregisters the timer (destructor).
// It may be moved only before it is awaited; generated code awaits it in place. Usable
// only inside incan::rt::task coroutines. Where an Incan `Awaitable[None]` value is
// needed (stored in a task<void>, spawned), it converts to a task<void> that sleeps.
class sleep_awaiter;
namespace detail {
task<void> sleep_task(std::int64_t duration_ns);  // src/time/sleep.cpp
// Incan's duration clamping (src/time/sleep.cpp): negative, NaN, infinite -> 0; saturating.
std::int64_t seconds_to_ns(double seconds) noexcept;
std::int64_t millis_to_ns(std::int64_t milliseconds) noexcept;
}  // namespace detail

class sleep_awaiter : private detail::wait_point {
 public:
  explicit sleep_awaiter(std::int64_t duration_ns) noexcept
      : detail::wait_point{&fired}, duration_ns_(duration_ns) {}
  sleep_awaiter(sleep_awaiter&& other) noexcept : detail::wait_point{&fired}, duration_ns_(other.duration_ns_) {
    if (other.entry_.driver != nullptr) detail::misuse("a sleep was moved while it was being awaited");
  }
  sleep_awaiter(const sleep_awaiter&) = delete;
  sleep_awaiter& operator=(const sleep_awaiter&) = delete;
  ~sleep_awaiter() {
    if (entry_.driver != nullptr) detail::timer_deregister(entry_);
  }

  std::int64_t duration_ns() const noexcept { return duration_ns_; }

  // The same sleep as a lazy task (one frame allocation). Only before it is awaited.
  operator task<void>() && { return detail::sleep_task(duration_ns_); }

  bool await_ready() const noexcept { return duration_ns_ <= 0; }

  template <class P>
  bool await_suspend(std::coroutine_handle<P> h) noexcept {
    detail::task_header* t = detail::suspend_point(h);
    if (detail::timer_register(entry_, t, duration_ns_)) {
      t->wait_ = this;  // resumed only once the timer has fired
      return true;
    }
    t->resume_point_ = nullptr;
    return false;
  }

  void await_resume() const noexcept {}

 private:
  static bool fired(const detail::wait_point* w) noexcept {
    return static_cast<const sleep_awaiter*>(w)->entry_.fired.load(detail::memory_order_acquire);
  }

  std::int64_t duration_ns_;
  detail::timer_entry entry_;
};

// Suspends the current task for `seconds`. Negative, NaN or infinite values are treated
// as 0 (so sleep(inf) returns at once); values past ~292 years saturate.
sleep_awaiter sleep(double seconds) noexcept;
// Suspends the current task for `milliseconds`; negative values are treated as 0.
sleep_awaiter sleep_ms(std::int64_t milliseconds) noexcept;

}  // namespace incan::rt
