// The `incan` command: parses the command line and dispatches to a subcommand.
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <system_error>

#include "driver/big_stack.h"
#include "driver/driver.h"
#include "frontend/common/large_array.h"

namespace {

constexpr const char* kUsage =
    "usage: incan <command> [options] FILE\n"
    "\n"
    "commands:\n"
    "  build FILE [-o OUT]        compile FILE to a native executable (default: FILE without .incn)\n"
    "  run FILE [-- ARGS...]      build FILE and run it; exits with the program's exit code\n"
    "  check FILE [--format json] type-check FILE and print diagnostics (text on stderr, json on stdout)\n"
    "  emit FILE [--stage=S]      print the generated C++ (S: cpp, ast, tokens); --no-line omits #line\n"
    "  clean                      empty the build cache and print how much it freed\n"
    "  --version                  print the version\n"
    "\n"
    "build options (build, run):\n"
    "  -O0 | -O1 | -O2 | -O3      optimisation level of the C++ build (default -O2)\n"
    "  --sanitize=LIST            build with sanitizers, e.g. address,undefined\n"
    "  --keep-cpp                 print where the generated C++ was kept\n"
    "  -v, --verbose              print the C++ compiler command lines\n"
    "\n"
    "environment: INCAN_CXX (C++ compiler), INCAN_CACHE_DIR (build cache), INCAN_HOME (installed prefix)\n"
    "exit codes: 0 success, 1 compile error, 2 usage error; `run` exits with the program's code\n";

int usage_error(const std::string& message) {
  std::fprintf(stderr, "error: %s\n\n%s", message.c_str(), kUsage);
  return 2;
}

// True when `output` already exists and is the same file as `input` (through any
// path: `./f.incn`, `dir/../f.incn`, a symbolic link): building would replace the
// source with the executable.
bool same_file(const std::string& input, const std::string& output) {
  std::error_code ec;
  return std::filesystem::equivalent(input, output, ec) && !ec;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace incan::driver;
  incan::tune_allocator();
  if (argc < 2) return usage_error("no command given");
  std::string first = argv[1];
  if (first == "--version" || first == "-V" || first == "version") {
    std::printf("incan %s\n", kVersion);
    return 0;
  }
  if (first == "--help" || first == "-h" || first == "help") {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (first == "clean") {
    if (argc > 2) return usage_error("`incan clean` takes no arguments");
    return incan::driver::clean_subcommand();
  }
  CommandLine cmd;
  cmd.subcommand = first;
  if (first != "build" && first != "run" && first != "check" && first != "emit")
    return usage_error("unknown command `" + first + "`");
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--") {
      if (cmd.subcommand != "run") return usage_error("`--` is only valid for `incan run`");
      for (int j = i + 1; j < argc; ++j) cmd.program_args.push_back(argv[j]);
      break;
    }
    if (a == "-o" || a == "--output") {
      if (i + 1 >= argc) return usage_error("`-o` needs a path");
      cmd.output = argv[++i];
    } else if (a == "--format" || a.rfind("--format=", 0) == 0) {
      std::string v = a == "--format" ? (i + 1 < argc ? argv[++i] : "") : a.substr(9);
      if (v == "json") cmd.format = DiagFormat::Json;
      else if (v == "text") cmd.format = DiagFormat::Text;
      else return usage_error("unknown format `" + v + "` (expected text or json)");
    } else if (a.rfind("--stage=", 0) == 0) {
      cmd.stage = a.substr(8);
    } else if (a == "--no-line") {
      cmd.line_directives = false;
    } else if (a == "-O0" || a == "-O1" || a == "-O2" || a == "-O3") {
      cmd.build.opt_level = a;
    } else if (a.rfind("--sanitize=", 0) == 0) {
      cmd.build.sanitize = a.substr(11);
    } else if (a == "--keep-cpp") {
      cmd.build.keep_cpp = true;
    } else if (a == "-v" || a == "--verbose") {
      cmd.build.verbose = true;
    } else if (!a.empty() && a[0] == '-') {
      return usage_error("unknown option `" + a + "`");
    } else if (cmd.input.empty()) {
      cmd.input = a;
    } else if (cmd.subcommand == "run") {
      cmd.program_args.push_back(a);  // `incan run prog.incn a b` also passes arguments
    } else {
      return usage_error("unexpected argument `" + a + "`");
    }
  }
  if (cmd.input.empty()) return usage_error("no input file");
  if (!cmd.output.empty() && same_file(cmd.input, cmd.output)) {
    return usage_error("the output `" + cmd.output + "` is the input file `" + cmd.input +
                       "`; building would overwrite the source: choose another -o path");
  }
  return run_with_big_stack([&cmd]() {
    if (cmd.subcommand == "build") return build_subcommand(cmd);
    if (cmd.subcommand == "run") return run_subcommand(cmd);
    if (cmd.subcommand == "check") return check_subcommand(cmd);
    return emit_subcommand(cmd);
  });
}
