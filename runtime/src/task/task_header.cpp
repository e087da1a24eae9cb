// The task state machine: reference counting, waking, the poll loop and the join
// protocol. Part of incan_rt (task layer).
//
// Design (the state word and field ownership are described in
// include/incan/rt/detail/task_header.h; this file is the only one that changes state_):
//
//   wake_by_ref        IDLE -> SCHEDULED (+ vtable->schedule), RUNNING -> RUNNING|NOTIFIED,
//                      anything NOTIFIED or COMPLETE: nothing.
//   abort_task         like wake_by_ref, also setting CANCELLED; COMPLETE: nothing (acq_rel)
//   transition_to_running      SCHEDULED -> RUNNING            (poller, acquire)
//   transition_to_idle         RUNNING -> IDLE | SCHEDULED     (poller, release)
//   transition_to_complete     RUNNING -> COMPLETE             (poller, acq_rel)
//   set_join_waker     sets JOIN_WAKER unless COMPLETE         (joiner, release)
//   unset_join_waker   clears JOIN_WAKER unless COMPLETE       (joiner, acquire)
//
// Join protocol: the joiner writes join_waker_ while JOIN_WAKER is clear and then sets
// the bit with a release CAS that fails if COMPLETE is already set (then it takes its
// waker back and does not suspend). The completer sets COMPLETE with an acq_rel CAS; if
// that CAS saw JOIN_WAKER, it owns join_waker_ from then on and wakes it. Exactly one
// side ends up owning the waker, and a joiner never suspends after completion.
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
#include <cstdio>
#include <cstdlib>
#include <utility>

#include "incan/rt/detail/deadline_scope.h"
#include "incan/rt/detail/task_header.h"
#include "task/task_state.h"

namespace incan::rt::detail {

void add_ref(task_header* t) noexcept { t->refs_.fetch_add(1, memory_order_relaxed); }

void release(task_header* t) noexcept {
  if (t->refs_.fetch_sub(1, memory_order_acq_rel) == 1) t->vtable_->dealloc(t);
}

void wake_by_ref(task_header* t) noexcept {
  std::uint32_t s = t->state_.load(memory_order_relaxed);
  std::uint32_t next;
  do {
    if ((s & (k_complete | k_notified)) != 0) return;  // done, or already queued/flagged
    next = s | k_notified;
  } while (!t->state_.compare_exchange_weak(s, next, memory_order_acq_rel, memory_order_relaxed));
  // Running: the poller sees NOTIFIED when it finishes and queues the task itself.
  if ((s & k_running) == 0) t->vtable_->schedule(t);
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
  if ((s & (k_running | k_notified)) == 0) t->vtable_->schedule(t);
}

void wake_by_val(task_header* t) noexcept {
  wake_by_ref(t);
  release(t);
}

void yield_task(task_header* t) noexcept {
  t->yielded_ = true;
  wake_by_ref(t);  // the task is RUNNING: this only sets NOTIFIED
}

namespace {

// The outermost fired deadline scope of `t`: unlinks it and everything nested in it,
// destroys its inner work and returns the coroutine to resume with the timeout. Null
// when no scope has fired. See "Deadline scopes" in task_header.h.
std::coroutine_handle<> expire_scopes(task_header* t) noexcept {
  deadline_scope* hit = nullptr;
  // acquire: pairs with the timer thread's release of `fired` (also carried by the wake).
  for (deadline_scope* s = t->scopes_; s != nullptr; s = s->outer) {
    if (s->entry.fired.load(memory_order_acquire)) hit = s;
  }
  if (hit == nullptr) return nullptr;
  for (deadline_scope* s = t->scopes_; s != hit->outer; s = s->outer) s->linked = false;
  t->scopes_ = hit->outer;
  t->resume_point_ = nullptr;
  t->wait_ = nullptr;
  hit->timed_out = true;
  hit->expire(hit);  // nested scopes' destructors find themselves unlinked
  return hit->parent;
}

}  // namespace

void run_frames(task_header* t) noexcept {
  t->stack_base_ = __builtin_frame_address(0);
  std::coroutine_handle<> h = t->scopes_ != nullptr ? expire_scopes(t) : nullptr;
  if (!h) {
    if (const wait_point* w = t->wait_; w != nullptr && !w->ready(w)) return;  // stale wake
    t->wait_ = nullptr;
    h = std::exchange(t->resume_point_, nullptr);
  }
  for (;;) {
    while (h) {
      h.resume();
      h = std::exchange(t->transfer_, nullptr);
    }
    // Suspended (or finished): a deadline may have passed meanwhile, or be zero.
    if (t->scopes_ == nullptr) return;
    h = expire_scopes(t);
    if (!h) return;
  }
}

void scope_enter(task_header* t, deadline_scope* s, std::int64_t duration_ns) noexcept {
  s->owner = t;
  s->outer = t->scopes_;
  t->scopes_ = s;
  s->linked = true;
  if (!timer_register(s->entry, t, duration_ns)) s->entry.fired.store(true, memory_order_relaxed);
}

void scope_leave(deadline_scope* s) noexcept {
  if (s->linked) {
    s->linked = false;
    for (deadline_scope** p = &s->owner->scopes_; *p != nullptr; p = &(*p)->outer) {
      if (*p == s) {
        *p = s->outer;
        break;
      }
    }
  }
  if (s->entry.driver != nullptr) {
    timer_deregister(s->entry);
    s->entry.driver = nullptr;
  }
}

std::uint32_t transition_to_running(task_header* t) noexcept {
  std::uint32_t s = t->state_.load(memory_order_relaxed);
  std::uint32_t next;
  do {
    if ((s & (k_running | k_complete)) != 0) misuse("a task was polled while running or after completion");
    next = (s & ~k_notified) | k_running;
  } while (!t->state_.compare_exchange_weak(s, next, memory_order_acquire, memory_order_relaxed));
  t->yielded_ = false;
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
