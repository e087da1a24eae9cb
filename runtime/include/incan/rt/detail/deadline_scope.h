// deadline_scope: one active timeout of a task, linked on the task's scope stack (whose
// head is in the root frame's link word, detail/promise.h).
// Part of incan_rt (time layer). The protocol is described in detail/task_header.h
// ("Deadline scopes"); the timeout awaiters in incan/rt/timeout.h embed one.
//
// Who touches what: every field except entry.fired is read and written only by the
// thread holding the task RUNNING (the awaiter's own code, run_frames, and the
// destructors that run while that thread destroys frames). entry.fired is set by the
// timer thread (release) and read by run_frames (acquire).
#pragma once

#include <coroutine>
#include <cstdint>

#include "incan/rt/detail/task_header.h"
#include "incan/rt/detail/timer_entry.h"

namespace incan::rt::detail {

struct deadline_scope {
  deadline_scope* outer = nullptr;           // the enclosing active scope of the same task
  task_header* owner = nullptr;              // set by scope_enter
  std::coroutine_handle<> parent;            // resumed with the timed-out result
  void (*expire)(deadline_scope*) noexcept;  // destroys the inner work's frames
  timer_entry entry;                         // entry.fired: the deadline has passed
  bool linked = false;                       // on the task's scope stack
  bool timed_out = false;                    // run_frames expired this scope
};

// Links `s` as the innermost scope of `t` and starts its deadline: registers the timer,
// or marks the scope fired at once when duration_ns <= 0 (the inner work then runs
// until its first suspension, as a zero timeout does). Caller holds `t` RUNNING.
void scope_enter(task_header* t, deadline_scope* s, std::int64_t duration_ns) noexcept;
// Unlinks `s` (if still linked) and withdraws its timer (if still queued). Idempotent.
void scope_leave(deadline_scope* s) noexcept;

}  // namespace incan::rt::detail
