// blocking_pool: the threads that run spawn_blocking calls. Part of incan_rt
// (scheduler layer); internal, owned by the scheduler.
//
// Design
// ======
// A FIFO queue of blocking cells (detail/blocking_cell.h) and a set of threads, all
// under one mutex (a blocking call costs far more than the lock).
//   - submit: queues the cell; if a thread is idle, claims it (idle_ - 1, wakeups_ + 1)
//     and signals the condition variable; else, below the cap, starts a new thread;
//     else the cell waits for the next free thread. So threads grow on demand.
//   - a pool thread pops the oldest cell and runs it outside the lock (RUNNING, then
//     COMPLETE, or cancelled if abort set CANCELLED while it was queued). With the
//     queue empty it counts itself idle and waits until claimed (wakeups_ > 0), shut
//     down, or keep_alive passed; a thread idle for keep_alive retires: it moves its own
//     std::thread to retired_ and exits. Retired threads are joined by the next submit
//     or by shutdown (a thread cannot join itself).
//   - shutdown (first step of the scheduler's shutdown, while the workers still run):
//     new submits are cancelled at once, queued cells are cancelled (never started),
//     running calls are waited for (a call that never returns blocks the shutdown, as
//     in other runtimes), then every thread is joined.
// Who touches what: everything below is guarded by mutex_, except the cells being run
// (owned by the running thread through RUNNING) and thread objects being joined (owned
// by the joiner after it took them out under mutex_).
// A blocking thread is "inside" the runtime (spawn works there), not a worker.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <thread>
#include <vector>

#include "detail/sync_locks.h"
#include "incan/rt/detail/task_header.h"

namespace incan::rt::detail {

class scheduler;

class blocking_pool {
 public:
  blocking_pool(scheduler* owner, std::size_t max_threads, std::chrono::nanoseconds keep_alive) noexcept;
  blocking_pool(const blocking_pool&) = delete;
  blocking_pool& operator=(const blocking_pool&) = delete;
  ~blocking_pool();

  // A fresh cell in state SCHEDULED with two references (pool + handle).
  void submit(task_header* t) noexcept;
  void shutdown() noexcept;
  // Threads alive now (running, idle, or retiring).
  std::size_t thread_count() noexcept;

 private:
  void thread_main() noexcept;
  void run_one(task_header* t) noexcept;
  void join_retired() noexcept;

  scheduler* owner_;
  const std::size_t max_threads_;
  const std::chrono::nanoseconds keep_alive_;

  mutex mutex_;
  condition_variable cv_;
  std::deque<task_header*> queue_;     // guarded by mutex_
  std::vector<std::thread> threads_;   // guarded by mutex_: started, not yet retired
  std::vector<std::thread> retired_;   // guarded by mutex_: exited or exiting, to join
  std::size_t idle_ = 0;               // guarded by mutex_: waiting and not yet claimed
  std::size_t wakeups_ = 0;            // guarded by mutex_: claims not yet consumed
  bool shutdown_ = false;              // guarded by mutex_
};

// Cancels a blocking cell that will never run (state SCHEDULED, pool reference held).
void cancel_blocking(task_header* t) noexcept;

}  // namespace incan::rt::detail
