// Line diff for test failures (see line_diff.h): common prefix and suffix are
// trimmed, the middle is aligned with a longest-common-subsequence table (or shown
// as a whole replacement when it is too large), then printed as unified hunks.
#include "line_diff.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <vector>

namespace incan::testing {
namespace {

struct Line {
  std::string_view text;
  bool has_newline = true;
  bool operator==(const Line& o) const { return text == o.text && has_newline == o.has_newline; }
};

std::vector<Line> split_lines(std::string_view s) {
  std::vector<Line> lines;
  std::size_t start = 0;
  while (start < s.size()) {
    std::size_t nl = s.find('\n', start);
    if (nl == std::string_view::npos) {
      lines.push_back({s.substr(start), false});
      break;
    }
    lines.push_back({s.substr(start, nl - start), true});
    start = nl + 1;
  }
  return lines;
}

std::string visible(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

enum class Op : std::uint8_t { Keep, Remove, Add };
struct Edit {
  Op op;
  std::size_t exp;  // index into expected (Keep, Remove)
  std::size_t act;  // index into actual (Keep, Add)
};

// Edit script turning `a` into `b`.
std::vector<Edit> diff_lines(const std::vector<Line>& a, const std::vector<Line>& b) {
  std::size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  std::size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix]) {
    ++suffix;
  }
  std::vector<Edit> edits;
  for (std::size_t i = 0; i < prefix; ++i) edits.push_back({Op::Keep, i, i});

  std::size_t n = a.size() - prefix - suffix;
  std::size_t m = b.size() - prefix - suffix;
  constexpr std::size_t kMaxCells = std::size_t{4} << 20;
  if (n > 0 && m > 0 && (n + 1) * (m + 1) <= kMaxCells) {
    // lcs[i][j]: length of the LCS of a[prefix+i..] and b[prefix+j..].
    std::vector<std::uint32_t> lcs((n + 1) * (m + 1), 0);
    auto at = [&](std::size_t i, std::size_t j) -> std::uint32_t& { return lcs[i * (m + 1) + j]; };
    for (std::size_t i = n; i-- > 0;) {
      for (std::size_t j = m; j-- > 0;) {
        at(i, j) = a[prefix + i] == b[prefix + j] ? at(i + 1, j + 1) + 1
                                                  : std::max(at(i + 1, j), at(i, j + 1));
      }
    }
    std::size_t i = 0, j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[prefix + i] == b[prefix + j]) {
        edits.push_back({Op::Keep, prefix + i, prefix + j});
        ++i;
        ++j;
      } else if (j < m && (i == n || at(i, j + 1) > at(i + 1, j))) {
        edits.push_back({Op::Add, prefix + i, prefix + j});
        ++j;
      } else {
        edits.push_back({Op::Remove, prefix + i, prefix + j});
        ++i;
      }
    }
  } else {
    for (std::size_t i = 0; i < n; ++i) edits.push_back({Op::Remove, prefix + i, prefix});
    for (std::size_t j = 0; j < m; ++j) edits.push_back({Op::Add, prefix + n, prefix + j});
  }
  for (std::size_t k = 0; k < suffix; ++k) {
    edits.push_back({Op::Keep, a.size() - suffix + k, b.size() - suffix + k});
  }
  return edits;
}

}  // namespace

std::string unified_diff(std::string_view expected, std::string_view actual,
                         std::string_view expected_label, std::string_view actual_label,
                         int context) {
  if (expected == actual) return "";
  std::vector<Line> a = split_lines(expected);
  std::vector<Line> b = split_lines(actual);
  std::vector<Edit> edits = diff_lines(a, b);

  std::string out;
  out += "--- ";
  out += expected_label;
  out += "\n+++ ";
  out += actual_label;
  out += "\n";
  auto ctx = static_cast<std::size_t>(std::max(context, 0));
  std::size_t k = 0;
  while (k < edits.size()) {
    // Find the next change, then extend the hunk while changes are close together.
    while (k < edits.size() && edits[k].op == Op::Keep) ++k;
    if (k == edits.size()) break;
    std::size_t begin = k >= ctx ? k - ctx : 0;
    std::size_t end = k;
    while (true) {
      while (end < edits.size() && edits[end].op != Op::Keep) ++end;
      std::size_t keeps = 0;
      while (end + keeps < edits.size() && edits[end + keeps].op == Op::Keep) ++keeps;
      if (end + keeps < edits.size() && keeps <= 2 * ctx) {
        end += keeps;
        continue;
      }
      end = std::min(edits.size(), end + std::min(keeps, ctx));
      break;
    }
    std::size_t exp_start = 0, exp_count = 0, act_start = 0, act_count = 0;
    bool have_exp = false, have_act = false;
    for (std::size_t e = begin; e < end; ++e) {
      if (edits[e].op != Op::Add) {
        if (!have_exp) exp_start = edits[e].exp, have_exp = true;
        ++exp_count;
      }
      if (edits[e].op != Op::Remove) {
        if (!have_act) act_start = edits[e].act, have_act = true;
        ++act_count;
      }
    }
    if (!have_exp) exp_start = edits[begin].exp;
    if (!have_act) act_start = edits[begin].act;
    out += "@@ -" + std::to_string(exp_count ? exp_start + 1 : exp_start) + "," +
           std::to_string(exp_count) + " +" + std::to_string(act_count ? act_start + 1 : act_start) +
           "," + std::to_string(act_count) + " @@\n";
    for (std::size_t e = begin; e < end; ++e) {
      const Line& line = edits[e].op == Op::Add ? b[edits[e].act] : a[edits[e].exp];
      out += edits[e].op == Op::Keep ? ' ' : edits[e].op == Op::Remove ? '-' : '+';
      out += visible(line.text);
      out += '\n';
      if (!line.has_newline) out += "\\ No newline at end of file\n";
    }
    k = end;
  }
  return out;
}

}  // namespace incan::testing
