// Diagnostic kinds registry and the emitter.
#include "frontend/diag/diagnostic.h"

#include <algorithm>

namespace incan {
namespace {
constexpr DiagKindInfo kInfos[] = {
#define INCAN_DIAG(kind, code, severity) {#kind, code, Severity::severity},
#include "frontend/diag/diagnostic_kinds.def"
};
}  // namespace

const DiagKindInfo& diag_info(DiagKind kind) { return kInfos[static_cast<std::size_t>(kind)]; }

const std::vector<DiagKind>& all_diag_kinds() {
  static const std::vector<DiagKind> kinds = [] {
    std::vector<DiagKind> v;
    for (std::size_t i = 0; i < std::size(kInfos); ++i) v.push_back(static_cast<DiagKind>(i));
    return v;
  }();
  return kinds;
}

std::string_view severity_name(Severity severity) {
  switch (severity) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Note: return "note";
  }
  return "error";
}

Diagnostic& DiagnosticEmitter::emit(DiagKind kind, Span span, std::string message) {
  diagnostics_.push_back(Diagnostic{kind, span, std::move(message), {}, {}, {}});
  if (diag_info(kind).severity == Severity::Error) ++error_count_;
  return diagnostics_.back();
}

std::vector<Diagnostic> DiagnosticEmitter::sorted(const SourceManager& sources) const {
  std::vector<Diagnostic> out = diagnostics_;
  std::stable_sort(out.begin(), out.end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.span.file.index != b.span.file.index) return a.span.file.index < b.span.file.index;
    return a.span.begin < b.span.begin;
  });
  return out;
}

}  // namespace incan
