// task<T>: the lazy coroutine type that every `async def` lowers to. Part of incan_rt.
//
//   async def f(a: int) -> int    =>   incan::rt::task<std::int64_t> f(std::int64_t a)
//   async def g() -> None         =>   incan::rt::task<void> g()
//   await f(1)                    =>   co_await f(1)
#pragma once

#include <coroutine>
#include <utility>

#include "incan/rt/detail/promise.h"

namespace incan::rt {

namespace detail {
template <class T>
class task_awaiter;
struct task_access;
}  // namespace detail

// A suspended coroutine that produces a T. Calling the coroutine function runs none of
// its body; the body starts when the task is awaited (`co_await t`), spawned (spawn),
// or run by runtime::block_on. Awaiting transfers control straight into the coroutine
// (symmetric transfer: no scheduler round trip, no allocation beyond the frame) and
// yields its value; a panic escaping the body is rethrown at the co_await.
//
// Move-only; owns its frame and destroys it in its destructor (destroying a suspended
// task cancels it). A task is consumed by its first await, spawn or block_on;
// awaiting it again is misuse and aborts.
template <class T>
class [[nodiscard]] task {
 public:
  using promise_type = detail::promise<T>;
  using value_type = T;

  task() noexcept = default;
  task(task&& other) noexcept : handle_(std::exchange(other.handle_, nullptr)) {}
  task& operator=(task&& other) noexcept;
  task(const task&) = delete;
  task& operator=(const task&) = delete;
  ~task();

  // True if this object holds a coroutine (false after a move).
  bool valid() const noexcept { return static_cast<bool>(handle_); }

  // `co_await t` (lvalue) and `co_await std::move(t)` / `co_await f()` behave the same:
  // the frame stays owned by this task object until it is destroyed.
  detail::task_awaiter<T> operator co_await() & noexcept;
  detail::task_awaiter<T> operator co_await() && noexcept;

 private:
  friend class detail::promise<T>;
  friend struct detail::task_access;
  explicit task(std::coroutine_handle<promise_type> h) noexcept : handle_(h) {}

  std::coroutine_handle<promise_type> handle_;
};

}  // namespace incan::rt

#include "incan/rt/detail/task_impl.h"
