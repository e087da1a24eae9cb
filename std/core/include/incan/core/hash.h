// Hashing of dict keys and set elements (LANGUAGE.md 4.6). Part of std/core.
//
// `incan::hasher` is the Hash of incan::dict and incan::set. It hashes int (and every
// other integer type, by value), bool, str, the unit value, tuples and pairs, option,
// result and list of hashable types, and any user type for which an argument-dependent
// `std::size_t hash_value(const T&)` exists (generated `Hash` types define one, usually
// as `return incan::hash_fields(field1, field2, ...);`). float is not hashable.
//
// Hashes are deterministic (no per-process seed): dict and set iterate in insertion
// order, so hash values never reach program output.
#pragma once

#include <bit>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include "incan/core/unit.h"

namespace incan {

template <class T>
class list;
template <class T>
class option;
template <class T, class E>
class result;
struct none_t;

namespace detail {

// A strong 64-bit finalizer (every input bit affects every output bit); bijective, so
// distinct integers never collide before the table reduces them to a slot.
constexpr std::uint64_t mix64(std::uint64_t x) noexcept {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

// Hash of a byte string (defined in hash.cpp): 16 bytes per round with a 64x64->128-bit
// folded multiply.
std::uint64_t hash_bytes(const char* data, std::size_t size) noexcept;

template <class T>
struct is_tuple_like : std::false_type {};
template <class... Ts>
struct is_tuple_like<std::tuple<Ts...>> : std::true_type {};
template <class A, class B>
struct is_tuple_like<std::pair<A, B>> : std::true_type {};
template <class T>
struct is_option : std::false_type {};
template <class T>
struct is_option<option<T>> : std::true_type {};
template <class T>
struct is_result : std::false_type {};
template <class T, class E>
struct is_result<result<T, E>> : std::true_type {};
template <class T>
struct is_list : std::false_type {};
template <class T>
struct is_list<list<T>> : std::true_type {};

// A type that provides its own `hash_value`, found by argument-dependent lookup.
template <class T>
concept adl_hashable = requires(const T& v) {
  { hash_value(v) } -> std::convertible_to<std::size_t>;
};

template <class T>
inline constexpr bool unhashable = false;

}  // namespace detail

// Combines an accumulated hash with the hash of the next component (order-sensitive:
// `(1, 2)` and `(2, 1)` hash differently).
constexpr std::size_t hash_combine(std::size_t seed, std::size_t h) noexcept {
  return detail::mix64(std::rotl(static_cast<std::uint64_t>(seed), 26) ^ (h + 0x9e3779b97f4a7c15ULL));
}

// The hash of one value (see the header comment for the supported types).
template <class T>
std::size_t hash_of(const T& v) {
  if constexpr (std::is_same_v<T, bool>) {
    return detail::mix64(v ? 0x2545f4914f6cdd1dULL : 0x1b873593cc9e2d51ULL);
  } else if constexpr (std::is_integral_v<T>) {
    return detail::mix64(static_cast<std::uint64_t>(v));
  } else if constexpr (std::is_enum_v<T>) {
    return detail::mix64(static_cast<std::uint64_t>(static_cast<std::underlying_type_t<T>>(v)));
  } else if constexpr (std::is_floating_point_v<T>) {
    static_assert(detail::unhashable<T>, "float is not hashable (LANGUAGE.md 4.6)");
    return 0;
  } else if constexpr (std::is_convertible_v<const T&, std::string_view>) {
    const std::string_view s = v;
    return detail::hash_bytes(s.data(), s.size());
  } else if constexpr (std::is_same_v<T, unit> || std::is_same_v<T, none_t>) {
    return 0x6a09e667f3bcc908ULL;
  } else if constexpr (detail::is_tuple_like<T>::value) {
    return std::apply(
        [](const auto&... elems) {
          std::size_t h = sizeof...(elems);
          ((h = hash_combine(h, hash_of(elems))), ...);
          return h;
        },
        v);
  } else if constexpr (detail::is_option<T>::value) {
    return v.is_none() ? std::size_t{0x3c6ef372fe94f82bULL} : hash_combine(1, hash_of(v.value()));
  } else if constexpr (detail::is_result<T>::value) {
    return v.is_ok() ? hash_combine(2, hash_of(v.ok_value())) : hash_combine(3, hash_of(v.err_value()));
  } else if constexpr (detail::is_list<T>::value) {
    std::size_t h = static_cast<std::size_t>(v.len());
    for (const auto& elem : v) h = hash_combine(h, hash_of(elem));
    return h;
  } else if constexpr (detail::adl_hashable<T>) {
    return detail::mix64(static_cast<std::uint64_t>(hash_value(v)));
  } else {
    static_assert(detail::unhashable<T>,
                  "type is not hashable: declare `std::size_t hash_value(const T&)` in its namespace");
    return 0;
  }
}

// For generated `hash_value` functions: the combined hash of the fields, in order.
template <class... Ts>
std::size_t hash_fields(const Ts&... fields) {
  std::size_t h = sizeof...(Ts);
  ((h = hash_combine(h, hash_of(fields))), ...);
  return h;
}

// The Hash of incan::dict and incan::set.
struct hasher {
  template <class T>
  std::size_t operator()(const T& v) const {
    return hash_of(v);
  }
};

}  // namespace incan
