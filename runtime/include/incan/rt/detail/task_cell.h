// task_cell<T>: the memory of a spawned task: its header, its root frame and its
// output. Part of incan_rt (task layer); the state machine is in task_header.h.
#pragma once

#include <coroutine>
#include <exception>
#include <optional>
#include <type_traits>
#include <utility>

#include "incan/core/result.h"
#include "incan/core/unit.h"
#include "incan/rt/detail/promise.h"
#include "incan/rt/detail/task_header.h"
#include "incan/rt/task_join_error.h"

namespace incan::rt::detail {

// What a join handle yields on success: T, or incan::unit for task<void>.
template <class T>
using join_value_t = std::conditional_t<std::is_void_v<T>, incan::unit, T>;

template <class T>
using join_result_t = incan::result<join_value_t<T>, task_join_error>;

// Converts the exception that ended a spawned task into its join error (task.cpp).
task_join_error join_error_from(std::uint64_t task_id, std::exception_ptr e) noexcept;

// Hands a fresh cell to the scheduler of the calling thread: assigns its id, links it
// into the owned-task list and queues it (src/scheduler/scheduler.cpp).
void spawn_raw(task_header* cell);
// task_vtable::schedule of spawned tasks: queue on the task's scheduler.
void schedule_spawned(task_header* t) noexcept;

template <class T>
class task_cell final : public task_header {
 public:
  explicit task_cell(std::coroutine_handle<promise<T>> root) noexcept
      : task_header(&k_vtable), root_(root) {
    root.promise().header_ = this;
    resume_point_ = root;
  }

  // Written by the completing thread before COMPLETE is published; read by the join
  // handle after it has seen COMPLETE.
  std::optional<join_result_t<T>> output_;

 private:
  static bool poll(task_header* h) noexcept {
    auto* self = static_cast<task_cell*>(h);
    run_frames(h);
    if (!self->root_.done()) {
      if (!h->resume_point_) misuse("a task suspended on an awaitable that is not part of incan::rt");
      return false;
    }
    promise<T>& p = self->root_.promise();
    if (p.exception_) {
      self->output_.emplace(join_result_t<T>::err(join_error_from(h->id_, p.exception_)));
    } else if constexpr (std::is_void_v<T>) {
      self->output_.emplace(join_result_t<T>::ok(incan::unit{}));
    } else {
      self->output_.emplace(join_result_t<T>::ok(p.take_result()));
    }
    self->root_.destroy();  // release what the task held as soon as it finishes
    self->root_ = nullptr;
    return true;
  }

  static void cancel(task_header* h) noexcept {
    auto* self = static_cast<task_cell*>(h);
    if (self->root_) {
      self->root_.destroy();  // runs the destructors of every suspended frame
      self->root_ = nullptr;
    }
    self->output_.emplace(join_result_t<T>::err(task_join_error::cancelled(h->id_)));
  }

  static void dealloc(task_header* h) noexcept {
    auto* self = static_cast<task_cell*>(h);
    if (self->root_) self->root_.destroy();  // never polled nor cancelled (defensive)
    delete self;
  }

  static constexpr task_vtable k_vtable{&schedule_spawned, &poll, &cancel, &dealloc};

  std::coroutine_handle<promise<T>> root_;
};

}  // namespace incan::rt::detail
