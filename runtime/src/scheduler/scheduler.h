// scheduler: the multi-threaded, work-stealing executor behind incan::rt::runtime.
// Part of incan_rt (scheduler layer); internal.
//
// Design
// ======
// Threads: N workers (each runs spawned tasks), one timer thread (time/timer_driver.h),
// and any number of block_on threads (each polls only its own root task and reaches
// the scheduler only to spawn).
//
// Queues. Every queue holds task_header pointers without references: a queued task is
// SCHEDULED, hence not complete, hence kept alive by the scheduler's reference (see
// task_header.h). Queues are FIFO, so spawn order is the natural run order.
//   - local queue per worker (mutex + deque): tasks spawned or woken by that worker,
//     and tasks woken while it polled them.
//   - inject queue (mutex + deque): tasks spawned or woken by non-worker threads
//     (block_on, the timer thread) and tasks that called yield_now, so a yielding task
//     goes behind everything already runnable.
// A worker picks: every 61st pick the inject queue first (so it cannot starve behind
// a busy local queue), else its local queue, the inject queue, then steals the older
// half of another worker's local queue.
//
// Parking. An idle worker pushes itself on the idle stack and bumps num_idle_ (both
// under idle_mutex_, num_idle_ seq_cst), re-checks every queue under the queues' locks,
// and then waits on its own condition variable until `notified` is set. Whoever queues
// a task reads num_idle_ (seq_cst) after its push and, if non-zero, pops ONE idle
// worker and notifies only it. No lost wake-up: the pusher's queue lock and the
// parker's re-check lock are ordered; if the re-check came first, its num_idle_
// increment happens-before the pusher's read, otherwise the re-check sees the task.
//
// Owned tasks. Every spawned task is on the intrusive owned list (owned_mutex_) from
// spawn until it completes; the list holds the scheduler's reference.
//
// Thread context: a thread_local {scheduler, worker} says where the calling thread
// runs; spawn and wake use it to pick the local or the inject queue. It is read only
// in this library's .cpp files (never inline in a coroutine, which may move to another
// thread between two reads).
//
// Shutdown (destructor): close the owned list (later spawns are cancelled at once),
// set shutdown_, notify every worker, join them, stop the timer thread, then, alone,
// cancel every task still on the owned list: mark it RUNNING|CANCELLED, destroy its
// frames (their awaiter destructors deregister timers and join wakers), store
// Err(cancelled) and complete it. Finally the queues, whose entries may now dangle, are
// cleared without being read.
//
// Next steps: a bounded lock-free ring per worker plus a LIFO slot for the task woken
// last (message-passing locality), batch moves from the inject queue, a "searching"
// count so a burst of pushes wakes one stealer rather than one per push, a sharded owned
// list, and abort (set CANCELLED and wake: the worker path already cancels).
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <thread>
#include <vector>

#include "detail/sync_locks.h"
#include "incan/rt/detail/task_header.h"
#include "time/timer_driver.h"

namespace incan::rt::detail {

class scheduler {
 public:
  explicit scheduler(std::size_t worker_threads);
  scheduler(const scheduler&) = delete;
  scheduler& operator=(const scheduler&) = delete;
  ~scheduler();

  std::size_t worker_count() const noexcept { return workers_.size(); }
  timer_driver& timers() noexcept { return timers_; }

  // A new task (state 0, two references): link it, give it an id and queue it.
  void spawn(task_header* t) noexcept;
  // A task that has just become SCHEDULED (task_vtable::schedule of spawned tasks).
  void schedule(task_header* t) noexcept;

  // The scheduler the calling thread runs in, or null.
  static scheduler* current() noexcept;
  // block_on threads: enter (misuse if already inside a runtime) and leave.
  void enter_block_on() noexcept;
  void leave_block_on() noexcept;

 private:
  struct worker {
    std::size_t index = 0;
    mutex queue_mutex;
    std::deque<task_header*> queue;           // guarded by queue_mutex
    atomic<std::size_t> queue_hint{0};        // queue.size(), relaxed: only to skip empty queues
    mutex park_mutex;
    condition_variable park_cv;
    bool notified = false;                    // guarded by park_mutex
    std::uint32_t tick = 0;                   // owner thread only
    std::uint32_t steal_seed = 0;             // owner thread only
    std::thread thread;
  };

  void worker_main(worker& w) noexcept;
  task_header* next_task(worker& w) noexcept;
  void run_task(worker& w, task_header* t) noexcept;
  void finish(task_header* t) noexcept;
  void cancel_now(task_header* t) noexcept;

  void push_local(worker& w, task_header* t) noexcept;
  void push_inject(task_header* t) noexcept;
  task_header* pop_local(worker& w) noexcept;
  task_header* pop_inject() noexcept;
  task_header* steal(worker& thief) noexcept;
  bool has_work() noexcept;

  void park(worker& w) noexcept;
  void notify_one() noexcept;

  void shutdown() noexcept;

  std::vector<std::unique_ptr<worker>> workers_;

  mutex inject_mutex_;
  std::deque<task_header*> inject_;       // guarded by inject_mutex_
  atomic<std::size_t> inject_hint_{0};    // inject_.size(), relaxed hint

  mutex idle_mutex_;
  std::vector<worker*> idle_;             // guarded by idle_mutex_
  atomic<std::size_t> num_idle_{0};       // seq_cst: the parking handshake (above)

  mutex owned_mutex_;
  task_header* owned_head_ = nullptr;     // guarded by owned_mutex_
  bool owned_closed_ = false;             // guarded by owned_mutex_

  atomic<bool> shutdown_{false};          // release/acquire: read by workers each loop

  timer_driver timers_;
};

}  // namespace incan::rt::detail
