// The task state machine: reference counting, waking, the poll loop and the join
// protocol, plus the block life cycle of spawned tasks. Part of incan_rt (task layer).
//
// Design (the state word, the block layout and field ownership are described in
// include/incan/rt/detail/task_header.h; this file is the only one that changes state_
// after a task is published):
//
//   wake_by_ref        IDLE -> SCHEDULED (+ schedule by kind), RUNNING -> RUNNING|NOTIFIED,
//                      anything NOTIFIED or COMPLETE: nothing.
//   abort_task         like wake_by_ref, also setting CANCELLED; COMPLETE: nothing (acq_rel)
//   transition_to_running      SCHEDULED -> RUNNING            (poller, acquire)
//   transition_to_idle         RUNNING -> IDLE | SCHEDULED     (poller, release)
//   transition_to_complete     RUNNING -> COMPLETE             (poller, acq_rel)
//   set_join_waker     sets JOIN_WAKER unless COMPLETE         (joiner, release)
//   unset_join_waker   clears JOIN_WAKER unless COMPLETE       (joiner, acquire)
// Every transition keeps the KIND bits.
//
// Join protocol: the joiner writes join_waker_ while JOIN_WAKER is clear and then sets
// the bit with a release CAS that fails if COMPLETE is already set (then it takes its
// waker back and does not suspend). The completer sets COMPLETE with an acq_rel CAS; if
// that CAS saw JOIN_WAKER, it owns join_waker_ from then on and wakes it. Exactly one
// side ends up owning the waker, and a joiner never suspends after completion.
//
// Poll context: a thread_local of the polling thread, reset by run_frames, holding
//   stack_base  the poll loop's frame address (the symmetric-transfer guard),
//   transfer    a transfer the guard parked for the poll loop to resume,
//   yielded     the poll ended in yield_now (the scheduler queues the task at the back),
//   finish      set by a root's final awaiter: the finisher the spawned poll calls.
// Coroutines migrate between threads, so it is reached only through the functions here
// (never cached in a coroutine frame).
//
// Spawned blocks: the root frame's destruction (promise_base::operator delete ->
// retire_root_frame) writes the output_meta over the frame's first bytes and keeps the
// block; the finisher or cancel then stores the output; the last release frees
// meta->block_size bytes. A block_on root's frame holds a reference to its header,
// dropped in retire_root_frame.
//
// Memory orders, in one sentence each:
//   - refs_: increments are relaxed (a reference is only made from one already held);
//     the decrement is acq_rel so the thread that frees sees every other thread's writes.
//   - wake CAS: release, so what the waker wrote (data sent, output stored) happens before
//     the woken poll; its acquire half is not needed but keeps the CAS symmetric.
//   - SCHEDULED -> RUNNING: acquire, pairing with the previous poll's release (carried
//     through the wake RMWs as a release sequence), so frame writes of the last poll on
//     another thread are visible.
//   - RUNNING -> IDLE/SCHEDULED: release, publishing the frames to the next poller.
//   - RUNNING -> COMPLETE: release publishes the output to the joiner; acquire makes the
//     joiner's join_waker_ write visible before we read it.
//   - JOIN_WAKER set: release publishes join_waker_; unset: acquire so we read the value
//     we wrote ourselves after a possibly concurrent completion attempt failed.
//   - a watched word (oneshot) is loaded with acquire, pairing with the writer's release.
#include <cstdio>
#include <cstdlib>
#include <utility>

#include "incan/rt/detail/blocking_cell.h"
#include "incan/rt/detail/deadline_scope.h"
#include "incan/rt/detail/task_cell.h"
#include "incan/rt/detail/task_header.h"
#include "scheduler/scheduler.h"
#include "task/task_state.h"

