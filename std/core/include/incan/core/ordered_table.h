// The insertion-ordered hash table behind incan::dict and incan::set (LANGUAGE.md 4.6:
// we iterate in insertion order). Part of std/core; not used by generated code directly.
//
// Layout (the scheme of CPython's dict):
// * `cells_`: a dense vector of {hash, item} in insertion order. Removing an item
//   destroys it at once and leaves a dead cell, so iteration order never changes;
//   dead cells at the end are popped, and the vector is compacted when dead cells
//   outnumber live ones.
// * `index_`: an open-addressing table (linear probing, load <= 1/2, power-of-two size)
//   of cell positions + 1 (0 = empty slot). Removal shifts the following probe run back
//   (backward-shift deletion), so the index never holds tombstones.
// Tables of at most `small_cells` cells have no index: a lookup scans the cells and
// compares stored hashes first, which is faster than probing and allocates nothing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

#include "incan/core/hash.h"

namespace incan::detail {

// Rust's message for a collection that outgrows its address space; a table holds at
// most 2^32 - 2 cells (over 100 GB of entries).
[[noreturn, gnu::cold, gnu::noinline]] void panic_capacity_overflow();

// The stored hash of a dead cell; live hashes are remapped away from it.
inline constexpr std::size_t dead_hash = ~std::size_t{0};

// One cell: the cached hash and the item, which is alive exactly when hash != dead_hash.
template <class Item>
class table_cell {
 public:
  template <class... Args>
  explicit table_cell(std::size_t h, Args&&... args) : hash(h) {
    ::new (static_cast<void*>(std::addressof(item))) Item(std::forward<Args>(args)...);
  }
  table_cell(const table_cell& other) : hash(other.hash) {
    if (other.live()) ::new (static_cast<void*>(std::addressof(item))) Item(other.item);
  }
  table_cell(table_cell&& other) noexcept(std::is_nothrow_move_constructible_v<Item>) : hash(other.hash) {
    if (other.live()) ::new (static_cast<void*>(std::addressof(item))) Item(std::move(other.item));
  }
  table_cell& operator=(const table_cell&) = delete;
  table_cell& operator=(table_cell&&) = delete;
  ~table_cell() {
    if (live()) item.~Item();
  }

  bool live() const noexcept { return hash != dead_hash; }
  void kill() noexcept {
    item.~Item();
    hash = dead_hash;
  }

  std::size_t hash;
  union {
    Item item;
  };
};

// Forward iterator over the live cells, yielding `Proj(item)` (the key, or the element).
template <class Item, class Proj>
class live_iterator {
  using cell = table_cell<Item>;

 public:
  using iterator_category = std::forward_iterator_tag;
  using value_type = std::remove_cvref_t<decltype(Proj{}(std::declval<const Item&>()))>;
  using difference_type = std::ptrdiff_t;
  using reference = const value_type&;
  using pointer = const value_type*;

  live_iterator() = default;
  live_iterator(const cell* p, const cell* end) noexcept : p_(p), end_(end) { skip_dead(); }

  reference operator*() const noexcept { return Proj{}(p_->item); }
  pointer operator->() const noexcept { return std::addressof(Proj{}(p_->item)); }
  live_iterator& operator++() noexcept {
    ++p_;
    skip_dead();
    return *this;
  }
  live_iterator operator++(int) noexcept {
    live_iterator t = *this;
    ++*this;
    return t;
  }
  friend bool operator==(const live_iterator& a, const live_iterator& b) noexcept { return a.p_ == b.p_; }

 private:
  void skip_dead() noexcept {
    while (p_ != end_ && !p_->live()) ++p_;
  }
  const cell* p_ = nullptr;
  const cell* end_ = nullptr;
};

template <class Item, class Key, class KeyOf>
class ordered_table {
 public:
  using cell = table_cell<Item>;
  static constexpr std::size_t npos = ~std::size_t{0};
  static constexpr std::size_t small_cells = 8;

  ordered_table() = default;
  ordered_table(const ordered_table&) = default;
  ordered_table(ordered_table&& other) noexcept
      : cells_(std::move(other.cells_)), index_(std::move(other.index_)), live_(std::exchange(other.live_, 0)) {
    other.cells_.clear();
    other.index_.clear();
  }
  ordered_table& operator=(const ordered_table& other) {
    if (this != &other) {
      ordered_table copy(other);
      swap(copy);
    }
    return *this;
  }
  ordered_table& operator=(ordered_table&& other) noexcept {
    ordered_table moved(std::move(other));
    swap(moved);
    return *this;
  }
  void swap(ordered_table& other) noexcept {
    cells_.swap(other.cells_);
    index_.swap(other.index_);
    std::swap(live_, other.live_);
  }

  // The hash stored for `key` (never dead_hash).
  static std::size_t hash_key(const Key& key) {
    const std::size_t h = hasher{}(key);
    return h == dead_hash ? h - 1 : h;
  }

  std::size_t size() const noexcept { return live_; }

