// The memory of a spawned task: its header, in the prefix of its root frame's block,
// and (once the root is gone) its output in the dead frame's bytes. Part of incan_rt
// (task layer); the state machine and the block layout are in task_header.h.
//
//   live:      [ task_header (64 B) | root frame ............................ ]
//   finished:  [ task_header (64 B) | output_meta | value or error* | unused  ]
//
// The output slot (at header + k_cell_prefix) is written once by the completing thread
// before COMPLETE is published and taken once by the join handle after it has seen
// COMPLETE. The dead frame is always large enough: a frame holds its two resume/destroy
// pointers and a promise<T> with a T in it. spawn_blocking cells (blocking_cell.h) put
// a slot of the same shape right after their header.
#pragma once

#include <coroutine>
#include <exception>
#include <new>
#include <type_traits>
#include <utility>

#include "incan/core/result.h"
#include "incan/core/unit.h"
#include "incan/rt/detail/promise.h"
#include "incan/rt/detail/task_header.h"
#include "incan/rt/task_join_error.h"

namespace incan::rt {
template <class T>
class task;
}

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

inline output_meta* output_meta_of(task_header* t) noexcept {
  return std::launder(reinterpret_cast<output_meta*>(reinterpret_cast<char*>(t) + k_cell_prefix));
}
inline void* output_storage_of(task_header* t) noexcept {
  return reinterpret_cast<char*>(t) + k_cell_prefix + k_output_offset;
}
// Stores Err(e) in the slot (whose meta exists). Out of line: src/task/task_header.cpp.
void store_error_output(task_header* t, task_join_error e) noexcept;

template <class V>
void destroy_output_value(void* p) noexcept {
  std::launder(static_cast<V*>(p))->~V();
}

// Stores Ok(v) in the slot (whose meta exists).
template <class V>
void store_value_output(task_header* t, V v) noexcept(std::is_nothrow_move_constructible_v<V>) {
  static_assert(alignof(V) <= k_output_offset);
  ::new (output_storage_of(t)) V(std::move(v));
  output_meta* m = output_meta_of(t);
  m->destroy_value = std::is_trivially_destructible_v<V> ? nullptr : &destroy_output_value<V>;
  m->tag = k_output_value;
}

// What a join handle points to: a spawned task's header or a spawn_blocking cell, with
// the typed view of the output slot.
template <class T>
class output_cell : public task_header {
 public:
  using value_type = join_value_t<T>;

  explicit output_cell(std::uint32_t kind) noexcept : task_header(kind) {}

  bool has_output() const noexcept {
    return output_meta_of(const_cast<output_cell*>(this))->tag != k_output_empty;
  }
  // Moves the output out (once; the slot is empty afterwards).
  join_result_t<T> take_output() {
    output_meta* m = output_meta_of(this);
    if (m->tag == k_output_value) {
      auto* v = std::launder(static_cast<value_type*>(output_storage_of(this)));
      m->tag = k_output_empty;
      join_result_t<T> out = join_result_t<T>::ok(std::move(*v));
      v->~value_type();
      return out;
    }
    if (m->tag != k_output_error) misuse("a join handle took the output of a task twice");
    task_join_error* e = *std::launder(static_cast<task_join_error**>(output_storage_of(this)));
    m->tag = k_output_empty;
    join_result_t<T> out = join_result_t<T>::err(std::move(*e));
    delete e;
    return out;
  }
};

// The finish of a spawned root: the root's final awaiter hands this function to the
// poll through root_finished (the header has no per-type table). Moves the result out of the promise,
// destroys the frame (its bytes become the output slot) and stores the output. For
// block_on roots the poll ignores it: runtime::block_on reads the promise itself.
template <class P>
void finish_root(task_header* t) noexcept {
  auto root = std::coroutine_handle<P>::from_address(root_frame_of(t));
  P& p = root.promise();
  if (p.has_exception()) {
    std::exception_ptr e = std::move(p.exception());
    root.destroy();
    store_error_output(t, join_error_from(t->id_, std::move(e)));
  } else if constexpr (std::is_same_v<P, promise<void>>) {
    root.destroy();
    store_value_output(t, incan::unit{});
  } else {
    using V = std::remove_reference_t<decltype(p.value())>;
    V v(std::move(p.value()));
    root.destroy();
    if (output_meta_of(t)->block_size < k_cell_prefix + k_output_offset + sizeof(V)) {
      misuse("a task's frame is too small for its output");  // never: the frame held a V
    }
    store_value_output(t, std::move(v));
  }
}

// spawn(): the header goes into the prefix of the root frame's block.
template <class T>
output_cell<T>* spawn_task(std::coroutine_handle<promise<T>> root) {
  static_assert(sizeof(output_cell<T>) == k_cell_prefix);
  if (static_cast<void*>(&root.promise()) != static_cast<void*>(&promise_at(root.address()))) {
    misuse("unexpected coroutine frame layout");  // the promise must sit where promise_at looks
  }
  auto* cell = ::new (static_cast<void*>(static_cast<char*>(root.address()) - k_cell_prefix))
      output_cell<T>(k_kind_spawned);
  root.promise().continuation_.make_root();
  cell->resume_point_ = root;
  spawn_raw(cell);
  return cell;
}

}  // namespace incan::rt::detail
