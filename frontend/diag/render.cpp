// Text and JSON rendering of diagnostics.
#include "frontend/diag/render.h"

#include <nlohmann/json.hpp>
#include "frontend/common/gcc_warnings.h"

namespace incan {
namespace {

// Replaces bytes that would garble a terminal (e.g. from a binary file) by `?`.
std::string printable(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\t') {
      out += "    ";
    } else if (c < 0x20 || c == 0x7f) {
      out += '?';
    } else if (c < 0x80) {
      out += static_cast<char>(c);
    } else {
      // Copy a well-formed UTF-8 sequence; replace anything else by `?`.
      std::size_t n = (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
      bool ok = n != 0 && i + n <= text.size();
      for (std::size_t k = 1; ok && k < n; ++k) ok = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
      if (!ok) {
        out += '?';
        continue;
      }
      out.append(text.substr(i, n));
      i += n - 1;
    }
  }
  return out;
}

void render_snippet(std::string& out, const SourceManager& sources, Span span, std::string_view label) {
  LineCol begin = sources.line_col(span.file, span.begin);
  std::string_view line = sources.line_text(span.file, begin.line);
  if (line.size() > 400) line = line.substr(0, 400);  // keep huge generated lines readable
  std::string gutter = std::to_string(begin.line);
  std::string pad(gutter.size(), ' ');
  out += pad + " |\n";
  out += gutter + " | " + printable(line) + "\n";
  // Caret: from the start column to the end of the span (clamped to this line).
  LineCol end = sources.line_col(span.file, span.end);
  std::uint32_t width = 1;
  if (end.line == begin.line && end.column > begin.column) width = end.column - begin.column;
  std::string marks;
  // Tabs were widened to four spaces in `printable`; widen the caret offset likewise.
  std::uint32_t col = 1;
  for (std::size_t i = 0; i < line.size() && col < begin.column; ++i) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    if ((c & 0xC0) == 0x80) continue;
    marks += c == '\t' ? "    " : " ";
    ++col;
  }
  marks += std::string(std::min<std::uint32_t>(width, 200), '^');
  out += pad + " | " + marks;
  INCAN_GCC_NO_RESTRICT_BEGIN  // GCC PR 105329 (frontend/common/gcc_warnings.h)
  if (!label.empty()) out += " " + std::string(label);
  INCAN_GCC_NO_RESTRICT_END
  out += "\n";
}

}  // namespace

std::string render_text(const std::vector<Diagnostic>& diagnostics, const SourceManager& sources,
                        bool color) {
  std::string out;
  for (const Diagnostic& d : diagnostics) {
    const DiagKindInfo& info = diag_info(d.kind);
    LineCol lc = sources.line_col(d.span.file, d.span.begin);
    const SourceFile& f = sources.file(d.span.file);
    std::string sev(severity_name(info.severity));
    std::string head = sev + "[" + std::string(info.code) + "]";
    if (color) head = (info.severity == Severity::Error ? "\x1b[1;31m" : "\x1b[1;33m") + head + "\x1b[0m";
    out += f.path + ":" + std::to_string(lc.line) + ":" + std::to_string(lc.column) + ": " + head + ": " +
           d.message + " [" + std::string(info.name) + "]\n";
    render_snippet(out, sources, d.span, "");
    for (const DiagLabel& label : d.labels) render_snippet(out, sources, label.span, label.message);
    for (const std::string& note : d.notes) out += "  = note: " + note + "\n";
    if (!d.hint.empty()) out += "  = help: " + d.hint + "\n";
  }
  return out;
}

std::string render_json(const std::vector<Diagnostic>& diagnostics, const SourceManager& sources) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const Diagnostic& d : diagnostics) {
    const DiagKindInfo& info = diag_info(d.kind);
    LineCol begin = sources.line_col(d.span.file, d.span.begin);
    LineCol end = sources.line_col(d.span.file, d.span.end);
    nlohmann::ordered_json j;
    j["severity"] = severity_name(info.severity);
    j["code"] = info.code;
    j["kind"] = info.name;
    j["message"] = d.message;
    j["file"] = sources.file(d.span.file).path;
    j["line"] = begin.line;
    j["column"] = begin.column;
    j["end_line"] = end.line;
    j["end_column"] = end.column;
    nlohmann::ordered_json labels = nlohmann::ordered_json::array();
    for (const DiagLabel& label : d.labels) {
      LineCol lc = sources.line_col(label.span.file, label.span.begin);
      labels.push_back({{"line", lc.line}, {"column", lc.column}, {"message", label.message}});
    }
    j["labels"] = labels;
    j["notes"] = d.notes;
    j["hint"] = d.hint;
    list.push_back(std::move(j));
  }
  nlohmann::ordered_json root;
  root["diagnostics"] = std::move(list);
  // Invalid UTF-8 in a message (from a binary file) must not throw: replace it.
  return root.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace incan
