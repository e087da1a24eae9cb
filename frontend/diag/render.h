// Renderers: human-readable text (source line and caret) and JSON for tools.
#pragma once

#include <string>
#include <vector>

#include "frontend/diag/diagnostic.h"

namespace incan {

// `file:line:col: error[E0202]: message [TypeMismatch]`, the source line with a
// caret under the span, labels, `note:` and `help:` lines.
std::string render_text(const std::vector<Diagnostic>& diagnostics, const SourceManager& sources,
                        bool color);

// {"diagnostics": [{"severity", "code", "kind", "message", "file", "line", "column",
//  "end_line", "end_column", "labels": [...], "notes": [...], "hint"}]}
std::string render_json(const std::vector<Diagnostic>& diagnostics, const SourceManager& sources);

}  // namespace incan
