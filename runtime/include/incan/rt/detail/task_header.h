// The task header: the type-erased, reference-counted part of every task, shared by
// the scheduler, the join handle and wakers. Part of incan_rt (task layer).
//
// Design
// ======
// A *task* is one root coroutine plus the chain of coroutines it is currently awaiting
// (task<T> frames linked by continuation links, detail/promise.h). Every task has one
// task_header of k_cell_prefix (64) bytes. Three kinds (bits in the state word, fixed
// at construction):
//   SPAWNED   spawn(): the header lives in the *prefix* of its root frame's block. Every
//             coroutine frame is allocated with k_cell_prefix spare bytes in front of it
//             (promise_base::operator new); spawn constructs the header there, so a task
//             is one allocation: [header | root frame]. When the root finishes or is
//             cancelled, its frame is destroyed (releasing what it held) but the block
//             stays: the dead frame's first bytes become the output slot (output_meta
//             and the value or error, detail/task_cell.h). The last release() frees it.
//   BLOCK_ON  runtime::block_on's root: also in its root frame's prefix; id_ holds the
//             block_on_signal its schedule() signals (src/runtime.cpp). The root frame
//             holds a reference, released when runtime::block_on destroys the frame.
//   BLOCKING  spawn_blocking: a standalone blocking_cell (detail/blocking_cell.h) whose
//             output slot also sits right after the header; it has no frames.
// So a task's root frame, when it has one, is always at (char*)header + k_cell_prefix,
// and the output slot of a finished SPAWNED or BLOCKING task too. The frame links lead
// from any frame of the task to its root (header_of walks them), so frames do not
// store their task.
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
//   COMPLETE   = terminal; the output (spawned tasks) is published and the root frame
//                is destroyed.
//   CANCELLED  = flag: cancellation requested; the next poll destroys the frames
//                instead of resuming them (set by runtime shutdown and by abort_task,
//                which also wakes the task so that this poll happens).
//   JOIN_WAKER = flag: join_waker_ holds the waker of the task awaiting this one.
//   KIND       = two bits, written before the task is published, never changed (every
//                transition keeps them).
//
// Invariant 1: frames are resumed or destroyed only by the thread that moved the state
// to RUNNING. Wakers never resume anything: wake() moves IDLE to SCHEDULED and queues
// the task, or marks a RUNNING task NOTIFIED. Because a wake can never race a resume,
// an awaiter may register its waker *before* its coroutine has finished suspending.
//
// Who touches which field:
//   state_, refs_            any thread, atomically (CAS loops in src/task/task_header.cpp).
//   resume_point_, wait_     only the thread holding RUNNING. A suspending awaiter stores
//                            its own coroutine (the leaf of the chain) in resume_point_
//                            and only then registers its waker; the next poll resumes it.
//   deadline scopes          the task's stack of active timeouts lives in its root
//                            promise's link word (root_link(), promise.h): RUNNING only.
//   poll context             what only matters during one poll (the stack base of the
//                            symmetric-transfer guard, a trampolined transfer, "this
//                            poll yielded", "the root finished") is not in the header but
//                            in a thread-local poll_context of the polling thread,
//                            reached only through out-of-line functions.
//
// Stale wakes. A wake may arrive for a registration that no longer exists: a timeout
// cancelled the inner work whose waker had already been taken, or a timeout's timer
// fired just as its work completed. The next poll would then resume a leaf whose event
// has not happened. So an awaiter whose resumption must mean "ready" also stores a
// wait_point in wait_ (next to resume_point_); run_frames resumes the leaf only when
// wait_ is null or ready, and otherwise leaves the task suspended (the real wake comes
// later: the event sets what ready() reads before it wakes). sleep and join use it;
// yield_now needs none (an early resume is harmless). A wait_ may also be a *watched
// word* (watch_word below: an atomic word's address tagged with bit 0, ready once one
// of its two low bits is set), which saves the awaiter the wait_point's function
// pointer (the oneshot receiver, whose whole state is one word).
//
// Deadline scopes (timeout, include/incan/rt/timeout.h). Each active timeout of the task
// is a deadline_scope on the task's scope stack (innermost first). Its timer sets the
// scope's `fired` flag, then wakes the task. run_frames, before resuming the leaf and
// again whenever the frames have suspended, looks for the outermost fired scope; if
// there is one it unlinks it (and the scopes nested in it), destroys the scope's inner
// work (the frames' destructors withdraw their wakers and timers) and resumes the
// coroutine that awaited the timeout, which yields Err(timeout_error). So the deadline
// cancels the work at its suspension point, on the thread holding RUNNING (invariant 1).
//   join_waker_              the awaiting task while JOIN_WAKER is clear; the completing
//                            thread once JOIN_WAKER and COMPLETE are both set.
//   output slot              written by the completing thread before COMPLETE is
//                            published (release); read by the join handle after it has
//                            observed COMPLETE (acquire).
//   owned_prev_/owned_next_  the scheduler's owned-task list, under its shard's mutex.
//   id_, scheduler_          written once before the task is published, then read-only.
//                            scheduler_ also tells promise_base::operator delete whether
//                            a frame's prefix holds a header (null: it does not).
//
// Reference count (`refs_`): a spawned task starts with two references, one for the
// scheduler (held from spawn until the task completes; it also keeps every run-queue
// entry valid, because a queued task is never complete) and one for the join handle.
// Every registered waker holds one more. The last release frees the block (release()
// in task_header.cpp, by kind). The root frame is always destroyed before COMPLETE, so
// the last release never meets a live frame.
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
struct deadline_scope;   // detail/deadline_scope.h
struct block_on_signal;  // src/runtime.cpp
struct blocking_ops;     // detail/blocking_cell.h