namespace incan::rt::detail {

namespace {
thread_local poll_context t_poll;
}  // namespace

poll_context& current_poll() noexcept { return t_poll; }

std::coroutine_handle<> transfer_guarded(std::coroutine_handle<> next) noexcept {
  poll_context& c = t_poll;
  const long depth = static_cast<char*>(c.stack_base) - static_cast<char*>(__builtin_frame_address(0));
  if (depth >= 0 && depth < k_transfer_stack_limit) return next;
  c.transfer = next;
  return std::noop_coroutine();
}

void root_finished(void (*finish)(task_header*) noexcept) noexcept { t_poll.finish = finish; }

// ---- references and the block ---------------------------------------------------------

void add_ref(task_header* t) noexcept { t->refs_.fetch_add(1, memory_order_relaxed); }

namespace {

void destroy_output(task_header* t) noexcept {
  output_meta* m = output_meta_of(t);
  if (m->tag == k_output_value) {
    if (m->destroy_value != nullptr) m->destroy_value(output_storage_of(t));
  } else if (m->tag == k_output_error) {
    delete *std::launder(static_cast<task_join_error**>(output_storage_of(t)));
  }
  m->tag = k_output_empty;
}

void block_on_dealloc(task_header* t) noexcept;  // src/runtime.cpp's part is below

void dealloc(task_header* t) noexcept {
  switch (kind_of(t)) {
    case k_kind_spawned: {
      // Never the case (the scheduler's reference is held until COMPLETE, and the frame
      // is destroyed before that), but a live frame must not be freed under its owner.
      if ((t->state_.load(memory_order_relaxed) & k_complete) == 0) {
        std::coroutine_handle<>::from_address(root_frame_of(t)).destroy();
      }
      destroy_output(t);
      const std::uint32_t size = output_meta_of(t)->block_size;
      t->~task_header();
      frame_free(t, size);
      return;
    }
    case k_kind_block_on:
      block_on_dealloc(t);
      return;
    default:
      t->blocking_->dealloc(t);
      return;
  }
}

void block_on_dealloc(task_header* t) noexcept {
  delete_block_on_signal(t->block_on_);
  const std::uint32_t size = output_meta_of(t)->block_size;  // the frame is gone
  t->~task_header();
  frame_free(t, size);
}

void schedule(task_header* t, std::uint32_t state) noexcept {
  switch (state & k_kind_mask) {
    case k_kind_spawned:
      t->scheduler_->schedule(t);
      return;
    case k_kind_block_on:
      signal_block_on(t);
      return;
    default:
      misuse("a spawn_blocking task was woken");
  }
}

}  // namespace

void release(task_header* t) noexcept {
  if (t->refs_.fetch_sub(1, memory_order_acq_rel) == 1) dealloc(t);
}

void promise_base::retire_root_frame(void* frame, std::size_t size) noexcept {
  task_header* t = header_before(frame);
  ::new (frame) output_meta{static_cast<std::uint32_t>(k_cell_prefix + size), k_output_empty, nullptr};
  if (kind_of(t) == k_kind_block_on) release(t);  // the frame's reference
}

void store_error_output(task_header* t, task_join_error e) noexcept {
  ::new (output_storage_of(t)) task_join_error*(new task_join_error(std::move(e)));
  output_meta* m = output_meta_of(t);
  m->destroy_value = nullptr;
  m->tag = k_output_error;
}

// ---- waking ---------------------------------------------------------------------------

void wake_by_ref(task_header* t) noexcept {
  std::uint32_t s = t->state_.load(memory_order_relaxed);
  std::uint32_t next;
  do {
    if ((s & (k_complete | k_notified)) != 0) return;  // done, or already queued/flagged
    next = s | k_notified;
  } while (!t->state_.compare_exchange_weak(s, next, memory_order_acq_rel, memory_order_relaxed));
  // Running: the poller sees NOTIFIED when it finishes and queues the task itself.
  if ((s & k_running) == 0) schedule(t, s);
}

void abort_task(task_header* t) noexcept {
  std::uint32_t s = t->state_.load(memory_order_relaxed);
  std::uint32_t next;
  do {
    if ((s & k_complete) != 0) return;  // finished: the output stays what it was
    next = s | k_cancelled | k_notified;
  } while (!t->state_.compare_exchange_weak(s, next, memory_order_acq_rel, memory_order_relaxed));
  // Idle: queue it, and the worker cancels it instead of polling. Queued already: the
  // worker sees CANCELLED when it pops it. Running: the poller queues it again after the
  // poll (NOTIFIED), and the next poll cancels it at the suspension point it reached.
  if ((s & (k_running | k_notified)) == 0) schedule(t, s);
}

void wake_by_val(task_header* t) noexcept {
  wake_by_ref(t);
  release(t);
}

void yield_task(task_header* t) noexcept {
  t_poll.yielded = true;
  wake_by_ref(t);  // the task is RUNNING: this only sets NOTIFIED
}

// ---- polling --------------------------------------------------------------------------

namespace {

bool wait_ready(const wait_point* w) noexcept {
  const auto bits = reinterpret_cast<std::uintptr_t>(w);
  if ((bits & 1u) != 0) {
    // acquire: pairs with the release RMW that set the word's ready bits.
    const auto* word = reinterpret_cast<const atomic<std::uintptr_t>*>(bits & ~std::uintptr_t{1});
    return (word->load(memory_order_acquire) & k_watch_ready_bits) != 0;
  }
  return w->ready(w);
}

// The outermost fired deadline scope of `t`: unlinks it and everything nested in it,
// destroys its inner work and returns the coroutine to resume with the timeout. Null
// when no scope has fired. See "Deadline scopes" in task_header.h.
std::coroutine_handle<> expire_scopes(task_header* t, frame_link& scopes) noexcept {
  deadline_scope* hit = nullptr;
  // acquire: pairs with the timer thread's release of `fired` (also carried by the wake).
  for (deadline_scope* s = scopes.scopes(); s != nullptr; s = s->outer) {
    if (s->entry.fired.load(memory_order_acquire)) hit = s;
  }
  if (hit == nullptr) return nullptr;
  for (deadline_scope* s = scopes.scopes(); s != hit->outer; s = s->outer) s->linked = false;
  scopes.set_scopes(hit->outer);
  t->resume_point_ = nullptr;
  t->wait_ = nullptr;
  hit->timed_out = true;
  hit->expire(hit);  // nested scopes' destructors find themselves unlinked
  return hit->parent;
}

}  // namespace

void run_frames(task_header* t) noexcept {
  poll_context& c = t_poll;
  c.stack_base = __builtin_frame_address(0);
  c.transfer = nullptr;
  c.yielded = false;
  c.finish = nullptr;
  // The root frame lives until the poll that finishes it returns (the finisher runs
  // after run_frames), so its link word is valid throughout.
  frame_link& scopes = root_link(t);
  std::coroutine_handle<> h = scopes.scopes() != nullptr ? expire_scopes(t, scopes) : nullptr;
  if (!h) {
    if (const wait_point* w = t->wait_; w != nullptr && !wait_ready(w)) return;  // stale wake
    t->wait_ = nullptr;
    h = std::exchange(t->resume_point_, nullptr);
  }
  for (;;) {
    while (h) {
      h.resume();
      h = std::exchange(c.transfer, nullptr);
    }
    // Suspended (or finished): a deadline may have passed meanwhile, or be zero.
    if (scopes.scopes() == nullptr) return;
    h = expire_scopes(t, scopes);
    if (!h) return;
  }
}

bool poll_spawned(task_header* t) noexcept {
  run_frames(t);
  poll_context& c = t_poll;
  if (c.finish == nullptr) {
    if (!t->resume_point_) misuse("a task suspended on an awaitable that is not part of incan::rt");
    return false;
  }
  std::exchange(c.finish, nullptr)(t);  // output stored, frame destroyed
  return true;
}

void cancel_spawned(task_header* t) noexcept {
  std::coroutine_handle<>::from_address(root_frame_of(t)).destroy();  // every suspended frame
  store_error_output(t, task_join_error::cancelled(t->id_));
}

void scope_enter(task_header* t, deadline_scope* s, std::int64_t duration_ns) noexcept {
  frame_link& scopes = root_link(t);
  s->owner = t;
  s->outer = scopes.scopes();
  scopes.set_scopes(s);
  s->linked = true;
  if (!timer_register(s->entry, t, duration_ns)) s->entry.fired.store(true, memory_order_relaxed);
}

void scope_leave(deadline_scope* s) noexcept {
  if (s->linked) {
    s->linked = false;
    frame_link& scopes = root_link(s->owner);
    if (scopes.scopes() == s) {
      scopes.set_scopes(s->outer);
    } else {
      for (deadline_scope* p = scopes.scopes(); p != nullptr; p = p->outer) {
        if (p->outer == s) {
          p->outer = s->outer;
          break;
        }
      }
    }
  }
  if (s->entry.driver != nullptr) {
    timer_deregister(s->entry);
    s->entry.driver = nullptr;
  }
}

// ---- transitions ----------------------------------------------------------------------

std::uint32_t transition_to_running(task_header* t) noexcept {
  std::uint32_t s = t->state_.load(memory_order_relaxed);
  std::uint32_t next;
  do {
    if ((s & (k_running | k_complete)) != 0) misuse("a task was polled while running or after completion");
    next = (s & ~k_notified) | k_running;
  } while (!t->state_.compare_exchange_weak(s, next, memory_order_acquire, memory_order_relaxed));
  return next;
}

void set_cancelled(task_header* t) noexcept {
  // relaxed: the poller that acts on the flag acquires the state in transition_to_running.
  t->state_.fetch_or(k_cancelled, memory_order_relaxed);
}

bool transition_to_idle(task_header* t) noexcept {
  std::uint32_t s = t->state_.load(memory_order_relaxed);
  while (!t->state_.compare_exchange_weak(s, s & ~k_running, memory_order_release, memory_order_relaxed)) {
  }
  return (s & k_notified) != 0;
}

void transition_to_complete(task_header* t) noexcept {
  std::uint32_t s = t->state_.load(memory_order_relaxed);
  while (!t->state_.compare_exchange_weak(s, (s & ~(k_running | k_notified)) | k_complete,
                                          memory_order_acq_rel, memory_order_relaxed)) {
  }
  if ((s & k_join_waker) != 0) wake_by_val(std::exchange(t->join_waker_, nullptr));
}

bool set_join_waker(task_header* t, task_header* waiter) noexcept {
  std::uint32_t s = t->state_.load(memory_order_acquire);
  if ((s & k_complete) != 0) return false;
  if ((s & k_join_waker) != 0) misuse("a task has two joiners");
  add_ref(waiter);
  t->join_waker_ = waiter;
  while (!t->state_.compare_exchange_weak(s, s | k_join_waker, memory_order_release, memory_order_acquire)) {
    if ((s & k_complete) != 0) {
      t->join_waker_ = nullptr;
      release(waiter);  // the caller is running `waiter`, so this is never the last reference
      return false;
    }
  }
  return true;
}

void unset_join_waker(task_header* t) noexcept {
  std::uint32_t s = t->state_.load(memory_order_acquire);
  do {
    if ((s & k_complete) != 0 || (s & k_join_waker) == 0) return;  // the completer owns it
  } while (!t->state_.compare_exchange_weak(s, s & ~k_join_waker, memory_order_acquire, memory_order_acquire));
  release(std::exchange(t->join_waker_, nullptr));
}

void misuse(const char* what) noexcept {
  std::fflush(stdout);
  std::fprintf(stderr, "incan runtime: misuse: %s\n", what);
  std::fflush(stderr);
  std::abort();
}

}  // namespace incan::rt::detail
