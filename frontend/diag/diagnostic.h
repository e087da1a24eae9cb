// The diagnostic record, the registry of kinds (diagnostic_kinds.def) and the
// emitter every stage reports through.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "frontend/source/source_manager.h"

namespace incan {

enum class DiagKind : std::uint16_t {
#define INCAN_DIAG(kind, code, severity) kind,
#include "frontend/diag/diagnostic_kinds.def"
};

enum class Severity : std::uint8_t { Error, Warning, Note };

struct DiagKindInfo {
  std::string_view name;  // e.g. "TypeMismatch"
  std::string_view code;  // e.g. "E0202"
  Severity severity;
};

const DiagKindInfo& diag_info(DiagKind kind);
// All registered kinds, in declaration order (for coverage checks and docs).
const std::vector<DiagKind>& all_diag_kinds();
std::string_view severity_name(Severity severity);

struct DiagLabel {
  Span span;
  std::string message;
};

// One user-facing diagnostic: observed fact, rule and hint live in message/notes/hint.
struct Diagnostic {
  DiagKind kind;
  Span span;
  std::string message;
  std::vector<DiagLabel> labels;
  std::vector<std::string> notes;
  std::string hint;

  Severity severity() const { return diag_info(kind).severity; }
};

// Collects diagnostics in emission order. Stages append; the driver renders.
class DiagnosticEmitter {
 public:
  // Returns the stored diagnostic so callers can add labels, notes and a hint.
  Diagnostic& emit(DiagKind kind, Span span, std::string message);
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  std::size_t error_count() const { return error_count_; }
  bool has_errors() const { return error_count_ > 0; }
  // Diagnostics sorted by position (stable), as the renderers print them.
  std::vector<Diagnostic> sorted(const SourceManager& sources) const;

 private:
  std::vector<Diagnostic> diagnostics_;
  std::size_t error_count_ = 0;
};

}  // namespace incan
