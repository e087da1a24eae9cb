// `str` methods other than case mapping (see str_case.cpp). Part of std/core.
#include "incan/core/str.h"

#include <string_view>
#include <vector>

#include "incan/core/panic.h"
#include "utf8.h"

namespace incan {

using detail::utf8_decode;
using detail::utf8_length;

std::string str_index(const std::string& s, std::int64_t i) {
  // Offsets of the wanted scalar are found by walking from the front, or from the back
  // for negative indices, so `s[-1]` does not scan the whole string.
  if (i >= 0) {
    std::size_t pos = 0;
    for (std::int64_t k = 0; pos < s.size(); ++k) {
      const std::size_t n = utf8_length(static_cast<unsigned char>(s[pos]));
      if (k == i) return s.substr(pos, n);
      pos += n;
    }
  } else {
    std::size_t end = s.size();
    for (std::int64_t k = -1; end > 0; --k) {
      std::size_t start = end - 1;
      while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xc0) == 0x80) --start;
      if (k == i) return s.substr(start, end - start);
      end = start;
    }
  }
  panic("IndexError: string index out of range");
}

std::string slice(const std::string& s, std::optional<std::int64_t> start, std::optional<std::int64_t> stop,
                  std::optional<std::int64_t> step) {
  bool ascii = true;
  for (unsigned char c : s) ascii = ascii && c < 0x80;
  if (ascii) {
    const detail::slice_positions at = detail::slice_indices(static_cast<std::int64_t>(s.size()), start, stop, step);
    std::string out;
    out.reserve(static_cast<std::size_t>(at.count));
    std::int64_t k = at.first;
    for (std::int64_t n = 0; n < at.count; ++n, k += at.step) out += s[static_cast<std::size_t>(k)];
    return out;
  }
  // Where each scalar starts (and the end), then the same positions over scalars.
  std::vector<std::size_t> starts;
  for (std::size_t pos = 0; pos < s.size(); pos += utf8_length(static_cast<unsigned char>(s[pos]))) starts.push_back(pos);
  starts.push_back(s.size());
  const std::int64_t scalars = static_cast<std::int64_t>(starts.size()) - 1;
  const detail::slice_positions at = detail::slice_indices(scalars, start, stop, step);
  std::string out;
  std::int64_t k = at.first;
  for (std::int64_t n = 0; n < at.count; ++n, k += at.step) {
    const std::size_t b = starts[static_cast<std::size_t>(k)];
    out.append(s, b, starts[static_cast<std::size_t>(k) + 1] - b);
  }
  return out;
}

std::string str_strip(const std::string& s) {
  std::size_t start = 0;
  while (start < s.size()) {
    std::size_t n;
    if (!detail::is_unicode_whitespace(utf8_decode(s, start, n))) break;
    start += n;
  }
  std::size_t end = s.size();
  while (end > start) {
    std::size_t lead = end - 1;
    while (lead > start && (static_cast<unsigned char>(s[lead]) & 0xc0) == 0x80) --lead;
    std::size_t n;
    if (!detail::is_unicode_whitespace(utf8_decode(s, lead, n))) break;
    end = lead;
  }
  return s.substr(start, end - start);
}

list<std::string> str_split(const std::string& s, const std::string& sep) {
  list<std::string> parts;
  if (sep.empty()) {
    parts.append(std::string());
    for (std::size_t pos = 0; pos < s.size();) {
      const std::size_t n = utf8_length(static_cast<unsigned char>(s[pos]));
      parts.append(s.substr(pos, n));
      pos += n;
    }
    parts.append(std::string());
    return parts;
  }
  std::size_t start = 0;
  for (;;) {
    const std::size_t hit = s.find(sep, start);
    if (hit == std::string::npos) break;
    parts.append(s.substr(start, hit - start));
    start = hit + sep.size();
  }
  parts.append(s.substr(start));
  return parts;
}

list<std::string> str_split_whitespace(const std::string& s) {
  list<std::string> words;
  std::size_t word_start = std::string::npos;
  for (std::size_t pos = 0; pos < s.size();) {
    std::size_t n;
    const bool space = detail::is_unicode_whitespace(utf8_decode(s, pos, n));
    if (space && word_start != std::string::npos) {
      words.append(s.substr(word_start, pos - word_start));
      word_start = std::string::npos;
    } else if (!space && word_start == std::string::npos) {
      word_start = pos;
    }
    pos += n;
  }
  if (word_start != std::string::npos) words.append(s.substr(word_start));
  return words;
}

std::string str_join(const std::string& sep, const list<std::string>& items) {
  std::size_t total = 0;
  for (const auto& item : items) total += item.size() + sep.size();
  std::string out;
  out.reserve(total);
  bool first = true;
  for (const auto& item : items) {
    if (!first) out += sep;
    first = false;
    out += item;
  }
  return out;
}

bool str_contains(const std::string& s, const std::string& sub) noexcept {
  return s.find(sub) != std::string::npos;
}

std::string str_replace(const std::string& s, const std::string& old_text, const std::string& new_text) {
  std::string out;
  if (old_text.empty()) {
    out.reserve(s.size() + new_text.size() * (s.size() + 1));
    for (std::size_t pos = 0; pos < s.size();) {
      const std::size_t n = utf8_length(static_cast<unsigned char>(s[pos]));
      out += new_text;
      out.append(s, pos, n);
      pos += n;
    }
    out += new_text;
    return out;
  }
  out.reserve(s.size());
  std::size_t start = 0;
  for (;;) {
    const std::size_t hit = s.find(old_text, start);
    if (hit == std::string::npos) break;
    out.append(s, start, hit - start);
    out += new_text;
    start = hit + old_text.size();
  }
  out.append(s, start, std::string::npos);
  return out;
}

bool str_starts_with(const std::string& s, const std::string& prefix) noexcept {
  return std::string_view(s).starts_with(prefix);
}

bool str_ends_with(const std::string& s, const std::string& suffix) noexcept {
  return std::string_view(s).ends_with(suffix);
}

list<std::string> str_chars(const std::string& s) {
  list<std::string> chars;
  chars.reserve(static_cast<std::int64_t>(s.size()));
  for (std::size_t pos = 0; pos < s.size();) {
    const std::size_t n = utf8_length(static_cast<unsigned char>(s[pos]));
    chars.append(s.substr(pos, n));
    pos += n;
  }
  return chars;
}

std::string str_concat(const std::string& a, const std::string& b) {
  std::string out;
  out.reserve(a.size() + b.size());
  out += a;
  out += b;
  return out;
}

option<std::int64_t> str_find(const std::string& s, const std::string& sub) {
  const std::size_t hit = s.find(sub);
  if (hit == std::string::npos) return none;
  return some(static_cast<std::int64_t>(hit));
}

}  // namespace incan
