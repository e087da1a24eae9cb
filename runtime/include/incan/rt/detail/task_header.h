// The task header: the type-erased, reference-counted part of every task, shared by
// the scheduler, the join handle and wakers. Part of incan_rt (task layer).
//
// Design
// ======
// A *task* is one root coroutine plus the chain of coroutines it is currently awaiting
// (task<T> frames linked by continuation handles). Every task has one task_header:
// a spawned task's header is the front of its task_cell<T> (detail/task_cell.h), the
// root driven by runtime::block_on has a header of its own (src/runtime.cpp).
//
// State word (`state_`, bits below). The lifecycle is
//
//     IDLE --wake--> SCHEDULED --worker pops--> RUNNING --poll returns--> IDLE
//                                                  |   \--woken during poll--> SCHEDULED
//                                                  \--root finished / cancelled--> COMPLETE
//
//   IDLE       = no RUNNING, no NOTIFIED, no COMPLETE: suspended, nobody will resume it
//                until a waker fires.
//   SCHEDULED  = NOTIFIED without RUNNING: exactly one run-queue entry exists.
//   RUNNING    = one thread is resuming the task's frames (the "poll").
//   RUNNING|NOTIFIED = woken while running; the poller queues it again afterwards.
//   COMPLETE   = terminal; the output (spawned tasks) is published.
//   CANCELLED  = flag: cancellation requested; the next poll destroys the frames
//                instead of resuming them (set by runtime shutdown and by abort_task,
//                which also wakes the task so that this poll happens).
//   JOIN_WAKER = flag: join_waker_ holds the waker of the task awaiting this one.
//
// Invariant 1: frames are resumed or destroyed only by the thread that moved the state
// to RUNNING. Wakers never resume anything: wake() moves IDLE to SCHEDULED and queues
// the task, or marks a RUNNING task NOTIFIED. Because a wake can never race a resume,
// an awaiter may register its waker *before* its coroutine has finished suspending.
//
// Who touches which field:
//   state_, refs_            any thread, atomically (CAS loops in src/task/task_header.cpp).
//   resume_point_, wait_, scopes_, transfer_, stack_base_, yielded_
//                            only the thread holding RUNNING. A suspending awaiter stores
//                            its own coroutine (the leaf of the chain) in resume_point_
//                            and only then registers its waker; the next poll resumes it.
//
// Stale wakes. A wake may arrive for a registration that no longer exists: a timeout
// cancelled the inner work whose waker had already been taken, or a timeout's timer
// fired just as its work completed. The next poll would then resume a leaf whose event
// has not happened. So an awaiter whose resumption must mean "ready" also stores a
// wait_point in wait_ (next to resume_point_); run_frames resumes the leaf only when
// wait_ is null or wait_->ready() is true, and otherwise leaves the task suspended (the
// real wake comes later: the event sets what ready() reads before it wakes). sleep and
// join use it; yield_now needs none (an early resume is harmless).
//
// Deadline scopes (timeout, include/incan/rt/timeout.h). Each active timeout of the task
// is a deadline_scope on the scopes_ stack (innermost first). Its timer sets the scope's
// `fired` flag, then wakes the task. run_frames, before resuming the leaf and again
// whenever the frames have suspended, looks for the outermost fired scope; if there is
// one it unlinks it (and the scopes nested in it), destroys the scope's inner work (the
// frames' destructors withdraw their wakers and timers) and resumes the coroutine that
// awaited the timeout, which yields Err(timeout_error). So the deadline cancels the work
// at its suspension point, on the thread holding RUNNING (invariant 1 holds).
//   join_waker_              the awaiting task while JOIN_WAKER is clear; the completing
//                            thread once JOIN_WAKER and COMPLETE are both set.
//   output (task_cell<T>)    written by the completing thread before COMPLETE is
//                            published (release); read by the join handle after it has
//                            observed COMPLETE (acquire).
//   owned_prev_/owned_next_  the scheduler's owned-task list, under its shard's mutex.
//   id_, scheduler_, vtable_ written once before the task is published, then read-only.
//
// Reference count (`refs_`): a spawned task starts with two references, one for the
// scheduler (held from spawn until the task completes; it also keeps every run-queue
// entry valid, because a queued task is never complete) and one for the join handle.
// Every registered waker holds one more. The last release calls vtable_->dealloc.
//
// Shutdown: the scheduler (src/scheduler/scheduler.h) first stops its workers, then
// takes RUNNING on every unfinished task itself, sets CANCELLED, destroys the frames
// and completes the task with Err(cancelled). A header outlives its runtime while a
// join handle still references it (it is complete by then, so nothing schedules it).
//
// Memory orders: see the comments at each atomic operation in task_header.cpp; in
// short, every state transition that hands the frames or the output to another thread
// is a release and every transition that takes them over is an acquire.
#pragma once

#include <coroutine>
#include <cstddef>
#include <cstdint>

#include "incan/rt/detail/frame_alloc.h"
#include "incan/rt/detail/sync.h"

