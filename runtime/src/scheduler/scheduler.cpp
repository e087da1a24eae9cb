// The multi-threaded scheduler: workers, run queues, stealing, parking, the owned-task
// list and shutdown. Part of incan_rt (scheduler layer); the design is in scheduler.h.
#include "scheduler/scheduler.h"

#include <pthread.h>

#include <chrono>
#include <utility>

#include "incan/rt/detail/stack_guard.h"
#include "incan/rt/detail/task_cell.h"
#include "task/task_state.h"

namespace incan::rt::detail {
namespace {

// Every pick from this many is taken from the inject queue first.
constexpr std::uint32_t k_inject_interval = 61;
constexpr std::uint32_t k_max_lifo_polls = 3;
// At most this many tasks move in one steal.
constexpr std::size_t k_max_steal = 64;

// Process-wide task ids: 1, 2, 3, ... in spawn order. relaxed: only uniqueness and
// per-thread program order are promised, and a single RMW counter gives both.
atomic<std::uint64_t> g_next_task_id{1};

struct thread_context {
  scheduler* sched = nullptr;
  void* worker = nullptr;  // scheduler::worker*, when the thread is a worker
};

// Reached only through these non-inline functions (see scheduler.h, "Thread context").
thread_local thread_context t_context;

[[gnu::noinline]] thread_context& context() noexcept { return t_context; }

}  // namespace

scheduler* scheduler::current() noexcept { return context().sched; }

void scheduler::enter_block_on() noexcept {
  thread_context& c = context();
  if (c.sched != nullptr) misuse("block_on called from a thread that already runs inside a runtime");
  c.sched = this;
}

void scheduler::leave_block_on() noexcept { context() = thread_context{}; }

void spawn_raw(task_header* cell) {
  scheduler* s = scheduler::current();
  if (s == nullptr) misuse("spawn called outside of an incan runtime (no task or block_on on this thread)");
  s->spawn(cell);
}

void spawn_blocking_raw(task_header* cell) {
  scheduler* s = scheduler::current();
  if (s == nullptr) misuse("spawn_blocking called outside of an incan runtime (no task or block_on on this thread)");
  s->spawn_blocking(cell);
}

scheduler::scheduler(std::size_t worker_threads, std::size_t max_blocking_threads,
                     std::chrono::nanoseconds blocking_keep_alive)
    : blocking_(this, max_blocking_threads, blocking_keep_alive) {
  if (worker_threads == 0) worker_threads = 1;
  workers_.reserve(worker_threads);
  for (std::size_t i = 0; i < worker_threads; ++i) {
    auto w = std::make_unique<worker>();
    w->index = i;
    w->steal_seed = static_cast<std::uint32_t>(i * 2654435761u + 1);
    workers_.push_back(std::move(w));
  }
  timers_.start();
  for (auto& w : workers_) {
    worker* raw = w.get();
    raw->thread = std::thread([this, raw] { worker_main(*raw); });
  }
}

scheduler::~scheduler() { shutdown(); }

// ---- spawning and scheduling ----------------------------------------------------------

void scheduler::spawn(task_header* t) noexcept {
  t->id_ = g_next_task_id.fetch_add(1, memory_order_relaxed);
  // From here on the root frame's prefix counts as holding a header (promise_base::
  // operator delete reads scheduler_ to know whether to keep the block).
  t->scheduler_ = this;
  t->refs_.store(2, memory_order_relaxed);  // the owned list + the join handle
  bool linked = false;
  {
    owned_shard& sh = shard_of(t);
    lock_guard<mutex> lock(sh.m);
    if (!sh.closed) {
      t->owned_next_ = sh.head;
      if (sh.head != nullptr) sh.head->owned_prev_ = t;
      sh.head = t;
      linked = true;
    }
  }
  if (!linked) {
    cancel_now(t);  // the runtime is shutting down
    return;
  }
  // relaxed: the queue push publishes the task to the worker that pops it (queue mutex).
  t->state_.store(k_kind_spawned | k_notified, memory_order_relaxed);
  enqueue(t);
}

void scheduler::spawn_blocking(task_header* t) noexcept {
  t->id_ = g_next_task_id.fetch_add(1, memory_order_relaxed);
  t->scheduler_ = this;
  t->refs_.store(2, memory_order_relaxed);  // the pool + the join handle
  // relaxed: the pool's mutex publishes the cell to the thread that runs it.
  t->state_.store(k_kind_blocking | k_notified, memory_order_relaxed);
  blocking_.submit(t);
}

void scheduler::enqueue(task_header* t) noexcept {
  thread_context& c = context();
  if (c.sched == this && c.worker != nullptr) {
    push_local(*static_cast<worker*>(c.worker), t);
  } else {
    push_inject(t);
  }
  notify_one();
}

void scheduler::schedule(task_header* t) noexcept {
  thread_context& c = context();
  if (c.sched == this && c.worker != nullptr) {
    // A wake on a worker thread: the LIFO slot (see scheduler.h).
    worker& w = *static_cast<worker*>(c.worker);
    task_header* previous = w.lifo;
    w.lifo = t;
    if (previous != nullptr) {
      push_local(w, previous);
      notify_one();
    }
    return;
  }
  push_inject(t);
  notify_one();
}

void scheduler::push_local(worker& w, task_header* t) noexcept {
  lock_guard<mutex> lock(w.queue_mutex);
  w.queue.push_back(t);
  w.queue_hint.store(w.queue.size(), memory_order_relaxed);
}

void scheduler::push_inject(task_header* t) noexcept {
  lock_guard<mutex> lock(inject_mutex_);
  inject_.push_back(t);
  inject_hint_.store(inject_.size(), memory_order_relaxed);
}

task_header* scheduler::pop_local(worker& w) noexcept {
  if (w.queue_hint.load(memory_order_relaxed) == 0) return nullptr;
  lock_guard<mutex> lock(w.queue_mutex);
  if (w.queue.empty()) return nullptr;
  task_header* t = w.queue.front();
  w.queue.pop_front();
  w.queue_hint.store(w.queue.size(), memory_order_relaxed);
  return t;
}

task_header* scheduler::pop_inject() noexcept {
  if (inject_hint_.load(memory_order_relaxed) == 0) return nullptr;
  lock_guard<mutex> lock(inject_mutex_);
  if (inject_.empty()) return nullptr;
  task_header* t = inject_.front();
  inject_.pop_front();
  inject_hint_.store(inject_.size(), memory_order_relaxed);
  return t;
}

task_header* scheduler::steal(worker& thief) noexcept {
  const std::size_t n = workers_.size();
  if (n < 2) return nullptr;
  thief.steal_seed = thief.steal_seed * 1664525u + 1013904223u;
  const std::size_t start = thief.steal_seed % n;
  task_header* batch[k_max_steal];
  std::size_t taken = 0;
  for (std::size_t k = 0; k < n && taken == 0; ++k) {
    worker& victim = *workers_[(start + k) % n];
    if (&victim == &thief || victim.queue_hint.load(memory_order_relaxed) == 0) continue;
    lock_guard<mutex> lock(victim.queue_mutex);
    std::size_t want = (victim.queue.size() + 1) / 2;  // the older half
    if (want > k_max_steal) want = k_max_steal;
    for (; taken < want; ++taken) {
      batch[taken] = victim.queue.front();
      victim.queue.pop_front();
    }
    victim.queue_hint.store(victim.queue.size(), memory_order_relaxed);
  }
  if (taken == 0) return nullptr;
  if (taken > 1) {  // never hold two queue locks at once
    lock_guard<mutex> lock(thief.queue_mutex);
    for (std::size_t i = 1; i < taken; ++i) thief.queue.push_back(batch[i]);
    thief.queue_hint.store(thief.queue.size(), memory_order_relaxed);
  }
  return batch[0];
}

bool scheduler::has_work() noexcept {
  {
    lock_guard<mutex> lock(inject_mutex_);
    if (!inject_.empty()) return true;
  }
  for (auto& w : workers_) {
    lock_guard<mutex> lock(w->queue_mutex);
    if (!w->queue.empty()) return true;
  }
  return false;
}

// ---- parking --------------------------------------------------------------------------

void scheduler::park(worker& w) noexcept {
  if (w.searching) {
    w.searching = false;
    num_searching_.fetch_sub(1, memory_order_seq_cst);
  }
  {
    lock_guard<mutex> lock(idle_mutex_);
    idle_.push_back(&w);
    num_idle_.fetch_add(1, memory_order_seq_cst);
  }
  if (has_work() || shutdown_.load(memory_order_acquire)) {
    lock_guard<mutex> lock(idle_mutex_);
    for (std::size_t i = 0; i < idle_.size(); ++i) {
      if (idle_[i] == &w) {  // still listed: withdraw and go back to work, searching
        idle_.erase(idle_.begin() + static_cast<std::ptrdiff_t>(i));
        num_idle_.fetch_sub(1, memory_order_seq_cst);
        num_searching_.fetch_add(1, memory_order_seq_cst);
        w.searching = true;
        return;
      }
    }
    // Already popped by a notifier: fall through and consume its notification.
  }
  unique_lock<mutex> lock(w.park_mutex);
  w.park_cv.wait(lock, [&] { return w.notified; });
  w.notified = false;
  w.searching = true;  // the notifier counted us in num_searching_
}

void scheduler::notify_one() noexcept {
  if (num_searching_.load(memory_order_seq_cst) != 0) return;  // a searcher will find it
  if (num_idle_.load(memory_order_seq_cst) == 0) return;
  worker* w;
  {
    lock_guard<mutex> lock(idle_mutex_);
    if (idle_.empty() || num_searching_.load(memory_order_seq_cst) != 0) return;
    w = idle_.back();
    idle_.pop_back();
    num_idle_.fetch_sub(1, memory_order_seq_cst);
    num_searching_.fetch_add(1, memory_order_seq_cst);  // it wakes up searching
  }
  {
    lock_guard<mutex> lock(w->park_mutex);
    w->notified = true;
  }
  w->park_cv.notify_one();
}

// ---- workers --------------------------------------------------------------------------

void scheduler::worker_main(worker& w) noexcept {
  // One name for every worker (as Tokio does), so a message does not depend on which
  // worker ran the task: it shows in debuggers, `top -H` and the stack overflow report.
  ::pthread_setname_np(::pthread_self(), "incan-worker");
  stack_overflow_guard guard("incan-worker");
  context() = thread_context{this, &w};
  while (!shutdown_.load(memory_order_acquire)) {
    if (task_header* t = next_task(w)) {
      if (w.searching) end_search(w);
      run_task(w, t);
    } else {
      park(w);
    }
  }
  context() = thread_context{};
}

task_header* scheduler::next_task(worker& w) noexcept {
  if (task_header* t = w.lifo) {
    w.lifo = nullptr;
    if (w.lifo_polls < k_max_lifo_polls) {
      ++w.lifo_polls;
      return t;
    }
    // Budget spent. With nothing else queued here or in the injection queue there is
    // nobody to be fair to: keep running it (a ping-pong pair stays on this worker
    // instead of waking a parked one to steal half of it).
    if (w.queue_hint.load(memory_order_relaxed) == 0 && inject_hint_.load(memory_order_relaxed) == 0) {
      w.lifo_polls = 1;
      return t;
    }
    push_local(w, t);  // behind the rest of the local queue
    notify_one();
  }
  w.lifo_polls = 0;
  if (++w.tick % k_inject_interval == 0) {
    if (task_header* t = pop_inject()) return t;
  }
  if (task_header* t = pop_local(w)) return t;
  if (task_header* t = pop_inject()) return t;
  if (!w.searching) {
    // Limit stealers to half the workers; the others park (a searcher will find it).
    if (2 * num_searching_.load(memory_order_seq_cst) >= workers_.size()) return nullptr;
    w.searching = true;
    num_searching_.fetch_add(1, memory_order_seq_cst);
  }
  return steal(w);
}

void scheduler::end_search(worker& w) noexcept {
  w.searching = false;
  // The last searcher found work: there may be more, so wake one more worker.
  if (num_searching_.fetch_sub(1, memory_order_seq_cst) == 1) notify_one();
}

void scheduler::run_task(worker& w, task_header* t) noexcept {
  const std::uint32_t state = transition_to_running(t);
  if ((state & k_cancelled) != 0) {
    cancel_spawned(t);
    finish(t);
    return;
  }
  if (poll_spawned(t)) {
    finish(t);
    return;
  }
  if (transition_to_idle(t)) {  // woken while it ran: queue it again
    if (current_poll().yielded) {
      push_inject(t);
    } else {
      push_local(w, t);
    }
    notify_one();
  }
}

void scheduler::finish(task_header* t) noexcept {
  transition_to_complete(t);
  {
    owned_shard& sh = shard_of(t);
    lock_guard<mutex> lock(sh.m);
    if (t->owned_prev_ != nullptr) {
      t->owned_prev_->owned_next_ = t->owned_next_;
    } else {
      sh.head = t->owned_next_;
    }
    if (t->owned_next_ != nullptr) t->owned_next_->owned_prev_ = t->owned_prev_;
    t->owned_prev_ = t->owned_next_ = nullptr;
  }
  release(t);  // the owned list's reference
}

// A task spawned after shutdown began: complete it as cancelled without running it.
void scheduler::cancel_now(task_header* t) noexcept {
  set_cancelled(t);
  transition_to_running(t);
  cancel_spawned(t);
  transition_to_complete(t);
  release(t);  // the reference the owned list would have held
}

// ---- shutdown -------------------------------------------------------------------------

void scheduler::shutdown() noexcept {
  blocking_.shutdown();
  for (owned_shard& sh : owned_) {
    lock_guard<mutex> lock(sh.m);
    sh.closed = true;
  }
  shutdown_.store(true, memory_order_release);
  for (auto& w : workers_) {
    {
      lock_guard<mutex> lock(w->park_mutex);
      w->notified = true;
    }
    w->park_cv.notify_one();
  }
  for (auto& w : workers_) {
    if (w->thread.joinable()) w->thread.join();
  }
  {
    lock_guard<mutex> lock(idle_mutex_);
    idle_.clear();
    num_idle_.store(0, memory_order_seq_cst);
  }
  timers_.stop();

  // Alone now: cancel what is left. Destroying frames may wake (queue) other tasks or
  // drop their handles; those tasks stay on their shard until their turn. Closed
  // shards never gain tasks, so one full round over empty shards ends the loop.
  for (std::size_t i = 0, empty_run = 0; empty_run < k_owned_shards; i = (i + 1) % k_owned_shards) {
    task_header* t;
    {
      lock_guard<mutex> lock(owned_[i].m);
      t = owned_[i].head;
      if (t == nullptr) {
        ++empty_run;
        continue;
      }
      empty_run = 0;
      add_ref(t);
    }
    set_cancelled(t);
    transition_to_running(t);
    cancel_spawned(t);
    finish(t);
    release(t);
  }
  {
    lock_guard<mutex> lock(inject_mutex_);
    inject_.clear();
    inject_hint_.store(0, memory_order_relaxed);
  }
  for (auto& w : workers_) {
    lock_guard<mutex> lock(w->queue_mutex);
    w->lifo = nullptr;
    w->queue.clear();
    w->queue_hint.store(0, memory_order_relaxed);
  }
}

}  // namespace incan::rt::detail
