// `incan emit FILE [--stage=tokens|ast|cpp] [--no-line]`: print a stage's output.
#include <cstdio>
#include <string>

#include "driver/driver.h"
#include "frontend/lex/token.h"
#include "frontend/common/gcc_warnings.h"

namespace incan::driver {

int emit_subcommand(const CommandLine& cmd) {
  if (cmd.stage != "tokens" && cmd.stage != "ast" && cmd.stage != "cpp") {
    std::fprintf(stderr, "error: unknown stage `%s` (expected tokens, ast or cpp)\n", cmd.stage.c_str());
    return 2;
  }
  std::unique_ptr<Compilation> c = compile_file(cmd.input, DiagFormat::Text, cmd.stage == "tokens");
  if (!c) return 1;
  if (report(*c, DiagFormat::Text)) return 1;
  std::string out;
  if (cmd.stage == "tokens") {
    for (const lex::Token& t : c->tokens.tokens) {
      LineCol lc = c->sources.line_col(c->file, t.begin);
      out += std::to_string(lc.line) + ":" + std::to_string(lc.column) + " " +
             std::string(lex::token_spelling(t.kind));
      if (t.kind == lex::TokenKind::Identifier || t.kind == lex::TokenKind::IntLiteral ||
          t.kind == lex::TokenKind::FloatLiteral) {
        INCAN_GCC_NO_RESTRICT_BEGIN  // GCC PR 105329 (frontend/common/gcc_warnings.h)
        out += " " + std::string(c->tokens.text_of(c->sources, t));
        INCAN_GCC_NO_RESTRICT_END
      }
      out += "\n";
    }
  } else if (cmd.stage == "ast") {
    out = ast::dump(c->module);
  } else {
    cg::EmitOptions emit;
    emit.source_name = cmd.input;
    emit.line_directives = cmd.line_directives;
    out = cg::emit_cpp(*c->program, c->sources, emit);
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

}  // namespace incan::driver
