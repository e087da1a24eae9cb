// Private UTF-8 helpers shared by the std/core string sources (not installed).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace incan::detail {

// Byte length of the scalar starting with `lead`. Stray continuation bytes count as
// one byte, so malformed input is still walked without reading past the end.
inline std::size_t utf8_length(unsigned char lead) noexcept {
  if (lead < 0xc0) return 1;
  if (lead < 0xe0) return 2;
  if (lead < 0xf0) return 3;
  return 4;
}

// Decodes the scalar at s[i]; stores its byte length in `n` (clamped to the input).
inline char32_t utf8_decode(std::string_view s, std::size_t i, std::size_t& n) noexcept {
  const auto lead = static_cast<unsigned char>(s[i]);
  n = utf8_length(lead);
  if (i + n > s.size()) n = s.size() - i;
  if (n == 1) return lead;
  char32_t cp = lead & (0x7f >> n);
  for (std::size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3f);
  return cp;
}

inline void utf8_append(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xc0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xe0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  }
}

// Unicode White_Space (what Rust's char::is_whitespace and str::trim use).
inline bool is_unicode_whitespace(char32_t c) noexcept {
  if (c <= 0x20) return c == 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0x85) return false;
  return c == 0x85 || c == 0xa0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 ||
         c == 0x2029 || c == 0x202f || c == 0x205f || c == 0x3000;
}

}  // namespace incan::detail
