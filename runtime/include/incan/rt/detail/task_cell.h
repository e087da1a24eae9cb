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

// What a join handle points to: a task header with the output slot. Spawned tasks
// (task_cell below) and spawn_blocking tasks (detail/blocking_cell.h) derive from it.
//
// The output slot is written once by the completing thread before COMPLETE is
// published and taken once by the join handle after it has seen COMPLETE. It is kept
// small, since every parked task carries it: the value in place, or a pointer to a
// heap-allocated join error (panics and cancellations only), plus a tag that sits in
// the header's tail padding.
template <class T>
class output_cell : public task_header {
 public:
  using value_type = join_value_t<T>;

  explicit output_cell(const task_vtable* vtable) noexcept : task_header(vtable) {}
  output_cell(const output_cell&) = delete;
  output_cell& operator=(const output_cell&) = delete;
  ~output_cell() {
    if (tag_ == k_value) {
      value_.~value_type();
    } else if (tag_ == k_error) {
      delete error_;
    }
  }

  void set_value(value_type&& v) noexcept(std::is_nothrow_move_constructible_v<value_type>) {
    ::new (static_cast<void*>(&value_)) value_type(std::move(v));
    tag_ = k_value;
  }
  void set_error(task_join_error e) {
    error_ = new task_join_error(std::move(e));
    tag_ = k_error;
  }
  bool has_output() const noexcept { return tag_ != k_empty; }
  // Moves the output out (once; the slot keeps a moved-from value until the cell dies).
  join_result_t<T> take_output() {
    if (tag_ == k_value) return join_result_t<T>::ok(std::move(value_));
    return join_result_t<T>::err(std::move(*error_));
  }

 private:
  static constexpr unsigned char k_empty = 0, k_value = 1, k_error = 2;
  unsigned char tag_ = k_empty;
  union {
    value_type value_;
    task_join_error* error_;
  };
};

template <class T>
class task_cell final : public output_cell<T> {
 public:
  explicit task_cell(std::coroutine_handle<promise<T>> root) noexcept
      : output_cell<T>(&k_vtable), root_(root) {
    root.promise().header_ = this;
    this->resume_point_ = root;
  }

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
      self->set_error(join_error_from(h->id_, p.exception_));
    } else if constexpr (std::is_void_v<T>) {
      self->set_value(incan::unit{});
    } else {
      self->set_value(p.take_result());
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
    self->set_error(task_join_error::cancelled(h->id_));
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
