// `List[T]`: a growable value-type sequence with Python indexing, the list methods of
// LANGUAGE.md section 12.2 and the list builtins of section 11. Part of std/core.
#pragma once

#include <algorithm>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

#include "incan/core/arith.h"

namespace incan {
namespace detail {

// Out-of-line panics (exact texts of LANGUAGE.md section 14).
// `IndexError: index {index} out of range for list of length {len}`
[[noreturn, gnu::cold, gnu::noinline]] void panic_list_index(std::int64_t index, std::int64_t len);
// `IndexError: pop from empty list`
[[noreturn, gnu::cold, gnu::noinline]] void panic_pop_empty();
// `ValueError: value not found in list`
[[noreturn, gnu::cold, gnu::noinline]] void panic_value_not_found();
// `ValueError: min() arg is an empty sequence` (`which` is "min" or "max")
[[noreturn, gnu::cold, gnu::noinline]] void panic_empty_sequence(const char* which);

// `x[start:stop:step]` (LANGUAGE.md 7.7): the positions a slice takes from a sequence
// of `len` elements, with Python's rules (negative indices count from the end, bounds
// are clamped, a negative step walks backwards). A zero step panics
// `ValueError: slice step cannot be zero`.
struct slice_positions {
  std::int64_t first = 0;  // the first position taken
  std::int64_t step = 1;
  std::int64_t count = 0;  // how many are taken
};
slice_positions slice_indices(std::int64_t len, std::optional<std::int64_t> start, std::optional<std::int64_t> stop,
                              std::optional<std::int64_t> step);

// std::vector<bool> is bit-packed and cannot hand out `bool&`, so a list of bool stores
// one of these per element instead; the list's interface still speaks `bool&`.
struct bool_cell {
  bool value = false;
  constexpr bool_cell() = default;
  constexpr bool_cell(bool v) noexcept : value(v) {}
  friend constexpr bool operator==(bool_cell, bool_cell) = default;
  friend constexpr auto operator<=>(bool_cell, bool_cell) = default;
};

template <class T>
struct list_storage {
  using type = T;
};
template <>
struct list_storage<bool> {
  using type = bool_cell;
};

// Random-access iterator over bool_cell storage that dereferences to `bool&`.
template <bool Const>
class bool_cell_iterator {
  using cell = std::conditional_t<Const, const bool_cell, bool_cell>;

 public:
  using iterator_category = std::random_access_iterator_tag;
  using value_type = bool;
  using difference_type = std::ptrdiff_t;
  using reference = std::conditional_t<Const, const bool&, bool&>;
  using pointer = std::conditional_t<Const, const bool*, bool*>;

  bool_cell_iterator() = default;
  explicit bool_cell_iterator(cell* p) noexcept : p_(p) {}
  operator bool_cell_iterator<true>() const noexcept
    requires(!Const)
  {
    return bool_cell_iterator<true>(p_);
  }

  reference operator*() const noexcept { return p_->value; }
  pointer operator->() const noexcept { return &p_->value; }
  reference operator[](difference_type n) const noexcept { return p_[n].value; }
  bool_cell_iterator& operator++() noexcept { ++p_; return *this; }
  bool_cell_iterator operator++(int) noexcept { auto t = *this; ++p_; return t; }
  bool_cell_iterator& operator--() noexcept { --p_; return *this; }
  bool_cell_iterator operator--(int) noexcept { auto t = *this; --p_; return t; }
  bool_cell_iterator& operator+=(difference_type n) noexcept { p_ += n; return *this; }
  bool_cell_iterator& operator-=(difference_type n) noexcept { p_ -= n; return *this; }
  friend bool_cell_iterator operator+(bool_cell_iterator it, difference_type n) noexcept { return it += n; }
  friend bool_cell_iterator operator+(difference_type n, bool_cell_iterator it) noexcept { return it += n; }
  friend bool_cell_iterator operator-(bool_cell_iterator it, difference_type n) noexcept { return it -= n; }
  friend difference_type operator-(bool_cell_iterator a, bool_cell_iterator b) noexcept { return a.p_ - b.p_; }
  friend bool operator==(bool_cell_iterator a, bool_cell_iterator b) noexcept { return a.p_ == b.p_; }
  friend auto operator<=>(bool_cell_iterator a, bool_cell_iterator b) noexcept { return a.p_ <=> b.p_; }

