// Internal state transitions of a task's state word, the poll context and the spawned
// and block_on pieces used by the pollers (the scheduler's workers, block_on and the
// blocking pool). Part of incan_rt (task layer); the state machine is documented in
// include/incan/rt/detail/task_header.h.
#pragma once

#include <coroutine>
#include <cstdint>

#include "incan/rt/detail/task_header.h"

namespace incan::rt::detail {

// What one poll needs besides the header; thread-local to the polling thread and reset
// by run_frames (see src/task/task_header.cpp).
struct poll_context {
  void* stack_base = nullptr;              // the poll loop's frame (transfer guard)
  std::coroutine_handle<> transfer;        // a transfer parked by the guard
  bool yielded = false;                    // the poll ended in yield_now
  void (*finish)(task_header*) noexcept = nullptr;  // a root finished: its finisher
};
// The calling thread's poll context. Out of line (never cached across a migration).
poll_context& current_poll() noexcept;

// SCHEDULED -> RUNNING (also used on IDLE by runtime shutdown, which holds every task).
// Returns the new state; the caller cancels instead of polling if k_cancelled is set.
std::uint32_t transition_to_running(task_header* t) noexcept;

// Sets CANCELLED: the next transition_to_running reports it and the poller cancels.
void set_cancelled(task_header* t) noexcept;

// RUNNING -> IDLE, or RUNNING|NOTIFIED -> SCHEDULED. Returns true in the second case:
// the caller must queue the task again.
bool transition_to_idle(task_header* t) noexcept;

// RUNNING -> COMPLETE, publishing the output, then wakes the registered joiner.
void transition_to_complete(task_header* t) noexcept;

// Spawned tasks (caller holds RUNNING). poll: resumes the frames; true once the root has
// finished (its output is stored and its frame destroyed). cancel: destroys the frames
// and stores Err(cancelled).
bool poll_spawned(task_header* t) noexcept;
void cancel_spawned(task_header* t) noexcept;

// block_on roots (src/runtime.cpp): their schedule, and the end of their signal.
void signal_block_on(task_header* t) noexcept;
void delete_block_on_signal(block_on_signal* s) noexcept;

}  // namespace incan::rt::detail
