// The type checker: resolves names, infers and checks types, enforces every
// semantic rule of the supported subset, and produces a sema::Program.
#pragma once

#include "frontend/ast/ast.h"
#include "frontend/diag/diagnostic.h"
#include "typecheck/program.h"

namespace incan::sema {

// Checks `module` (which must outlive the result). Errors become diagnostics;
// codegen must not run if `diags` has errors afterwards.
Program check(const ast::Module& module, DiagnosticEmitter& diags);

// `std::string` names of builtins and methods, for dumps and codegen comments.
const char* builtin_name(Builtin b);
const char* method_name(Method m);

}  // namespace incan::sema
