// blocking_pool: threads for spawn_blocking that grow on demand, are capped, and retire
// when idle. Part of incan_rt (scheduler layer); the design is in blocking_pool.h.
#include "scheduler/blocking_pool.h"

#include <pthread.h>

#include <utility>

#include "incan/rt/detail/blocking_cell.h"
#include "incan/rt/detail/stack_guard.h"
#include "scheduler/scheduler.h"
#include "task/task_state.h"

namespace incan::rt::detail {

void cancel_blocking(task_header* t) noexcept {
  set_cancelled(t);
  transition_to_running(t);
  t->blocking_->run(t, true);
  transition_to_complete(t);
  release(t);  // the pool's reference
}

blocking_pool::blocking_pool(scheduler* owner, std::size_t max_threads, std::chrono::nanoseconds keep_alive) noexcept
    : owner_(owner), max_threads_(max_threads == 0 ? 1 : max_threads), keep_alive_(keep_alive) {}

blocking_pool::~blocking_pool() { shutdown(); }

std::size_t blocking_pool::thread_count() noexcept {
  lock_guard<mutex> lock(mutex_);
  return threads_.size();
}

void blocking_pool::submit(task_header* t) noexcept {
  join_retired();
  {
    lock_guard<mutex> lock(mutex_);
    if (!shutdown_) {
      queue_.push_back(t);
      if (idle_ > 0) {
        --idle_;
        ++wakeups_;
        cv_.notify_one();
      } else if (threads_.size() < max_threads_) {
        threads_.emplace_back([this] { thread_main(); });
      }
      return;
    }
  }
  cancel_blocking(t);  // the runtime is shutting down
}

void blocking_pool::thread_main() noexcept {
  ::pthread_setname_np(::pthread_self(), "incan-blocking");
  stack_overflow_guard guard("incan-blocking");
  owner_->enter_block_on();  // spawn works here; block_on does not
  unique_lock<mutex> lock(mutex_);
  for (;;) {
    if (!queue_.empty()) {
      task_header* t = queue_.front();
      queue_.pop_front();
      lock.unlock();
      run_one(t);
      lock.lock();
      continue;
    }
    if (shutdown_) break;
    ++idle_;
    const bool claimed =
        cv_.wait_for(lock, keep_alive_, [this] { return wakeups_ > 0 || shutdown_; }) && wakeups_ > 0;
    if (claimed) {
      --wakeups_;  // the claimer already took us off idle_
      continue;
    }
    --idle_;
    if (shutdown_) break;
    if (queue_.empty()) {  // idle for keep_alive: retire
      const std::thread::id me = std::this_thread::get_id();
      for (std::size_t i = 0; i < threads_.size(); ++i) {
        if (threads_[i].get_id() == me) {
          retired_.push_back(std::move(threads_[i]));
          threads_.erase(threads_.begin() + static_cast<std::ptrdiff_t>(i));
          break;
        }
      }
      break;
    }
  }
  lock.unlock();
  owner_->leave_block_on();
}

void blocking_pool::run_one(task_header* t) noexcept {
  const std::uint32_t state = transition_to_running(t);
  // aborted while queued (CANCELLED): never started, the callable is dropped
  t->blocking_->run(t, (state & k_cancelled) != 0);
  transition_to_complete(t);
  release(t);  // the pool's reference
}

void blocking_pool::join_retired() noexcept {
  std::vector<std::thread> done;
  {
    lock_guard<mutex> lock(mutex_);
    if (retired_.empty()) return;
    done.swap(retired_);
  }
  for (std::thread& th : done) th.join();
}

void blocking_pool::shutdown() noexcept {
  std::deque<task_header*> never_started;
  std::vector<std::thread> all;
  {
    lock_guard<mutex> lock(mutex_);
    shutdown_ = true;
    never_started.swap(queue_);
    all.swap(threads_);
    for (std::thread& th : retired_) all.push_back(std::move(th));
    retired_.clear();
  }
  cv_.notify_all();
  for (task_header* t : never_started) cancel_blocking(t);
  for (std::thread& th : all) th.join();  // waits for the calls still running
}

}  // namespace incan::rt::detail
