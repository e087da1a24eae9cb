// spawn(): hand a task to the scheduler (Incan's `spawn`). Part of incan_rt.
#pragma once

#include <type_traits>
#include <utility>

#include "incan/rt/join_handle.h"
#include "incan/rt/task.h"

namespace incan::rt {

// Schedules `t` at once on the worker threads of the runtime the caller runs in (a
// task, or runtime::block_on's thread) and returns its handle. The task gets the next
// process-wide id (1, 2, 3, ... in spawn order). Spawned tasks start in FIFO order.
// Calling spawn outside a runtime is misuse and aborts.
template <class T>
join_handle<T> spawn(task<T> t) {
  // One allocation per task: the header goes into the root frame's prefix.
  return detail::handle_access::make<T>(detail::spawn_task(detail::task_access::release(t)));
}

// spawn(sleep(1.0)), spawn(yield_now()): leaf awaitables that convert to task<void>.
template <class A>
  requires(std::is_convertible_v<A &&, task<void>>)
join_handle<void> spawn(A&& awaitable) {
  return spawn(task<void>(std::forward<A>(awaitable)));
}

}  // namespace incan::rt
