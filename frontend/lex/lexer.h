// The lexer: source text to tokens, with Python-style INDENT/DEDENT layout,
// implicit line joining inside brackets, string escapes and f-string splitting.
#pragma once

#include "frontend/diag/diagnostic.h"
#include "frontend/lex/token.h"

namespace incan::lex {

// Lexes the whole file. Always ends with Eof; reports problems through `diags`.
// On invalid UTF-8 only that one diagnostic is reported and the buffer holds Eof.
TokenBuffer lex(const SourceManager& sources, FileId file, DiagnosticEmitter& diags);

// Lexes the byte range [begin, end) of `file` as one expression line (used for
// f-string interpolations); no layout tokens except the final Newline and Eof.
TokenBuffer lex_range(const SourceManager& sources, FileId file, std::uint32_t begin, std::uint32_t end,
                      DiagnosticEmitter& diags);

}  // namespace incan::lex