 private:
  cell* p_ = nullptr;
};

inline bool& element_ref(bool_cell& c) noexcept { return c.value; }
inline const bool& element_ref(const bool_cell& c) noexcept { return c.value; }
template <class T>
T& element_ref(T& x) noexcept {
  return x;
}

// Three-way comparison that also works for types that only define `<` (Rust's
// PartialOrd: incomparable elements, e.g. NaN, compare as equivalent).
struct synth_three_way {
  template <class T>
  constexpr auto operator()(const T& a, const T& b) const {
    if constexpr (std::three_way_comparable<T>) {
      return a <=> b;
    } else {
      if (a < b) return std::weak_ordering::less;
      if (b < a) return std::weak_ordering::greater;
      return std::weak_ordering::equivalent;
    }
  }
};

}  // namespace detail

template <class T>
class list {
  using storage = typename detail::list_storage<T>::type;
  static constexpr bool is_bool = std::is_same_v<T, bool>;

 public:
  using value_type = T;
  using iterator = std::conditional_t<is_bool, detail::bool_cell_iterator<false>,
                                      typename std::vector<storage>::iterator>;
  using const_iterator = std::conditional_t<is_bool, detail::bool_cell_iterator<true>,
                                            typename std::vector<storage>::const_iterator>;

  list() = default;
  list(std::initializer_list<T> items) : items_(items.begin(), items.end()) {}
  explicit list(std::vector<T> items) {
    if constexpr (is_bool) {
      items_.reserve(items.size());
      for (bool b : items) items_.push_back(b);
    } else {
      items_ = std::move(items);
    }
  }

  // `xs[i]`: negative indices count from the end. Out of range panics
  // `IndexError: index {i} out of range for list of length {n}` with `i` as written.
  T& at(std::int64_t i) { return detail::element_ref(items_[checked_index(i)]); }
  const T& at(std::int64_t i) const { return detail::element_ref(items_[checked_index(i)]); }

  std::int64_t len() const noexcept { return static_cast<std::int64_t>(items_.size()); }
  bool is_empty() const noexcept { return items_.empty(); }

  void append(T x) { items_.push_back(std::move(x)); }

  // Removes and returns the last element; empty panics `IndexError: pop from empty list`.
  T pop() {
    if (items_.empty()) [[unlikely]]
      detail::panic_pop_empty();
    T x = std::move(detail::element_ref(items_.back()));
    items_.pop_back();
    return x;
  }

  // Appends a copy of every element of `other` (safe when `other` is `*this`).
  void extend(const list& other) {
    if (&other == this) {
      const std::size_t n = items_.size();
      items_.reserve(2 * n);
      for (std::size_t k = 0; k < n; ++k) items_.push_back(items_[k]);
    } else {
      items_.insert(items_.end(), other.items_.begin(), other.items_.end());
    }
  }

  bool contains(const T& x) const { return std::find(begin(), end(), x) != end(); }
  list clone() const { return *this; }

  // Removes the element at index `i` (not by value); same IndexError as `at`.
  void remove(std::int64_t i) { items_.erase(items_.begin() + checked_index(i)); }

  // First index of `x`; missing panics `ValueError: value not found in list`.
  std::int64_t index(const T& x) const {
    auto it = std::find(begin(), end(), x);
    if (it == end()) detail::panic_value_not_found();
    return static_cast<std::int64_t>(it - begin());
  }

  std::int64_t count(const T& x) const {
    return static_cast<std::int64_t>(std::count(begin(), end(), x));
  }

  // Swaps two elements; either index out of range panics with the list IndexError.
  void swap(std::int64_t i, std::int64_t j) {
    const std::size_t a = checked_index(i);
    const std::size_t b = checked_index(j);
    std::swap(items_[a], items_[b]);
  }

  // [ext] Python's insert: `i` is clamped to [0, len] after adding len to a negative index.
  void insert(std::int64_t i, T x) {
    const std::int64_t n = len();
    if (i < 0) i = std::max<std::int64_t>(i + n, 0);
    if (i > n) i = n;
    items_.insert(items_.begin() + i, storage(std::move(x)));
  }

  // Stable ascending sort by `<`; incomparable pairs (NaN) count as equal, as in the
  // reference's `sort_by(partial_cmp)`, and a stable merge sort stays well-defined then.
  // Integers, booleans and strings have no distinct-but-equal elements, so an
  // unstable sort gives the same result, faster and without a temporary buffer.
  void sort() {
    if constexpr (std::is_integral_v<storage> || std::is_same_v<storage, std::string>) {
      std::sort(items_.begin(), items_.end());
    } else {
      std::stable_sort(items_.begin(), items_.end(),
                       [](const storage& a, const storage& b) { return a < b; });
    }
  }
  void reverse() { std::reverse(items_.begin(), items_.end()); }
  void clear() noexcept { items_.clear(); }
  void reserve(std::int64_t n) {
    if (n > 0) items_.reserve(static_cast<std::size_t>(n));
  }