  // Position of the cell holding `key` (whose hash_key is `h`), or npos.
  std::size_t find(const Key& key, std::size_t h) const {
    if (index_.empty()) {
      const std::size_t n = cells_.size();
      for (std::size_t i = 0; i < n; ++i) {
        const cell& c = cells_[i];
        if (c.hash == h && KeyOf{}(c.item) == key) return i;
      }
      return npos;
    }
    const std::size_t mask = index_.size() - 1;
    for (std::size_t s = h & mask;; s = (s + 1) & mask) {
      const std::uint32_t e = index_[s];
      if (e == 0) return npos;
      const cell& c = cells_[e - 1];
      if (c.hash == h && KeyOf{}(c.item) == key) return e - 1;
    }
  }
  std::size_t find(const Key& key) const { return find(key, hash_key(key)); }

  Item& item(std::size_t pos) noexcept { return cells_[pos].item; }
  const Item& item(std::size_t pos) const noexcept { return cells_[pos].item; }

  // Appends a new item (its key must be absent; `h` is its hash_key) and returns its
  // position. May compact: earlier positions and references are invalidated.
  template <class... Args>
  std::size_t append(std::size_t h, Args&&... args) {
    prepare_append();
    cells_.emplace_back(h, std::forward<Args>(args)...);
    const std::size_t pos = cells_.size() - 1;
    if (!index_.empty()) place(pos);
    ++live_;
    return pos;
  }

  // Destroys the item at `pos` (a live cell). Later cells keep their order.
  void erase_at(std::size_t pos) {
    if (!index_.empty()) unplace(pos);
    cells_[pos].kill();
    --live_;
    while (!cells_.empty() && !cells_.back().live()) cells_.pop_back();
    const std::size_t dead = cells_.size() - live_;
    if (dead > 16 && dead > live_) rebuild(live_);
  }

  void clear() noexcept {
    cells_.clear();
    index_.clear();
    live_ = 0;
  }

  void reserve(std::size_t n) {
    if (n <= live_) return;
    cells_.reserve(n + (cells_.size() - live_));
    if (n > small_cells && index_.size() < 2 * n) rebuild(n);
  }

  // Calls f(item) for every live item, in insertion order.
  template <class F>
  void for_each(F&& f) const {
    for (const cell& c : cells_) {
      if (c.live()) f(c.item);
    }
  }

  template <class Proj>
  live_iterator<Item, Proj> begin_as() const noexcept {
    return live_iterator<Item, Proj>(cells_.data(), cells_.data() + cells_.size());
  }
  template <class Proj>
  live_iterator<Item, Proj> end_as() const noexcept {
    const cell* e = cells_.data() + cells_.size();
    return live_iterator<Item, Proj>(e, e);
  }

 private:
  // Makes room for one more cell: builds or grows the index, compacting dead cells.
  void prepare_append() {
    if (cells_.size() >= 0xfffffffeu) [[unlikely]]
      panic_capacity_overflow();
    if (index_.empty()) {
      if (cells_.size() + 1 > small_cells) rebuild(live_ + 1);
    } else if ((live_ + 1) * 2 > index_.size()) {
      rebuild(live_ + 1);
    }
  }

  // Drops dead cells, then sizes the index for `want` live items (none when small).
  void rebuild(std::size_t want) {
    if (cells_.size() != live_) {
      std::vector<cell> fresh;
      fresh.reserve(want > live_ ? want : live_);
      for (cell& c : cells_) {
        if (c.live()) fresh.emplace_back(std::move(c));
      }
      cells_.swap(fresh);
    }
    if (want <= small_cells) {
      index_.clear();
      return;
    }
    std::size_t capacity = 16;
    while (capacity < 2 * want) capacity *= 2;
    index_.assign(capacity, 0);
    for (std::size_t pos = 0; pos < cells_.size(); ++pos) place(pos);
  }

  // Records cell `pos` in the first free slot of its probe run.
  void place(std::size_t pos) noexcept {
    const std::size_t mask = index_.size() - 1;
    std::size_t s = cells_[pos].hash & mask;
    while (index_[s] != 0) s = (s + 1) & mask;
    index_[s] = static_cast<std::uint32_t>(pos + 1);
  }

  // Removes cell `pos` from the index with backward-shift deletion.
  void unplace(std::size_t pos) noexcept {
    const std::size_t mask = index_.size() - 1;
    const auto entry = static_cast<std::uint32_t>(pos + 1);
    std::size_t hole = cells_[pos].hash & mask;
    while (index_[hole] != entry) hole = (hole + 1) & mask;
    for (std::size_t s = (hole + 1) & mask; index_[s] != 0; s = (s + 1) & mask) {
      const std::size_t home = cells_[index_[s] - 1].hash & mask;
      // The entry at s may move into the hole unless its home lies in (hole, s].
      if (((s - home) & mask) >= ((s - hole) & mask)) {
        index_[hole] = index_[s];
        hole = s;
      }
    }
    index_[hole] = 0;
  }

  std::vector<cell> cells_;
  std::vector<std::uint32_t> index_;
  std::size_t live_ = 0;
};

}  // namespace incan::detail
