// blocking_cell<T, F>: the memory of a spawn_blocking task: a task header (kind
// BLOCKING), the output slot its join handle reads (right after the header, shaped as a
// spawned task's, detail/task_cell.h) and the callable. Part of incan_rt (task layer).
//
// Lifecycle on the state word of task_header.h: spawned SCHEDULED (queued on the
// blocking pool, src/scheduler/blocking_pool.h), RUNNING while a pool thread calls the
// callable (one poll, never suspends), then COMPLETE. abort_task only sets CANCELLED:
// while queued, the pool thread that pops it sees the flag and cancels instead of
// running; once running, the call finishes and its result is kept. Nothing wakes a
// blocking task, so scheduling one is misuse. References: the pool's (until complete)
// and the handle's, as for spawned tasks. The header's `blocking_` points to the
// cell's run / dealloc functions.
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

struct blocking_ops {
  // Calls the callable (or, when `cancelled`, drops it) and stores the output. Caller
  // holds RUNNING.
  void (*run)(task_header*, bool cancelled) noexcept;
  // Frees the cell; called by the last release().
  void (*dealloc)(task_header*) noexcept;
};

template <class T, class F>
class blocking_cell final : public output_cell<T> {
 public:
  using value_type = join_value_t<T>;
  static void* operator new(std::size_t size) { return frame_alloc(size); }
  static void operator delete(void* p, std::size_t size) noexcept { frame_free(p, size); }

  explicit blocking_cell(F&& fn) : output_cell<T>(k_kind_blocking), fn_(std::move(fn)) {
    if (static_cast<void*>(&meta_) != static_cast<void*>(output_meta_of(this)) ||
        static_cast<void*>(&storage_) != output_storage_of(this)) {
      misuse("unexpected blocking cell layout");
    }
    meta_ = output_meta{static_cast<std::uint32_t>(sizeof(blocking_cell)), k_output_empty, nullptr};
    this->blocking_ = &k_ops;
  }
  ~blocking_cell() {
    if (meta_.tag == k_output_value) {
      std::launder(reinterpret_cast<value_type*>(&storage_))->~value_type();
    } else if (meta_.tag == k_output_error) {
      delete *std::launder(reinterpret_cast<task_join_error**>(&storage_));
    }
  }

 private:
  static void run(task_header* h, bool cancelled) noexcept {
    auto* self = static_cast<blocking_cell*>(h);
    if (cancelled) {
      self->fn_.reset();
      store_error_output(h, task_join_error::cancelled(h->id_));
      return;
    }
    try {
      if constexpr (std::is_void_v<T>) {
        (*self->fn_)();
        store_value_output(h, incan::unit{});
      } else {
        store_value_output(h, value_type((*self->fn_)()));
      }
    } catch (...) {
      store_error_output(h, join_error_from(h->id_, std::current_exception()));
    }
    self->fn_.reset();  // release what the callable captured as soon as it returns
  }

  static void dealloc(task_header* h) noexcept { delete static_cast<blocking_cell*>(h); }

  static constexpr blocking_ops k_ops{&run, &dealloc};

  output_meta meta_;  // at header + k_cell_prefix (checked in the constructor)
  alignas(k_output_offset) unsigned char storage_[sizeof(value_type) > sizeof(void*) ? sizeof(value_type)
                                                                                     : sizeof(void*)];
  std::optional<F> fn_;
};

}  // namespace incan::rt::detail
