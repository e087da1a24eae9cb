// stdout line writer shared by generated code and runtime tasks. Part of std/core.
//
// Design: every println call writes its whole line (text + "\n") into stdio's stdout
// buffer and flushes it, under one process-wide mutex. So
//   - a line reaches the pipe, file or terminal when println returns: nothing waits in
//     a buffer, and a program that is killed (a timeout, Ctrl-C, a pipeline closing)
//     or dies of a stack overflow has not lost the lines it already printed;
//   - a line that fits the buffer (BUFSIZ) costs one write(2); a longer one a few;
//   - concurrent lines never interleave: the mutex covers the write and the flush, so
//     another thread's line cannot land in the middle of ours.
// Going through stdio (rather than write(2) on file descriptor 1) keeps the order
// with the runtime's own stdout writes and flush_stdout(); std/core uses only the C++
// standard library. tools/bench/io measures the cost.
#include "incan/core/io.h"

#include <cstdio>
#include <mutex>

namespace incan {
namespace {

std::mutex& stdout_mutex() {
  static std::mutex m;
  return m;
}

}  // namespace

void println(std::string_view line) {
  std::lock_guard lock(stdout_mutex());
  std::fwrite(line.data(), 1, line.size(), stdout);
  std::fputc('\n', stdout);
  std::fflush(stdout);
}

void println() {
  std::lock_guard lock(stdout_mutex());
  std::fputc('\n', stdout);
  std::fflush(stdout);
}

}  // namespace incan
