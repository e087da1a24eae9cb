// timer_driver: a timer thread over a binary min-heap. Part of incan_rt (time layer);
// the design and locking rules are in timer_driver.h.
#include "time/timer_driver.h"

#include <chrono>
#include <limits>
#include <utility>

namespace incan::rt::detail {

timer_driver::~timer_driver() {
  stop();
  for (timer_entry* e : heap_) {  // only left over if a frame outlived the runtime
    e->heap_index = timer_entry::k_not_queued;
    release(std::exchange(e->task, nullptr));
  }
}

void timer_driver::start() {
  thread_ = std::thread([this] { run(); });
}

void timer_driver::stop() {
  {
    lock_guard<mutex> lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_one();
  if (thread_.joinable()) thread_.join();
}

std::int64_t timer_driver::now_ns() noexcept {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

void timer_driver::add(timer_entry& e, task_header* t, std::int64_t duration_ns) noexcept {
  const std::int64_t now = now_ns();
  const std::int64_t max = std::numeric_limits<std::int64_t>::max();
  const std::int64_t deadline = duration_ns > max - now ? max : now + duration_ns;
  add_ref(t);
  bool earliest;
  {
    lock_guard<mutex> lock(mutex_);
    e.driver = this;
    e.deadline_ns = deadline;
    e.seq = next_seq_++;
    e.task = t;
    heap_.push_back(&e);
    e.heap_index = heap_.size() - 1;
    sift_up(e.heap_index);
    earliest = e.heap_index == 0;
  }
  if (earliest) cv_.notify_one();
}

void timer_driver::remove(timer_entry& e) noexcept {
  task_header* t = nullptr;
  {
    lock_guard<mutex> lock(mutex_);
    if (e.heap_index == timer_entry::k_not_queued) return;  // fired (or never queued)
    erase_at(e.heap_index);
    t = std::exchange(e.task, nullptr);
  }
  release(t);  // the caller is polling or cancelling `t`, so never the last reference
}

void timer_driver::run() noexcept {
  std::vector<task_header*> fired;
  unique_lock<mutex> lock(mutex_);
  while (!stopping_) {
    if (heap_.empty()) {
      cv_.wait(lock);
      continue;
    }
    const std::int64_t now = now_ns();
    if (heap_[0]->deadline_ns > now) {
      cv_.wait_until(lock, std::chrono::steady_clock::time_point(std::chrono::nanoseconds(heap_[0]->deadline_ns)));
      continue;
    }
    while (!heap_.empty() && heap_[0]->deadline_ns <= now) {
      timer_entry* e = heap_[0];
      erase_at(0);
      fired.push_back(std::exchange(e->task, nullptr));
      e->fired.store(true, memory_order_release);  // last touch: the frame may go now
    }
    lock.unlock();
    for (task_header* t : fired) wake_by_val(t);  // in deadline order: queues are FIFO
    fired.clear();
    lock.lock();
  }
}

bool timer_driver::before(std::size_t a, std::size_t b) const noexcept {
  const timer_entry* x = heap_[a];
  const timer_entry* y = heap_[b];
  return x->deadline_ns != y->deadline_ns ? x->deadline_ns < y->deadline_ns : x->seq < y->seq;
}

void timer_driver::place(std::size_t i, timer_entry* e) noexcept {
  heap_[i] = e;
  e->heap_index = i;
}

void timer_driver::sift_up(std::size_t i) noexcept {
  while (i > 0) {
    const std::size_t parent = (i - 1) / 2;
    if (!before(i, parent)) break;
    timer_entry* p = heap_[parent];
    place(parent, heap_[i]);
    place(i, p);
    i = parent;
  }
}

void timer_driver::sift_down(std::size_t i) noexcept {
  const std::size_t n = heap_.size();
  for (;;) {
    std::size_t best = i;
    const std::size_t l = 2 * i + 1;
    const std::size_t r = l + 1;
    if (l < n && before(l, best)) best = l;
    if (r < n && before(r, best)) best = r;
    if (best == i) return;
    timer_entry* b = heap_[best];
    place(best, heap_[i]);
    place(i, b);
    i = best;
  }
}

void timer_driver::erase_at(std::size_t i) noexcept {
  timer_entry* removed = heap_[i];
  timer_entry* last = heap_.back();
  heap_.pop_back();
  removed->heap_index = timer_entry::k_not_queued;
  if (removed == last) return;
  place(i, last);
  sift_down(i);
  sift_up(i);
}

}  // namespace incan::rt::detail