namespace incan::rt::detail {

class scheduler;  // src/scheduler/scheduler.h
struct task_header;
struct deadline_scope;  // detail/deadline_scope.h

// What a suspended leaf waits for (see "Stale wakes" above). Lives in the awaiter.
struct wait_point {
  bool (*ready)(const wait_point*) noexcept;
};

inline constexpr std::uint32_t k_running = 1u << 0;
inline constexpr std::uint32_t k_notified = 1u << 1;
inline constexpr std::uint32_t k_complete = 1u << 2;
inline constexpr std::uint32_t k_cancelled = 1u << 3;
inline constexpr std::uint32_t k_join_waker = 1u << 4;

// What differs between a spawned task and a block_on root.
struct task_vtable {
  // Puts a task that has just become SCHEDULED on a run queue (or wakes its thread).
  void (*schedule)(task_header*) noexcept;
  // Resumes the frames (caller holds RUNNING). Returns true once the root has finished;
  // by then the output is stored and the frames are destroyed.
  bool (*poll)(task_header*) noexcept;
  // Destroys the suspended frames and stores the "cancelled" output (caller holds RUNNING).
  void (*cancel)(task_header*) noexcept;
  // Frees the memory; called by the last release().
  void (*dealloc)(task_header*) noexcept;
};

struct task_header {
  explicit task_header(const task_vtable* vtable) noexcept : vtable_(vtable) {}
  // Cells come from the frame pool; always deleted through their most derived type.
  static void* operator new(std::size_t size) { return frame_alloc(size); }
  static void operator delete(void* p, std::size_t size) noexcept { frame_free(p, size); }
  task_header(const task_header&) = delete;
  task_header& operator=(const task_header&) = delete;

  atomic<std::uint32_t> state_{0};
  atomic<std::uint32_t> refs_{1};
  const task_vtable* vtable_;
  scheduler* scheduler_ = nullptr;

  // Poll-owned fields (only the RUNNING thread).
  std::coroutine_handle<> resume_point_;  // where the next poll resumes
  const wait_point* wait_ = nullptr;      // resume only once this is ready (null: always)
  deadline_scope* scopes_ = nullptr;      // active timeouts, innermost first
  std::coroutine_handle<> transfer_;      // trampolined symmetric transfer (see transfer_to)
  void* stack_base_ = nullptr;            // frame address of the poll loop

  task_header* join_waker_ = nullptr;  // JOIN_WAKER protocol (see above)
  std::uint64_t id_ = 0;               // spawned tasks: 1, 2, 3, ... in spawn order
  task_header* owned_prev_ = nullptr;
  task_header* owned_next_ = nullptr;
  // Last, so that a derived cell's first small member fits in the tail padding.
  bool yielded_ = false;  // poll-owned: the poll ended in yield_now
};

// Reference counting and waking (src/task/task_header.cpp).
void add_ref(task_header* t) noexcept;
void release(task_header* t) noexcept;
// Schedules `t` if it is idle, marks it NOTIFIED if it is running; no-op when complete.
void wake_by_ref(task_header* t) noexcept;
// wake_by_ref, then releases the reference the waker held.
void wake_by_val(task_header* t) noexcept;
// join_handle::abort: sets CANCELLED and wakes, unless `t` is complete (then nothing).
// The next poll destroys the frames at the suspension point the task has reached (a
// running task finishes its current poll first) and completes it with Err(cancelled).
void abort_task(task_header* t) noexcept;

// The poll loop: resumes resume_point_ (unless wait_ is not ready, or a deadline scope
// fired: then the timed-out awaiter's parent), then every trampolined transfer, until
// the task suspends or its root finishes. Caller holds RUNNING.
void run_frames(task_header* t) noexcept;

// Join protocol. set_join_waker registers `waiter` (taking a reference) to be woken when
// `t` completes; returns false, registering nothing, if `t` is already complete.
bool set_join_waker(task_header* t, task_header* waiter) noexcept;
// Withdraws a registration made by set_join_waker unless completion already took it.
void unset_join_waker(task_header* t) noexcept;
inline bool is_complete(const task_header* t) noexcept {
  // acquire: pairs with the release in complete() so the output is visible.
  return (t->state_.load(memory_order_acquire) & k_complete) != 0;
}

// yield_now: marks the running task to be queued again behind other runnable tasks.
void yield_task(task_header* t) noexcept;

// Misuse of the runtime API: prints `what` and aborts.
[[noreturn]] void misuse(const char* what) noexcept;

// Symmetric transfer with a stack guard. g++ 12 turns the handle returned from
// await_suspend into a tail call only at -O2 without ASan/TSan (GCC PR 100897); in other
// builds every awaited-and-finished coroutine would grow the stack. So: while the
// stack below the poll loop is shallow, return `next` (true symmetric transfer); past
// k_transfer_stack_limit bytes, park `next` in transfer_ and unwind to the poll loop,
// which resumes it. Optimised builds never reach the limit.
inline constexpr long k_transfer_stack_limit = 64 * 1024;
inline std::coroutine_handle<> transfer_to(task_header* t, std::coroutine_handle<> next) noexcept {
  const long depth =
      static_cast<char*>(t->stack_base_) - static_cast<char*>(__builtin_frame_address(0));
  if (depth >= 0 && depth < k_transfer_stack_limit) return next;
  t->transfer_ = next;
  return std::noop_coroutine();
}

}  // namespace incan::rt::detail
