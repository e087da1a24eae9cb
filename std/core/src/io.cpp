// stdout line writer shared by generated code and runtime tasks. Part of std/core.
#include "incan/core/io.h"

#include <cstdio>
#include <mutex>

namespace incan {
namespace {

// Held for a whole line so that the text and its newline land together even when
// several worker threads print at once.
std::mutex& stdout_mutex() {
  static std::mutex m;
  return m;
}

}  // namespace

void println(std::string_view line) {
  std::lock_guard lock(stdout_mutex());
  std::fwrite(line.data(), 1, line.size(), stdout);
  std::fputc('\n', stdout);
}

void println() {
  std::lock_guard lock(stdout_mutex());
  std::fputc('\n', stdout);
}

}  // namespace incan
