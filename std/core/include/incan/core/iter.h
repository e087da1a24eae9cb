// The iteration builtins `enumerate` and `zip` (LANGUAGE.md 6.6 and 11) and the
// snapshots that `for` loops over dicts and sets iterate. Part of std/core.
//
// Every helper returns a list: the iterable is evaluated once, before the loop, and the
// loop walks that snapshot (section 6.6), so the body may modify the source freely.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>

#include "incan/core/dict.h"
#include "incan/core/list.h"
#include "incan/core/set.h"
#include "incan/core/str.h"

namespace incan {
namespace detail {

// The item type of an iterable (a list, set, dict -> its keys, range_view).
template <class C>
using iter_value_t = std::remove_cvref_t<decltype(*std::declval<const C&>().begin())>;

template <class C>
inline constexpr bool is_text_v = std::is_convertible_v<const C&, std::string_view>;

}  // namespace detail

// `enumerate(s)` on a str: (index, one-character str) per Unicode scalar.
list<std::tuple<std::int64_t, std::string>> enumerate(const std::string& s);

// `enumerate(xs)`: (index, item) tuples from 0, for a list, a set or a dict (its keys),
// in iteration order.
template <class C>
  requires(!detail::is_text_v<C>)
list<std::tuple<std::int64_t, detail::iter_value_t<C>>> enumerate(const C& items) {
  using T = detail::iter_value_t<C>;
  list<std::tuple<std::int64_t, T>> out;
  if constexpr (requires { items.len(); }) out.reserve(items.len());
  std::int64_t i = 0;
  for (const auto& x : items) out.append(std::tuple<std::int64_t, T>(i++, x));
  return out;
}

// `zip(a, b)`: (a_i, b_i) tuples, stopping at the shorter. Either side may be a list,
// set, dict (its keys) or str (one-character strings per Unicode scalar).
template <class CA, class CB>
auto zip(const CA& a, const CB& b) {
  if constexpr (detail::is_text_v<CA>) {
    return zip(str_chars(std::string(a)), b);
  } else if constexpr (detail::is_text_v<CB>) {
    return zip(a, str_chars(std::string(b)));
  } else {
    using A = detail::iter_value_t<CA>;
    using B = detail::iter_value_t<CB>;
    list<std::tuple<A, B>> out;
    if constexpr (requires { a.len(); b.len(); }) out.reserve(a.len() < b.len() ? a.len() : b.len());
    auto ia = a.begin();
    auto ib = b.begin();
    const auto ea = a.end();
    const auto eb = b.end();
    for (; ia != ea && ib != eb; ++ia, ++ib) out.append(std::tuple<A, B>(*ia, *ib));
    return out;
  }
}

// `for k in d`: a snapshot of the keys in insertion order.
template <class K, class V>
list<K> iter_keys(const dict<K, V>& d) {
  return d.keys();
}

// `for x in s`: a snapshot of the elements in insertion order.
template <class T>
list<T> iter_set(const set<T>& s) {
  return s.to_list();
}

}  // namespace incan
