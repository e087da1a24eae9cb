// spawn_blocking(): run a synchronous callable on the runtime's blocking thread pool
// (Incan's `std.async.task.spawn_blocking`). Part of incan_rt.
//
//   spawn_blocking(() => heavy(n))   =>   incan::rt::spawn_blocking([=] { return heavy(n); })
#pragma once

#include <type_traits>
#include <utility>

#include "incan/rt/detail/blocking_cell.h"
#include "incan/rt/join_handle.h"

namespace incan::rt {

// Queues `fn` (a callable taking no arguments; moved into the task) on the blocking pool
// of the runtime the caller runs in, so that it cannot stall the async workers, and
// returns its handle: awaiting it yields Ok(fn()) (incan::unit for void), or Err when
// fn panicked (the message was printed) or the task was cancelled. The pool starts
// threads on demand up to a cap and retires threads idle for the keep-alive time
// (runtime.h). The task takes the next process-wide task id. Durable once it starts:
// abort() only prevents a still-queued call from starting; dropping the handle detaches
// it. Calling it outside a runtime is misuse and aborts.
template <class F>
  requires std::is_invocable_v<std::decay_t<F>&>
join_handle<std::invoke_result_t<std::decay_t<F>&>> spawn_blocking(F&& fn) {
  using T = std::invoke_result_t<std::decay_t<F>&>;
  auto* cell = new detail::blocking_cell<T, std::decay_t<F>>(std::decay_t<F>(std::forward<F>(fn)));
  detail::spawn_blocking_raw(cell);
  return detail::handle_access::make<T>(cell);
}

}  // namespace incan::rt
