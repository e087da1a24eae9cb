// std.async.atomic AtomicInt and AtomicBool (ASYNC.md section 11.7). Part of incan_rt.
//
//   n = AtomicInt.new(0)          auto n = incan::rt::atomic_int::create(0);
//   n.add(1)                      n.add(1)                 -> new value
//   n.compare_and_swap(1, 2)      n.compare_and_swap(1, 2) -> bool
//
// Handles: copies share one heap cell, freed by the last copy. Every operation is a
// single sequentially consistent atomic instruction on the cell (the spec asks for
// sequential consistency); the reference count uses relaxed increments and an acq_rel
// decrement, so the last owner sees every other owner's writes before freeing. add/sub
// wrap on overflow (two's complement on the unsigned representation), never panic.
// Synchronous: usable from tasks, plain functions and spawn_blocking closures alike.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

#include "incan/rt/detail/sync.h"

namespace incan::rt {

namespace detail {

template <class T>
struct atomic_cell {
  explicit atomic_cell(T v) noexcept : value(v) {}
  atomic<T> value;
  atomic<std::uint32_t> refs{1};
};

// The shared handle part of atomic_int / atomic_bool.
template <class T>
class atomic_handle {
 public:
  explicit atomic_handle(T v) : c_(new atomic_cell<T>(v)) {}
  atomic_handle(const atomic_handle& o) noexcept : c_(o.c_) { c_->refs.fetch_add(1, detail::memory_order_relaxed); }
  atomic_handle(atomic_handle&& o) noexcept : c_(std::exchange(o.c_, nullptr)) {}
  atomic_handle& operator=(atomic_handle o) noexcept {
    std::swap(c_, o.c_);
    return *this;
  }
  ~atomic_handle() {
    if (c_ != nullptr && c_->refs.fetch_sub(1, detail::memory_order_acq_rel) == 1) delete c_;
  }

  T load() const noexcept { return c_->value.load(); }
  void store(T v) const noexcept { c_->value.store(v); }
  T swap(T v) const noexcept { return c_->value.exchange(v); }
  bool compare_and_swap(T expected, T desired) const noexcept {
    return c_->value.compare_exchange_strong(expected, desired);
  }
  // Handles are equal when they share the cell.
  friend bool operator==(const atomic_handle& a, const atomic_handle& b) noexcept { return a.c_ == b.c_; }

 protected:
  atomic_cell<T>* c_;
};

}  // namespace detail

class atomic_int : public detail::atomic_handle<std::int64_t> {
 public:
  explicit atomic_int(std::int64_t v) : atomic_handle(v) {}
  static atomic_int create(std::int64_t v) { return atomic_int(v); }
  // The new value; wraps around on overflow.
  std::int64_t add(std::int64_t delta) const noexcept { return wrap_add(c_->value.fetch_add(delta), delta); }
  std::int64_t sub(std::int64_t delta) const noexcept {
    return wrap_add(c_->value.fetch_sub(delta), static_cast<std::int64_t>(0 - static_cast<std::uint64_t>(delta)));
  }

 private:
  // atomic<int64_t>::fetch_add is defined to wrap; the returned old value plus the
  // delta is computed the same way (unsigned arithmetic, no signed overflow).
  static std::int64_t wrap_add(std::int64_t a, std::int64_t b) noexcept {
    return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) + static_cast<std::uint64_t>(b));
  }
};

class atomic_bool : public detail::atomic_handle<bool> {
 public:
  explicit atomic_bool(bool v) : atomic_handle(v) {}
  static atomic_bool create(bool v) { return atomic_bool(v); }
};

// Debug and Display: `AtomicInt(5)`, `AtomicBool(true)` with the current value.
inline void fmt_debug(std::string& out, const atomic_int& a) {
  out += "AtomicInt(";
  out += std::to_string(a.load());
  out += ')';
}
inline void fmt_debug(std::string& out, const atomic_bool& a) { out += a.load() ? "AtomicBool(true)" : "AtomicBool(false)"; }
inline void fmt_display(std::string& out, const atomic_int& a) { fmt_debug(out, a); }
inline void fmt_display(std::string& out, const atomic_bool& a) { fmt_debug(out, a); }

}  // namespace incan::rt
