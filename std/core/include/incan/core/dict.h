// `Dict[K, V]`: an insertion-ordered hash map with value semantics (LANGUAGE.md 4.6,
// 7.7, 12.3, 13.2). Part of std/core.
//
// Iteration (keys, values, items, `for k in d`, Debug) follows insertion order;
// overwriting an existing key keeps its position, removing and re-inserting a key moves
// it to the end. Keys are hashed with incan::hasher (hash.h).
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>

#include "incan/core/format.h"
#include "incan/core/list.h"
#include "incan/core/option.h"
#include "incan/core/ordered_table.h"

namespace incan {
namespace detail {

// `KeyError: '{key}' not found in dict`, with the key's Display text.
[[noreturn, gnu::cold, gnu::noinline]] void panic_key_error(std::string_view key_display);

template <class K>
[[noreturn, gnu::cold, gnu::noinline]] void panic_missing_key(const K& key) {
  panic_key_error(to_display(key));
}

template <class K, class V>
struct dict_item {
  template <class A, class B>
  dict_item(A&& k, B&& v) : key(std::forward<A>(k)), value(std::forward<B>(v)) {}
  K key;
  V value;
};

struct dict_key_of {
  template <class K, class V>
  const K& operator()(const dict_item<K, V>& e) const noexcept {
    return e.key;
  }
};

}  // namespace detail

template <class K, class V>
class dict {
  using item_type = detail::dict_item<K, V>;
  using table = detail::ordered_table<item_type, K, detail::dict_key_of>;
  static constexpr std::size_t npos = table::npos;

 public:
  using key_type = K;
  using mapped_type = V;
  using value_type = K;  // iteration yields keys
  using const_iterator = detail::live_iterator<item_type, detail::dict_key_of>;
  using iterator = const_iterator;

  dict() = default;
  // `{k1: v1, k2: v2}`: a later duplicate key overwrites the value in place.
  dict(std::initializer_list<std::pair<K, V>> items) {
    table_.reserve(items.size());
    for (const auto& kv : items) set(kv.first, kv.second);
  }
  // `dict(pairs)`: same rule as the literal.
  explicit dict(const list<std::tuple<K, V>>& pairs) {
    table_.reserve(static_cast<std::size_t>(pairs.len()));
    for (const auto& kv : pairs) set(std::get<0>(kv), std::get<1>(kv));
  }

  // `d[k]`: missing panics `KeyError: '{k Display}' not found in dict`.
  V& at(const K& key) {
    const std::size_t pos = table_.find(key);
    if (pos == npos) [[unlikely]]
      detail::panic_missing_key(key);
    return table_.item(pos).value;
  }
  const V& at(const K& key) const {
    const std::size_t pos = table_.find(key);
    if (pos == npos) [[unlikely]]
      detail::panic_missing_key(key);
    return table_.item(pos).value;
  }

  // A reference to the value of `key`, inserting a default-constructed value (at the
  // end) when the key is missing. The reference (like every reference into the dict)
  // is invalidated by the next insertion or removal.
  V& entry(const K& key)
    requires std::default_initializable<V>
  {
    const std::size_t h = table::hash_key(key);
    std::size_t pos = table_.find(key, h);
    if (pos == npos) pos = table_.append(h, key, V{});
    return table_.item(pos).value;
  }

  // `d[k] = v`: overwrites in place, or inserts at the end.
  void set(K key, V value) {
    const std::size_t h = table::hash_key(key);
    const std::size_t pos = table_.find(key, h);
    if (pos != npos) table_.item(pos).value = std::move(value);
    else table_.append(h, std::move(key), std::move(value));
  }

  // `d.insert(k, v)`: like `set`, returning the previous value (None if the key was new).
  option<V> insert(K key, V value) {
    const std::size_t h = table::hash_key(key);
    const std::size_t pos = table_.find(key, h);
    if (pos != npos) return option<V>::some(std::exchange(table_.item(pos).value, std::move(value)));
    table_.append(h, std::move(key), std::move(value));
    return none;
  }

