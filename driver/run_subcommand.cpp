// `incan run FILE [-- ARGS]`: build (through the cache) and replace this process
// with the program, so it inherits stdio and its exit code is ours.
#include <cstdio>

#include "driver/driver.h"
#include "driver/process.h"

namespace incan::driver {

int run_subcommand(const CommandLine& cmd) {
  CommandLine c = cmd;
  c.build.output_path = c.output;  // usually empty: run the cached binary in place
  std::optional<std::string> binary = build_program(c);
  if (!binary) return 1;
  std::fflush(stdout);
  std::vector<std::string> argv{*binary};
  argv.insert(argv.end(), c.program_args.begin(), c.program_args.end());
  Error e = exec_replace(argv);
  std::fprintf(stderr, "error: %s\n", e.message.c_str());
  return 1;
}

}  // namespace incan::driver
