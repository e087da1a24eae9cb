// `Set[T]`: an insertion-ordered hash set with value semantics (LANGUAGE.md 4.6, 7.8,
// 12.4, 13.2). Part of std/core.
//
// Iteration (and Debug, to_list) follows insertion order: the first occurrence of an
// element keeps its position; removing and re-adding moves it to the end. Elements are
// hashed with incan::hasher (hash.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>

#include "incan/core/format.h"
#include "incan/core/list.h"
#include "incan/core/ordered_table.h"

namespace incan {
namespace detail {

struct identity_key_of {
  template <class T>
  const T& operator()(const T& x) const noexcept {
    return x;
  }
};

}  // namespace detail

template <class T>
class set {
  using table = detail::ordered_table<T, T, detail::identity_key_of>;
  static constexpr std::size_t npos = table::npos;

 public:
  using value_type = T;
  using const_iterator = detail::live_iterator<T, detail::identity_key_of>;
  using iterator = const_iterator;

  set() = default;
  // `{a, b, c}`: duplicates collapse, the first occurrence keeps its position.
  set(std::initializer_list<T> items) {
    table_.reserve(items.size());
    for (const T& x : items) add(x);
  }
  // `set(xs)`: same rule as the literal.
  explicit set(const list<T>& items) {
    table_.reserve(static_cast<std::size_t>(items.len()));
    for (const T& x : items) add(x);
  }

  // `s.add(x)`: true when x was not present (it is appended); false leaves s unchanged.
  bool add(T x) {
    const std::size_t h = table::hash_key(x);
    if (table_.find(x, h) != npos) return false;
    table_.append(h, std::move(x));
    return true;
  }

  // `s.contains(x)`, `x in s`.
  bool contains(const T& x) const { return table_.find(x) != npos; }

  // `s.remove(x)`: true when x was present.
  bool remove(const T& x) {
    const std::size_t pos = table_.find(x);
    if (pos == npos) return false;
    table_.erase_at(pos);
    return true;
  }

  std::int64_t len() const noexcept { return static_cast<std::int64_t>(table_.size()); }
  bool is_empty() const noexcept { return table_.size() == 0; }
  void clear() noexcept { table_.clear(); }
  set clone() const { return *this; }
  // No observable effect beyond avoiding rehashing while the set grows to `n` elements.
  void reserve(std::int64_t n) {
    if (n > 0) table_.reserve(static_cast<std::size_t>(n));
  }

  // `s.union(t)`: the elements of s in order, then those of t not in s.
  set union_(const set& other) const {
    set out = *this;
    for (const T& x : other) out.add(x);
    return out;
  }
  // `s.intersection(t)`: the elements of s that are in t, in s's order.
  set intersection(const set& other) const {
    set out;
    for (const T& x : *this) {
      if (other.contains(x)) out.add(x);
    }
    return out;
  }
  // `s.difference(t)`: the elements of s that are not in t, in s's order.
  set difference(const set& other) const {
    set out;
    for (const T& x : *this) {
      if (!other.contains(x)) out.add(x);
    }
    return out;
  }
  // `s.symmetric_difference(t)`: s's elements not in t, then t's elements not in s.
  set symmetric_difference(const set& other) const {
    set out = difference(other);
    for (const T& x : other) {
      if (!contains(x)) out.add(x);
    }
    return out;
  }
  bool is_subset(const set& other) const {
    if (len() > other.len()) return false;
    for (const T& x : *this) {
      if (!other.contains(x)) return false;
    }
    return true;
  }
  bool is_superset(const set& other) const { return other.is_subset(*this); }
  bool is_disjoint(const set& other) const {
    const set& small = len() <= other.len() ? *this : other;
    const set& large = len() <= other.len() ? other : *this;
    for (const T& x : small) {
      if (large.contains(x)) return false;
    }
    return true;
  }

  // A snapshot of the elements in insertion order.
  list<T> to_list() const {
    list<T> out;
    out.reserve(len());
    for (const T& x : *this) out.append(x);
    return out;
  }

  // Iteration (const T&) in insertion order. Any insertion or removal invalidates the
  // iterators: a loop whose body may modify the set iterates over `to_list()` instead.
  const_iterator begin() const noexcept { return table_.template begin_as<detail::identity_key_of>(); }
  const_iterator end() const noexcept { return table_.template end_as<detail::identity_key_of>(); }

  // Same elements; order does not matter.
  friend bool operator==(const set& a, const set& b) { return a.len() == b.len() && a.is_subset(b); }

 private:
  table table_;
};

// `len(s)`.
template <class T>
std::int64_t len(const set<T>& s) noexcept {
  return s.len();
}

// `bool(s)`: non-empty.
template <class T>
bool to_bool(const set<T>& s) noexcept {
  return !s.is_empty();
}

// `{e1, e2}` with elements in Debug; empty `{}` (as Rust prints an empty HashSet).
// Display is the same.
template <class T>
void fmt_debug(std::string& out, const set<T>& s) {
  out += '{';
  bool first = true;
  for (const T& x : s) {
    if (!first) out += ", ";
    first = false;
    fmt_debug(out, x);
  }
  out += '}';
}
template <class T>
void fmt_display(std::string& out, const set<T>& s) {
  fmt_debug(out, s);
}

}  // namespace incan
