// Internal state transitions of a task's state word, used by the pollers (the
// scheduler's workers and block_on). Part of incan_rt (task layer); the state machine
// is documented in include/incan/rt/detail/task_header.h.
#pragma once

#include <cstdint>

#include "incan/rt/detail/task_header.h"

namespace incan::rt::detail {

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

}  // namespace incan::rt::detail
