// yield_now: Incan's `std.async.task.yield_now`. Part of incan_rt.
//
//   await yield_now()     =>   co_await incan::rt::yield_now();
#pragma once

#include <coroutine>

#include "incan/rt/detail/promise.h"

namespace incan::rt {

// Suspends the current task and queues it again behind the tasks that are already
// runnable (at the back of the runtime's shared queue), so a task looping on
// yield_now cannot starve others. Cancel-safe. Usable only inside incan::rt::task coroutines.
class yield_awaiter {
 public:
  yield_awaiter() noexcept {}
  bool await_ready() const noexcept { return false; }
  template <class P>
  void await_suspend(std::coroutine_handle<P> h) noexcept {
    detail::yield_task(detail::suspend_point(h));
  }
  void await_resume() const noexcept {}
};

inline yield_awaiter yield_now() noexcept { return yield_awaiter(); }

}  // namespace incan::rt
