// Codegen: a checked sema::Program to one readable C++20 translation unit.
// Runs only on programs without errors; any failure here is a compiler bug.
#pragma once

#include <string>
#include <vector>

#include "frontend/source/source_manager.h"
#include "typecheck/program.h"

namespace incan::cg {

struct EmitOptions {
  bool line_directives = true;  // `#line N "file.incn"` before each statement
  std::string source_name;      // the path written into `#line` and the header comment
};

// By ExprId: the closures that escape their function and so capture copies
// (LANGUAGE.md 4.4; escape.cpp).
std::vector<bool> find_escaping_closures(const sema::Program& program);

std::string emit_cpp(const sema::Program& program, const SourceManager& sources, const EmitOptions& options);

}  // namespace incan::cg
