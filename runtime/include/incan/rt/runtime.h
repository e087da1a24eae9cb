// runtime: the multi-threaded scheduler that runs tasks, and the entry point of async
// programs. Part of incan_rt; the scheduler itself lives in runtime/src/scheduler/.
#pragma once

#include <coroutine>
#include <cstddef>

#include "incan/rt/detail/promise.h"
#include "incan/rt/task.h"

namespace incan::rt {

namespace detail {
// Runs `root` to completion on the calling thread (src/runtime.cpp).
void block_on_raw(scheduler* s, std::coroutine_handle<> root, promise_base& p);
}  // namespace detail

// A work-stealing runtime: `worker_threads` threads run spawned tasks; a timer thread
// drives sleeps; a pool of blocking threads (started on demand) runs spawn_blocking. Destroying the runtime stops the threads and cancels (destroys the
// frames of) every task that has not finished; their join handles yield
// Err(cancelled). Not copyable or movable.
class runtime {
 public:
  // Worker count: INCAN_WORKERS if set to a positive number, else the number of CPUs
  // (std::thread::hardware_concurrency), at least 1.
  static std::size_t default_worker_count() noexcept;

  // spawn_blocking pool defaults: at most this many threads, each retiring after this
  // many seconds without work.
  static constexpr std::size_t k_default_max_blocking_threads = 512;
  static constexpr double k_default_blocking_keep_alive_s = 10.0;

  runtime();
  explicit runtime(std::size_t worker_threads);
  // With a blocking pool of at most `max_blocking_threads` (0 means 1) threads that
  // retire after `blocking_keep_alive_seconds` idle (clamped like sleep()).
  runtime(std::size_t worker_threads, std::size_t max_blocking_threads, double blocking_keep_alive_seconds);
  runtime(const runtime&) = delete;
  runtime& operator=(const runtime&) = delete;
  ~runtime();

  std::size_t worker_count() const noexcept;
  // Threads of the spawn_blocking pool alive now (they start on demand and retire idle).
  std::size_t blocking_thread_count() const noexcept;

  // Runs `t` on the calling thread until it finishes, while spawned tasks run on the
  // workers, and returns its value; a panic in `t` is rethrown here. Calling it from a
  // thread that is already inside a runtime (a worker, or another block_on) is misuse.
  template <class T>
  T block_on(task<T> t);

 private:
  detail::scheduler* scheduler_;
};

// The entry point of a program whose `main` is async: builds a runtime with
// default_worker_count() workers, runs main's coroutine on the calling thread with
// block_on, flushes stdout and ends the process with std::_Exit(0) at once, without
// waiting for detached tasks. If main panics, the exit code is 101 (the panic message
// was printed when it happened).
[[noreturn]] void run_async_main(task<void> (*main_fn)());

// The entry point of a program whose `main` is synchronous: incan::run_main (exit code
// 0, or 101 after a panic) with the main thread guarded against stack overflow
// (detail/stack_guard.h). Starts no runtime.
int run_main(void (*main_fn)()) noexcept;

template <class T>
T runtime::block_on(task<T> t) {
  auto root = detail::task_access::release(t);
  struct frame_guard {  // destroys the root frame on every exit path
    std::coroutine_handle<detail::promise<T>> h;
    explicit frame_guard(std::coroutine_handle<detail::promise<T>> handle) noexcept : h(handle) {}
    ~frame_guard() { h.destroy(); }
  } guard(root);
  detail::block_on_raw(scheduler_, root, root.promise());
  return root.promise().take_result();
}

}  // namespace incan::rt
