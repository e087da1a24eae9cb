// `incan check FILE [--format json]`: diagnostics only; nothing is built.
#include "driver/driver.h"

namespace incan::driver {

int check_subcommand(const CommandLine& cmd) {
  std::unique_ptr<Compilation> c = compile_file(cmd.input, cmd.format);
  if (!c) return 1;
  int code = report(*c, cmd.format) ? 1 : 0;
  // The process ends now: skip freeing a large AST piece by piece.
  (void)c.release();
  return code;
}

}  // namespace incan::driver
