// Display and Debug text of int, bool and str (LANGUAGE.md 13.1/13.2). Float text lives
// in format_float.cpp. Part of std/core.
#include "incan/core/format.h"

#include <charconv>

namespace incan {
namespace detail {

void fmt_unsigned(std::string& out, std::uint64_t v) {
  char buf[24];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, res.ptr);
}

}  // namespace detail

void fmt_display(std::string& out, std::int64_t v) {
  char buf[24];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, res.ptr);
}

void fmt_debug(std::string& out, std::int64_t v) { fmt_display(out, v); }

void fmt_display(std::string& out, bool v) { out += v ? "true" : "false"; }
void fmt_debug(std::string& out, bool v) { out += v ? "true" : "false"; }

void fmt_display(std::string& out, std::string_view v) { out += v; }

namespace {

void append_unicode_escape(std::string& out, unsigned code) {
  static constexpr char hex[] = "0123456789abcdef";
  out += "\\u{";
  char buf[8];
  int n = 0;
  do {
    buf[n++] = hex[code & 0xf];
    code >>= 4;
  } while (code != 0);
  while (n > 0) out += buf[--n];
  out += '}';
}

}  // namespace

void fmt_debug(std::string& out, std::string_view v) {
  out.reserve(out.size() + v.size() + 2);
  out += '"';
  std::size_t run_start = 0;  // start of the pending run of bytes copied verbatim
  auto flush_run = [&](std::size_t end) { out.append(v.data() + run_start, end - run_start); };
  for (std::size_t i = 0; i < v.size(); ++i) {
    const auto byte = static_cast<unsigned char>(v[i]);
    const char* simple = nullptr;
    switch (byte) {
      case '"': simple = "\\\""; break;
      case '\\': simple = "\\\\"; break;
      case '\n': simple = "\\n"; break;
      case '\r': simple = "\\r"; break;
      case '\t': simple = "\\t"; break;
      case '\0': simple = "\\0"; break;
      default: break;
    }
    if (simple != nullptr) {
      flush_run(i);
      out += simple;
      run_start = i + 1;
    } else if (byte < 0x20 || byte == 0x7f) {
      flush_run(i);
      append_unicode_escape(out, byte);
      run_start = i + 1;
    } else if (byte == 0xc2 && i + 1 < v.size()) {
      // U+0080..U+009F (C1 controls) encode as C2 80..C2 9F; Rust escapes them too.
      const auto next = static_cast<unsigned char>(v[i + 1]);
      if (next >= 0x80 && next <= 0x9f) {
        flush_run(i);
        append_unicode_escape(out, next);
        run_start = i + 2;
        ++i;
      }
    }
  }
  flush_run(v.size());
  out += '"';
}

}  // namespace incan
