// `incan build FILE [-o OUT]`: compile to a native executable.
#include <cstdio>
#include <filesystem>

#include "driver/driver.h"

namespace incan::driver {

int build_subcommand(const CommandLine& cmd) {
  CommandLine c = cmd;
  if (c.output.empty()) {
    std::filesystem::path p(c.input);
    c.output = p.stem().string();
    if (c.output.empty() || c.output == p.filename().string()) c.output = p.filename().string() + ".out";
  }
  c.build.output_path = c.output;
  std::optional<std::string> binary = build_program(c);
  return binary ? 0 : 1;
}

}  // namespace incan::driver
