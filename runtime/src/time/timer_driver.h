// timer_driver: the thread that fires sleeps. Part of incan_rt (time layer).
//
// Design
// ======
// One thread per runtime owns a binary min-heap of timer_entry pointers ordered by
// (deadline, registration sequence). The entries live inside the sleep awaiters, that
// is inside suspended coroutine frames, so registering allocates nothing.
//
// Who touches what:
//   heap_, next_seq_, stopping_, and every queued entry's heap_index and task: only
//   under mutex_. An entry is queued iff heap_index != k_not_queued.
//   The timer thread pops every expired entry under mutex_, moving the entry's task
//   (its waker reference) out, and wakes those tasks after unlocking, in deadline
//   order. The pop sets the entry's `fired` flag (release, still under mutex_, before
//   the wake); after that it never touches the entry again, so the frame holding it may
//   be destroyed at any time.
//   The sleeping task's owner (the thread polling or cancelling it) calls remove() from
//   the awaiter's destructor: under mutex_, a still-queued entry is taken out and its
//   waker dropped; a fired entry is left alone. This makes destroying a suspended sleep
//   (cancellation) deregister it, and a sleep that fired is resumed exactly once.
//   The condition variable wakes the thread when an entry becomes the earliest or on
//   stop; waits use steady_clock deadlines.
//
// Shutdown: stop() sets stopping_ and joins the thread. Entries still queued stay
// valid (their frames are destroyed afterwards by the scheduler's cancellation pass,
// whose awaiter destructors call remove()); the destructor drops any left over.
//
// A timing wheel or the Asio reactor can replace this heap behind the same two calls
// (timer_register / timer_deregister).
#pragma once

#include <cstdint>
#include <thread>
#include <vector>

#include "detail/sync_locks.h"
#include "incan/rt/detail/timer_entry.h"

namespace incan::rt::detail {

class timer_driver {
 public:
  timer_driver() = default;
  timer_driver(const timer_driver&) = delete;
  timer_driver& operator=(const timer_driver&) = delete;
  ~timer_driver();

  void start();
  void stop();

  // Monotonic clock, in nanoseconds.
  static std::int64_t now_ns() noexcept;

  // Queues `e` to wake `t` (taking a reference) at now + duration_ns.
  void add(timer_entry& e, task_header* t, std::int64_t duration_ns) noexcept;
  // Dequeues `e` if it has not fired.
  void remove(timer_entry& e) noexcept;

 private:
  void run() noexcept;
  bool before(std::size_t a, std::size_t b) const noexcept;
  void place(std::size_t i, timer_entry* e) noexcept;
  void sift_up(std::size_t i) noexcept;
  void sift_down(std::size_t i) noexcept;
  void erase_at(std::size_t i) noexcept;

  mutex mutex_;
  condition_variable cv_;
  std::vector<timer_entry*> heap_;
  std::uint64_t next_seq_ = 0;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace incan::rt::detail
