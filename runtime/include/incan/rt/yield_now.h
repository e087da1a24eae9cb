// yield_now: Incan's `std.async.task.yield_now`. Part of incan_rt.
//
//   await yield_now()     =>   co_await incan::rt::yield_now();
#pragma once

#include <coroutine>

#include "incan/rt/detail/promise.h"
#include "incan/rt/task.h"

namespace incan::rt {

namespace detail {
task<void> yield_task();  // src/task/yield_now.cpp
}

// Suspends the current task and queues it again behind the tasks that are already
// runnable (at the back of the runtime's shared queue), so a task looping on
// yield_now cannot starve others. Cancel-safe. Usable only inside incan::rt::task
// coroutines; converts to a task<void> where an Incan `Awaitable[None]` value is needed.
class yield_awaiter {
 public:
  yield_awaiter() noexcept {}
  operator task<void>() const { return detail::yield_task(); }
  bool await_ready() const noexcept { return false; }
  template <class P>
  void await_suspend(std::coroutine_handle<P> h) noexcept {
    detail::yield_task(detail::suspend_point(h));
  }
  void await_resume() const noexcept {}
};

inline yield_awaiter yield_now() noexcept { return yield_awaiter(); }

}  // namespace incan::rt
