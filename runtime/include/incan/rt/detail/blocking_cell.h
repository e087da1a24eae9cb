// blocking_cell<T, F>: the memory of a spawn_blocking task: a task header, the output
// slot its join handle reads, and the callable. Part of incan_rt (task layer).
//
// Lifecycle on the state word of task_header.h: spawned SCHEDULED (queued on the
// blocking pool, src/scheduler/blocking_pool.h), RUNNING while a pool thread calls the
// callable (one poll, never suspends), then COMPLETE. abort_task only sets CANCELLED:
// while queued, the pool thread that pops it sees the flag and cancels instead of
// running; once running, the call finishes and its result is kept. Nothing wakes a
// blocking task, so vtable->schedule is never reached. References: the pool's (until
// complete) and the handle's, as for spawned tasks.
#pragma once

#include <exception>
#include <optional>
#include <type_traits>
#include <utility>

#include "incan/rt/detail/task_cell.h"

namespace incan::rt::detail {

// Queues a fresh blocking cell on the blocking pool of the calling thread's runtime
// (src/scheduler/scheduler.cpp): assigns its id and starts a pool thread if needed.
void spawn_blocking_raw(task_header* cell);

template <class T, class F>
class blocking_cell final : public output_cell<T> {
 public:
  explicit blocking_cell(F&& fn) : output_cell<T>(&k_vtable), fn_(std::move(fn)) {}

 private:
  static void schedule(task_header*) noexcept { misuse("a spawn_blocking task was woken"); }

  static bool poll(task_header* h) noexcept {
    auto* self = static_cast<blocking_cell*>(h);
    try {
      if constexpr (std::is_void_v<T>) {
        (*self->fn_)();
        self->set_value(incan::unit{});
      } else {
        self->set_value((*self->fn_)());
      }
    } catch (...) {
      self->set_error(join_error_from(h->id_, std::current_exception()));
    }
    self->fn_.reset();  // release what the callable captured as soon as it returns
    return true;
  }

  static void cancel(task_header* h) noexcept {
    auto* self = static_cast<blocking_cell*>(h);
    self->fn_.reset();
    self->set_error(task_join_error::cancelled(h->id_));
  }

  static void dealloc(task_header* h) noexcept { delete static_cast<blocking_cell*>(h); }

  static constexpr task_vtable k_vtable{&schedule, &poll, &cancel, &dealloc};

  std::optional<F> fn_;
};

}  // namespace incan::rt::detail
