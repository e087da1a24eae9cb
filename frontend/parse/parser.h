// The parser: tokens to an ast::Module (recursive descent, LANGUAGE.md 5-7).
#pragma once

#include "frontend/ast/ast.h"
#include "frontend/diag/diagnostic.h"
#include "frontend/lex/token.h"

namespace incan::parse {

// Maximum nesting of expressions and blocks; deeper input gets NestingTooDeep.
inline constexpr int kMaxNesting = 200;
// Maximum number of operators (binary, unary, postfix) in one statement.
inline constexpr int kMaxOperators = 10000;

// Parses a whole file. Errors become diagnostics and Error nodes; never throws.
ast::Module parse(const SourceManager& sources, const lex::TokenBuffer& tokens, DiagnosticEmitter& diags);

}  // namespace incan::parse
