// libFuzzer target: the lexer must accept any bytes without crashing or hanging.
#include <cstddef>
#include <cstdint>

#include "frontend/diag/diagnostic.h"
#include "frontend/lex/lexer.h"
#include "frontend/source/source_manager.h"
#include "tools/fuzz/libfuzzer/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  incan::fuzz::run_stage([&]() {
    incan::SourceManager sources;
    incan::DiagnosticEmitter diags;
    incan::FileId file = sources.add_file("fuzz.incn", incan::fuzz::input_text(data, size));
    incan::lex::TokenBuffer tokens = incan::lex::lex(sources, file, diags);
    (void)tokens;
  });
  return 0;
}
