// timer_entry: a sleep's registration in the timer driver, embedded in the awaiter (so
// registering allocates nothing). Part of incan_rt (time layer); the driver and its
// locking rules are in src/time/timer_driver.h.
#pragma once

#include <cstddef>
#include <cstdint>

#include "incan/rt/detail/sync.h"
#include "incan/rt/detail/task_header.h"

namespace incan::rt::detail {

class timer_driver;

struct timer_entry {
  static constexpr std::size_t k_not_queued = static_cast<std::size_t>(-1);

  // Written by the registering (polling) thread before the entry is published under the
  // driver mutex; afterwards read by the driver under that mutex.
  std::int64_t deadline_ns = 0;
  std::uint64_t seq = 0;  // registration order: equal deadlines fire first-come first-served
  timer_driver* driver = nullptr;  // set once registered; read by the owner only
  // Guarded by the driver mutex.
  std::size_t heap_index = k_not_queued;
  task_header* task = nullptr;  // the waker: one reference while queued
  // Set (release) by the driver when the entry fires, before it wakes `task`; read by
  // the polling thread (acquire) to tell a real wake from a stale one.
  atomic<bool> fired{false};
};

// Registers `e` to wake `t` after `duration_ns` (> 0), measured from now. Returns false,
// registering nothing, when the deadline has already passed. Caller holds `t` RUNNING.
bool timer_register(timer_entry& e, task_header* t, std::int64_t duration_ns) noexcept;
// Removes `e` if it has not fired yet, dropping its waker. Safe to call at any time
// after timer_register by the entry's owner.
void timer_deregister(timer_entry& e) noexcept;

}  // namespace incan::rt::detail
