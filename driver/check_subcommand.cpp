// `incan check FILE [--format json]`: diagnostics only; nothing is built.
#include "driver/driver.h"

namespace incan::driver {

int check_subcommand(const CommandLine& cmd) {
  std::unique_ptr<Compilation> c = compile_file(cmd.input, cmd.format);
  if (!c) return 1;
  return report(*c, cmd.format) ? 1 : 0;
}

}  // namespace incan::driver
