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
// Searching. A worker is "searching" from the moment it is woken (or runs dry and
// goes to steal) until it finds a task or parks; num_searching_ counts them (seq_cst).
// At most half the workers search by stealing at once. Whoever queues a task wakes a
// parked worker only if nobody is searching: a searcher will find the task. A
// searcher that finds a task stops searching and, if it was the last one, wakes one
// more worker, so a burst of pushes ramps workers up one at a time instead of waking
// one per push (and the pusher pays no futex call while someone is already looking).
//
// Parking. A worker with nothing to do stops searching (num_searching_ - 1), pushes
// itself on the idle stack and bumps num_idle_ (both under idle_mutex_, seq_cst),
// re-checks every queue under the queues' locks, and then waits on its own condition
// variable until `notified` is set; it wakes up searching (the notifier counted it in
// num_searching_ when it popped it from the idle stack, under idle_mutex_, after
// re-checking that nobody searches). Whoever queues a task reads num_searching_ and
// then num_idle_ (seq_cst) after its push and, if nobody searches and someone is
// idle, pops ONE idle worker and notifies only it. No lost wake-up: the pusher's queue
// lock and the parker's re-check lock are ordered; if the re-check came first, the
// parker's num_searching_ decrement and num_idle_ increment happen-before the pusher's
// reads (so it sees nobody searching and someone idle), otherwise the re-check sees
// the task. A pusher that saw a searcher relies on that searcher's own re-check after
// its decrement, by the same argument.
//
// Owned tasks. Every spawned task is on an intrusive owned list from spawn until it
// completes; the list holds the scheduler's reference. The list is split into
// k_owned_shards shards (task id modulo the count), each with its own mutex, so the
// spawning and the completing worker rarely meet on a lock.
//
// Thread context: a thread_local {scheduler, worker} says where the calling thread
// runs; spawn and wake use it to pick the local or the inject queue. It is read only
// in this library's .cpp files (never inline in a coroutine, which may move to another
// thread between two reads).
//
// Blocking pool (blocking_pool.h): spawn_blocking tasks run on their own threads and
// are not on the owned list; the pool cancels what never started.
//
// Shutdown (destructor): shut the blocking pool down (while the workers still run, so
// a blocking call waiting for async work can finish), close every owned shard (later
// spawns are cancelled at once), set shutdown_, notify every worker, join them, stop
// the timer thread, then, alone, cancel every task still on an owned shard: mark it
// RUNNING|CANCELLED, destroy its
// frames (their awaiter destructors deregister timers and join wakers), store
// Err(cancelled) and complete it. Finally the queues, whose entries may now dangle, are
// cleared without being read.
//
// LIFO slot. A task woken by a worker thread (while that worker polls, or completes a
// task whose joiner waits) goes to that worker's `lifo` slot, a plain field only the
// owner reads and writes, instead of its queue, and nobody is notified: the worker
// runs it right after the current poll, on the same thread and with warm caches, which
// is what message passing wants (the receiver of a message runs next). A task already
// in the slot moves to the local queue (with the usual notify). At most
// k_max_lifo_polls slot picks in a row, then the slot's task goes to the back of the
// local queue, so two tasks passing messages cannot starve the rest -- unless the
// local queue and the inject queue are both empty (read through their relaxed size
// hints): then there is nobody to be fair to, and the worker keeps running the slot
// with a fresh budget rather than pushing it out and notifying a parked worker, which
// would only steal one of the pair and turn every message into a cross-thread wake.
// The slot is never stolen; a worker only parks with an empty slot (next_task looks
// there first).
//
// Next steps: a bounded lock-free ring per worker, and batch moves from the inject
// queue.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <thread>
#include <vector>

#include "detail/sync_locks.h"
#include "incan/rt/detail/task_header.h"
#include "scheduler/blocking_pool.h"
#include "time/timer_driver.h"

namespace incan::rt::detail {

class scheduler {
 public:
  scheduler(std::size_t worker_threads, std::size_t max_blocking_threads,
            std::chrono::nanoseconds blocking_keep_alive);
  scheduler(const scheduler&) = delete;
  scheduler& operator=(const scheduler&) = delete;
  ~scheduler();

  std::size_t worker_count() const noexcept { return workers_.size(); }
  timer_driver& timers() noexcept { return timers_; }
  blocking_pool& blocking() noexcept { return blocking_; }

  // A new task (state 0, two references): link it, give it an id and queue it.
  void spawn(task_header* t) noexcept;
  // Queues a new or yielded task FIFO (local or inject queue) and notifies.
  void enqueue(task_header* t) noexcept;
  // A new spawn_blocking task: give it an id and hand it to the blocking pool.
  void spawn_blocking(task_header* t) noexcept;
  // A spawned task that has just become SCHEDULED (called by wake_by_ref / abort_task).
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
    bool searching = false;                   // owner thread only: counted in num_searching_
    task_header* lifo = nullptr;              // owner thread only: the task this worker woke last
    std::uint32_t lifo_polls = 0;             // owner thread only: LIFO picks in a row
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
  void end_search(worker& w) noexcept;

  void shutdown() noexcept;

  std::vector<std::unique_ptr<worker>> workers_;

  mutex inject_mutex_;
  std::deque<task_header*> inject_;       // guarded by inject_mutex_
  atomic<std::size_t> inject_hint_{0};    // inject_.size(), relaxed hint

  mutex idle_mutex_;
  std::vector<worker*> idle_;             // guarded by idle_mutex_
  atomic<std::size_t> num_idle_{0};       // seq_cst: the parking handshake (above)
  atomic<std::size_t> num_searching_{0};  // seq_cst: workers looking for work (above)

  static constexpr std::size_t k_owned_shards = 16;
  struct alignas(64) owned_shard {
    mutex m;
    task_header* head = nullptr;  // guarded by m
    bool closed = false;          // guarded by m
  };
  owned_shard& shard_of(const task_header* t) noexcept { return owned_[t->id_ % k_owned_shards]; }
  owned_shard owned_[k_owned_shards];

  atomic<bool> shutdown_{false};          // release/acquire: read by workers each loop

  timer_driver timers_;
  blocking_pool blocking_;
};

}  // namespace incan::rt::detail
