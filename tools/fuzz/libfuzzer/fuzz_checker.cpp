// libFuzzer target: lex, parse and check any bytes the way `incan check` does (the
// checker runs only on a module that parsed without errors), then render the
// diagnostics. Any input may be rejected; none may crash or hang.
#include <cstddef>
#include <cstdint>

#include "frontend/diag/render.h"
#include "frontend/diag/diagnostic.h"
#include "frontend/lex/lexer.h"
#include "frontend/parse/parser.h"
#include "frontend/source/source_manager.h"
#include "tools/fuzz/libfuzzer/fuzz_common.h"
#include "typecheck/checker.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  incan::fuzz::run_stage([&]() {
    incan::SourceManager sources;
    incan::DiagnosticEmitter diags;
    incan::FileId file = sources.add_file("fuzz.incn", incan::fuzz::input_text(data, size));
    incan::lex::TokenBuffer tokens = incan::lex::lex(sources, file, diags);
    incan::ast::Module module = incan::parse::parse(sources, tokens, diags);
    if (!diags.has_errors()) {
      incan::sema::Program program = incan::sema::check(module, diags);
      (void)program;
    }
    std::string text = incan::render_text(diags.sorted(sources), sources, false);
    (void)text;
  });
  return 0;
}
