// `str` operations (LANGUAGE.md 12.1, 7.7, 16 Q3) over UTF-8 std::string, plus the
// `bool(x)` and `str(x)` builtins. Part of std/core.
//
// Lengths and offsets are in UTF-8 bytes (what the reference does for len(s));
// indexing, `chars()` and the empty-separator forms work on Unicode scalars. Input is
// assumed to be valid UTF-8 (every Incan str is).
#pragma once

#include <concepts>
#include <cstdint>
#include <optional>
#include <string>

#include "incan/core/format.h"
#include "incan/core/list.h"
#include "incan/core/option.h"

namespace incan {

// `len(s)` / `s.len()`: the length in UTF-8 bytes (`len("héllo") == 6`).
inline std::int64_t str_len(const std::string& s) noexcept { return static_cast<std::int64_t>(s.size()); }
inline std::int64_t len(const std::string& s) noexcept { return str_len(s); }

// `s.is_empty()`.
inline bool str_is_empty(const std::string& s) noexcept { return s.empty(); }

// `s[i]`: the i-th Unicode scalar as a one-character string; negative counts from the
// end. Out of range panics `IndexError: string index out of range`.
std::string str_index(const std::string& s, std::int64_t i);

// `s[start:stop:step]`: a new string of the Unicode scalars the slice takes (the rules
// of list slices; a zero step panics `ValueError: slice step cannot be zero`).
std::string slice(const std::string& s, std::optional<std::int64_t> start, std::optional<std::int64_t> stop,
                  std::optional<std::int64_t> step);

// `s.upper()` / `s.lower()`: full Unicode case mapping (as Rust's to_uppercase /
// to_lowercase: `"ß".upper() == "SS"`, final `Σ` lowers to `ς`).
std::string str_upper(const std::string& s);
std::string str_lower(const std::string& s);

// `s.strip()` / `s.trim()`: removes leading and trailing Unicode White_Space.
std::string str_strip(const std::string& s);

// `s.split(sep)`: splits on every occurrence of `sep` exactly (`"a,,b"` -> `["a", "",
// "b"]`, `""` -> `[""]`). An empty `sep` follows Rust's `split("")`: it separates every
// scalar and both ends, so `"ab".split("") == ["", "a", "b", ""]`. (The argument-less
// `s.split()` is `[s]` and needs no helper.)
list<std::string> str_split(const std::string& s, const std::string& sep);

// `s.split_whitespace()`: the non-empty runs between Unicode White_Space.
list<std::string> str_split_whitespace(const std::string& s);

// `sep.join(items)`.
std::string str_join(const std::string& sep, const list<std::string>& items);

// `s.contains(sub)` / `sub in s`.
bool str_contains(const std::string& s, const std::string& sub) noexcept;

// `s.replace(old, new)`: every non-overlapping occurrence, left to right. An empty `old`
// inserts `new` before every scalar and at the end (Rust: `"ab".replace("", "-") ==
// "-a-b-"`).
std::string str_replace(const std::string& s, const std::string& old_text, const std::string& new_text);

// `s.startswith(p)` / `s.starts_with(p)`, `s.endswith(p)` / `s.ends_with(p)`.
bool str_starts_with(const std::string& s, const std::string& prefix) noexcept;
bool str_ends_with(const std::string& s, const std::string& suffix) noexcept;

// `s.chars()` and `for c in s`: one string per Unicode scalar.
list<std::string> str_chars(const std::string& s);

// `a + b` on str.
std::string str_concat(const std::string& a, const std::string& b);

// [T2] `s.find(sub)`: byte offset of the first occurrence, or None.
option<std::int64_t> str_find(const std::string& s, const std::string& sub);

// `bool(x)`: numbers are true when non-zero (NaN is true); strings and lists when
// non-empty (`bool("False") == true`).
inline bool to_bool(bool v) noexcept { return v; }
inline bool to_bool(std::int64_t v) noexcept { return v != 0; }
template <detail::plain_integer I>
bool to_bool(I v) noexcept {
  return v != 0;
}
inline bool to_bool(double v) noexcept { return v != 0.0; }
inline bool to_bool(const std::string& v) noexcept { return !v.empty(); }
inline bool to_bool(const char* v) noexcept { return *v != '\0'; }
template <class T>
bool to_bool(const list<T>& v) noexcept {
  return !v.is_empty();
}

// `str(x)`: the Display text of x (same as `f"{x}"`).
template <class T>
std::string str_of(const T& v) {
  return to_display(v);
}

}  // namespace incan