  iterator begin() noexcept {
    if constexpr (is_bool) return iterator(items_.data());
    else return items_.begin();
  }
  iterator end() noexcept {
    if constexpr (is_bool) return iterator(items_.data() + items_.size());
    else return items_.end();
  }
  const_iterator begin() const noexcept {
    if constexpr (is_bool) return const_iterator(items_.data());
    else return items_.begin();
  }
  const_iterator end() const noexcept {
    if constexpr (is_bool) return const_iterator(items_.data() + items_.size());
    else return items_.end();
  }

  // The underlying storage. For every T but bool this is std::vector<T>; a list of bool
  // stores std::vector<detail::bool_cell> (see bool_cell).
  std::vector<storage>& vec() noexcept { return items_; }
  const std::vector<storage>& vec() const noexcept { return items_; }

  friend bool operator==(const list& a, const list& b) { return a.items_ == b.items_; }

  // Lexicographic, element-wise `<=>` (or `<` for element types without `<=>`).
  friend auto operator<=>(const list& a, const list& b)
    requires requires(const T& x) { x < x; }
  {
    return std::lexicographical_compare_three_way(a.begin(), a.end(), b.begin(), b.end(),
                                                  detail::synth_three_way{});
  }

 private:
  std::size_t checked_index(std::int64_t i) const {
    const std::int64_t n = len();
    const std::int64_t k = i < 0 ? i + n : i;
    if (static_cast<std::uint64_t>(k) >= static_cast<std::uint64_t>(n)) [[unlikely]]
      detail::panic_list_index(i, n);
    return static_cast<std::size_t>(k);
  }

  std::vector<storage> items_;
};

// `len(xs)`.
template <class T>
std::int64_t len(const list<T>& xs) noexcept {
  return xs.len();
}

// `sorted(xs)`: a new ascending list (stable; NaN compares equal to everything).
template <class T>
list<T> sorted(list<T> xs) {
  xs.sort();
  return xs;
}

// `min(xs)`: the first smallest element; empty panics
// `ValueError: min() arg is an empty sequence`.
template <class T>
T min_of(const list<T>& xs) {
  if (xs.is_empty()) detail::panic_empty_sequence("min");
  auto it = xs.begin();
  auto best = it;
  for (++it; it != xs.end(); ++it) {
    if (*it < *best) best = it;
  }
  return *best;
}

// `max(xs)`: the first largest element; empty panics
// `ValueError: max() arg is an empty sequence`.
template <class T>
T max_of(const list<T>& xs) {
  if (xs.is_empty()) detail::panic_empty_sequence("max");
  auto it = xs.begin();
  auto best = it;
  for (++it; it != xs.end(); ++it) {
    if (*best < *it) best = it;
  }
  return *best;
}

// `sum(xs)` of a list of int; overflow panics `attempt to add with overflow`.
inline std::int64_t sum_of(const list<std::int64_t>& xs) {
  std::int64_t total = 0;
  for (std::int64_t x : xs) total = iadd(total, x);
  return total;
}

// [ext] `sum(xs)` of a list of float: left-to-right addition starting from 0.0.
inline double sum_of(const list<double>& xs) {
  double total = 0.0;
  for (double x : xs) total += x;
  return total;
}

// `sum(xs)` of a list of bool: the number of `true` elements.
inline std::int64_t sum_of(const list<bool>& xs) {
  std::int64_t total = 0;
  for (bool x : xs) total += x ? 1 : 0;
  return total;
}

// `range(a, b, 0)` guard: a zero step panics `ValueError: range() arg 3 must not be zero`.
// (Ranges themselves are lowered to loops.)
void check_range_step(std::int64_t step);

// `[a, b]` for move-only elements (join handles, guards), which an initializer list
// would copy.
template <class T, class... A>
list<T> make_list(A&&... elems) {
  list<T> out;
  out.reserve(static_cast<std::int64_t>(sizeof...(elems)));
  (out.append(T(std::forward<A>(elems))), ...);
  return out;
}

// `xs[start:stop:step]`: a new list of the elements the slice takes.
template <class T>
list<T> slice(const list<T>& xs, std::optional<std::int64_t> start, std::optional<std::int64_t> stop,
              std::optional<std::int64_t> step) {
  const detail::slice_positions at = detail::slice_indices(xs.len(), start, stop, step);
  std::vector<T> out;
  out.reserve(static_cast<std::size_t>(at.count));
  std::int64_t k = at.first;
  for (std::int64_t n = 0; n < at.count; ++n, k += at.step) out.push_back(xs.at(k));
  return list<T>(std::move(out));
}

}  // namespace incan
