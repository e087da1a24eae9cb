// std.bench: arguments and clocks for benchmark programs.
#include "incan/core/bench.h"

#include <chrono>
#include <ctime>
#include <vector>

namespace incan {

namespace {
std::vector<std::string>& args_storage() {
  static std::vector<std::string> args;
  return args;
}
}  // namespace

void set_program_args(int argc, char** argv) noexcept {
  try {
    auto& args = args_storage();
    args.clear();
    for (int i = 1; i < argc; ++i) args.emplace_back(argv[i]);
  } catch (...) {
  }
}

list<std::string> program_args() {
  list<std::string> out;
  for (const std::string& a : args_storage()) out.append(a);
  return out;
}

double monotonic_seconds() noexcept {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

double cpu_seconds() noexcept {
  // std::clock is the process's processor time, all threads (glibc:
  // CLOCK_PROCESS_CPUTIME_ID), like getrusage(RUSAGE_SELF) user + system.
  return static_cast<double>(std::clock()) / CLOCKS_PER_SEC;
}

}  // namespace incan