  // `d.get(k)`: an owned copy of the value, or None.
  option<V> get(const K& key) const {
    const std::size_t pos = table_.find(key);
    if (pos == npos) return none;
    return option<V>::some(table_.item(pos).value);
  }
  // `d.get(k, default)`.
  V get_or(const K& key, V fallback) const {
    const std::size_t pos = table_.find(key);
    return pos == npos ? std::move(fallback) : table_.item(pos).value;
  }
  // Pointer to the value of `key`, or nullptr (no copy; invalidated like `entry`).
  V* find(const K& key) {
    const std::size_t pos = table_.find(key);
    return pos == npos ? nullptr : &table_.item(pos).value;
  }
  const V* find(const K& key) const {
    const std::size_t pos = table_.find(key);
    return pos == npos ? nullptr : &table_.item(pos).value;
  }

  // `d.remove(k)`: the removed value, or None.
  option<V> remove(const K& key) {
    const std::size_t pos = table_.find(key);
    if (pos == npos) return none;
    option<V> old = option<V>::some(std::move(table_.item(pos).value));
    table_.erase_at(pos);
    return old;
  }

  // `d.contains_key(k)`, `k in d`.
  bool contains_key(const K& key) const { return table_.find(key) != npos; }
  bool contains(const K& key) const { return table_.find(key) != npos; }

  std::int64_t len() const noexcept { return static_cast<std::int64_t>(table_.size()); }
  bool is_empty() const noexcept { return table_.size() == 0; }

  // Snapshots in insertion order (keys(), values() and items() agree).
  list<K> keys() const {
    list<K> out;
    out.reserve(len());
    table_.for_each([&out](const item_type& e) { out.append(e.key); });
    return out;
  }
  list<V> values() const {
    list<V> out;
    out.reserve(len());
    table_.for_each([&out](const item_type& e) { out.append(e.value); });
    return out;
  }
  list<std::tuple<K, V>> items() const {
    list<std::tuple<K, V>> out;
    out.reserve(len());
    table_.for_each([&out](const item_type& e) { out.append(std::tuple<K, V>(e.key, e.value)); });
    return out;
  }

  void clear() noexcept { table_.clear(); }
  dict clone() const { return *this; }
  // No observable effect beyond avoiding rehashing while the dict grows to `n` entries.
  void reserve(std::int64_t n) {
    if (n > 0) table_.reserve(static_cast<std::size_t>(n));
  }

  // Calls f(key, value) for every entry, in insertion order. `f` must not modify the dict.
  template <class F>
  void for_each(F&& f) const {
    table_.for_each([&f](const item_type& e) { f(e.key, e.value); });
  }

  // Iteration over the keys (const K&) in insertion order. Any insertion or removal
  // invalidates the iterators: a loop whose body may modify the dict iterates over
  // `keys()` (or iter_keys) instead.
  const_iterator begin() const noexcept { return table_.template begin_as<detail::dict_key_of>(); }
  const_iterator end() const noexcept { return table_.template end_as<detail::dict_key_of>(); }

  // Same keys with equal values; order does not matter.
  friend bool operator==(const dict& a, const dict& b)
    requires std::equality_comparable<V>
  {
    if (a.len() != b.len()) return false;
    bool equal = true;
    a.table_.for_each([&](const item_type& e) {
      if (!equal) return;
      const V* other = b.find(e.key);
      equal = other != nullptr && *other == e.value;
    });
    return equal;
  }

 private:
  table table_;
};

// `len(d)`.
template <class K, class V>
std::int64_t len(const dict<K, V>& d) noexcept {
  return d.len();
}

// `bool(d)`: non-empty.
template <class K, class V>
bool to_bool(const dict<K, V>& d) noexcept {
  return !d.is_empty();
}

// `{k1: v1, k2: v2}` with keys and values in Debug; empty `{}`. Display is the same.
template <class K, class V>
void fmt_debug(std::string& out, const dict<K, V>& d) {
  out += '{';
  bool first = true;
  d.for_each([&out, &first](const K& k, const V& v) {
    if (!first) out += ", ";
    first = false;
    fmt_debug(out, k);
    out += ": ";
    fmt_debug(out, v);
  });
  out += '}';
}
template <class K, class V>
void fmt_display(std::string& out, const dict<K, V>& d) {
  fmt_debug(out, d);
}

}  // namespace incan