// What a suspended leaf waits for (see "Stale wakes" above). Lives in the awaiter.
struct wait_point {
  bool (*ready)(const wait_point*) noexcept;
};

// A watched word as a wait_ value: ready once (word & k_watch_ready_bits) != 0.
inline constexpr std::uintptr_t k_watch_ready_bits = 3;
inline const wait_point* watch_word(const atomic<std::uintptr_t>* word) noexcept {
  return reinterpret_cast<const wait_point*>(reinterpret_cast<std::uintptr_t>(word) | 1u);
}

inline constexpr std::uint32_t k_running = 1u << 0;
inline constexpr std::uint32_t k_notified = 1u << 1;
inline constexpr std::uint32_t k_complete = 1u << 2;
inline constexpr std::uint32_t k_cancelled = 1u << 3;
inline constexpr std::uint32_t k_join_waker = 1u << 4;
inline constexpr std::uint32_t k_kind_spawned = 0u << 5;
inline constexpr std::uint32_t k_kind_block_on = 1u << 5;
inline constexpr std::uint32_t k_kind_blocking = 2u << 5;
inline constexpr std::uint32_t k_kind_mask = 3u << 5;

// Bytes in front of every coroutine frame, and the header's size.
inline constexpr std::size_t k_cell_prefix = 64;

struct task_header {
  explicit task_header(std::uint32_t kind) noexcept : state_(kind) {}
  task_header(const task_header&) = delete;
  task_header& operator=(const task_header&) = delete;

  atomic<std::uint32_t> state_;
  atomic<std::uint32_t> refs_{1};
  scheduler* scheduler_ = nullptr;  // spawned and block_on tasks (timers, scheduling)

  // Poll-owned fields (only the RUNNING thread).
  std::coroutine_handle<> resume_point_;  // where the next poll resumes
  const wait_point* wait_ = nullptr;      // resume only once this is ready (null: always)

  task_header* join_waker_ = nullptr;  // JOIN_WAKER protocol (see above)
  union {
    std::uint64_t id_ = 0;       // spawned and blocking tasks: 1, 2, 3, ... in spawn order
    block_on_signal* block_on_;  // block_on roots
  };
  union {
    task_header* owned_prev_ = nullptr;  // spawned tasks: the owned-task list
    const blocking_ops* blocking_;       // blocking tasks: run / dealloc
  };
  task_header* owned_next_ = nullptr;
};
static_assert(sizeof(task_header) == k_cell_prefix, "the header fills the frame prefix exactly");

inline std::uint32_t kind_of(const task_header* t) noexcept {
  // relaxed: the kind bits never change after the task is published.
  return t->state_.load(memory_order_relaxed) & k_kind_mask;
}

// What a finished SPAWNED or BLOCKING task leaves at (char*)header + k_cell_prefix; the
// value or the error pointer follows at + k_output_offset (detail/task_cell.h).
inline constexpr std::uint8_t k_output_empty = 0, k_output_value = 1, k_output_error = 2;
inline constexpr std::size_t k_output_offset = 16;
struct output_meta {
  std::uint32_t block_size;                  // bytes of the whole allocation
  std::uint8_t tag;                          // k_output_*
  void (*destroy_value)(void*) noexcept;     // null for trivially destructible values
};
static_assert(sizeof(output_meta) <= k_output_offset);

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
// k_transfer_stack_limit bytes, park `next` in the poll context and unwind to the poll
// loop, which resumes it. Optimised builds never reach the limit. The poll context is
// thread-local, so the check is out of line (src/task/task_header.cpp).
inline constexpr long k_transfer_stack_limit = 64 * 1024;
std::coroutine_handle<> transfer_guarded(std::coroutine_handle<> next) noexcept;
inline std::coroutine_handle<> transfer_to(task_header*, std::coroutine_handle<> next) noexcept {
  return transfer_guarded(next);
}

}  // namespace incan::rt::detail
