// runtime, block_on and the async program entry point. Part of incan_rt (the facade
// over scheduler/, task/ and time/).
//
// block_on design: the root task's header is constructed in the prefix of the root
// frame's block (kind BLOCK_ON, detail/task_header.h), like a spawned task's; its
// "schedule" signals a condition variable in a block_on_signal instead of queueing. The
// thread polls the root with the same state transitions as a worker (so invariant 1
// holds: wakers only signal) and sleeps on the signal while the root is IDLE. The header
// is reference-counted like any task because wakers (the timer thread, a completing
// task) may still be inside schedule() after the root finished: block_on holds one
// reference, the root frame another (dropped when runtime::block_on destroys the frame,
// promise_base::operator delete), and the last release frees the block and the signal.
#include "incan/rt/runtime.h"

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <chrono>
#include <thread>

#include "detail/sync_locks.h"
#include "incan/core/panic.h"
#include "incan/rt/detail/stack_guard.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#endif
#include "incan/rt/time.h"
#include "scheduler/scheduler.h"
#include "task/task_state.h"

namespace incan::rt {
namespace detail {

struct block_on_signal {
  // Blocks until signal() was called since the last wait.
  void wait() noexcept {
    unique_lock<mutex> lock(m);
    cv.wait(lock, [this] { return signalled; });
    signalled = false;
  }

  mutex m;
  condition_variable cv;
  bool signalled = false;  // guarded by m
};

void signal_block_on(task_header* t) noexcept {
  block_on_signal* s = t->block_on_;
  {
    lock_guard<mutex> lock(s->m);
    s->signalled = true;
  }
  s->cv.notify_one();
}

void delete_block_on_signal(block_on_signal* s) noexcept { delete s; }

void block_on_raw(scheduler* s, std::coroutine_handle<> root, promise_base& p) {
  auto* signal = new block_on_signal;
  s->enter_block_on();
  auto* b = ::new (static_cast<void*>(static_cast<char*>(root.address()) - k_cell_prefix))
      task_header(k_kind_block_on | k_notified);  // the first poll is due at once
  b->refs_.store(2, memory_order_relaxed);         // this call + the root frame
  b->block_on_ = signal;
  b->scheduler_ = s;  // the prefix holds a header from here on
  p.continuation_.make_root();
  b->resume_point_ = root;
  for (;;) {
    transition_to_running(b);
    run_frames(b);
    if (root.done()) {  // the value (or panic) stays in the promise for block_on
      current_poll().finish = nullptr;
      transition_to_complete(b);
      break;
    }
    if (!b->resume_point_) misuse("a task suspended on an awaitable that is not part of incan::rt");
    if (transition_to_idle(b)) continue;  // woken (or yielded) during the poll
    signal->wait();
  }
  s->leave_block_on();
  release(b);
}

}  // namespace detail

std::size_t runtime::default_worker_count() noexcept {
  if (const char* env = std::getenv("INCAN_WORKERS"); env != nullptr && *env != '\0') {
    char* end = nullptr;
    const long n = std::strtol(env, &end, 10);
    if (end != env && *end == '\0') return n < 1 ? 1 : (n > 1024 ? 1024 : static_cast<std::size_t>(n));
  }
  const unsigned cpus = std::thread::hardware_concurrency();
  return cpus == 0 ? 1 : cpus;
}

runtime::runtime() : runtime(default_worker_count()) {}

runtime::runtime(std::size_t worker_threads)
    : runtime(worker_threads, k_default_max_blocking_threads, k_default_blocking_keep_alive_s) {}

runtime::runtime(std::size_t worker_threads, std::size_t max_blocking_threads, double blocking_keep_alive_seconds)
    : scheduler_(new detail::scheduler(
          worker_threads, max_blocking_threads,
          std::chrono::nanoseconds(detail::seconds_to_ns(blocking_keep_alive_seconds)))) {}

std::size_t runtime::blocking_thread_count() const noexcept { return scheduler_->blocking().thread_count(); }

runtime::~runtime() { delete scheduler_; }

std::size_t runtime::worker_count() const noexcept { return scheduler_->worker_count(); }

namespace detail {
// The program's runtime. Never destroyed: when main returns, the process ends without
// waiting for (or cancelling) detached tasks, as in Incan. Held in a global with
// external linkage (so the store cannot be optimised away) to keep it, and every task
// it owns, reachable for LeakSanitizer's check below; a local pointer may be dead by
// then, which made the runtime itself look leaked.
runtime* g_main_runtime = nullptr;
}  // namespace detail

void run_async_main(task<void> (*main_fn)()) {
  // Never destroyed: the process ends with _Exit below.
  static detail::stack_overflow_guard guard("main");
  detail::g_main_runtime = new runtime();
  runtime* rt = detail::g_main_runtime;
  int code = 0;
  try {
    rt->block_on(main_fn());
  } catch (const incan::panic_exception&) {
    code = 101;  // incan::panic printed the message when it happened
  } catch (const std::exception& e) {
    incan::flush_stdout();
    std::fprintf(stderr, "%s\n", e.what());
    code = 101;
  } catch (...) {
    incan::flush_stdout();
    std::fprintf(stderr, "main panicked\n");
    code = 101;
  }
  incan::flush_stdout();
#if defined(__SANITIZE_ADDRESS__)
  // _Exit skips LeakSanitizer's exit-time check; run it here. Memory of detached and
  // parked tasks is still reachable (this runtime is on the stack and owns them), so
  // only truly lost blocks (e.g. a task whose last reference was dropped without
  // freeing it) are reported, and the process exits with LeakSanitizer's code.
  __lsan_do_leak_check();
#endif
  std::fflush(stderr);
  std::_Exit(code);
}

}  // namespace incan::rt
