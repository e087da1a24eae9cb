// stdout line writer shared by generated code and runtime tasks. Part of std/core.
//
// Design: every println call hands its whole line (text + "\n") to the kernel with one
// writev(2) on file descriptor 1, under one process-wide mutex. So
//   - a line reaches the pipe, file or terminal when println returns: nothing waits in
//     a user-space buffer, and a program that is killed (timeout, Ctrl-C, a pipeline
//     closing) or dies of a stack overflow has not lost the lines it already printed;
//   - concurrent lines never interleave: the mutex covers the retries of a short write
//     as well, so another thread's line cannot land in the middle of ours;
//   - stdio's stdout buffer is never used for lines, so flush_stdout() (panics, exit)
//     only matters for text written through stdio directly.
// The cost is one system call per line; tools/bench/io measures it.
#include "incan/core/io.h"

#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <mutex>

namespace incan {
namespace {

std::mutex& stdout_mutex() {
  static std::mutex m;
  return m;
}

// Writes the iovecs completely, retrying interrupted and short writes. Stops at the
// first real error (a closed pipe, a full disk): output errors are not reported, as
// with stdio before.
void write_fully(iovec* parts, int count) {
  while (count > 0) {
    const ssize_t n = ::writev(STDOUT_FILENO, parts, count);
    if (n < 0) {
      if (errno == EINTR) continue;
      return;
    }
    auto left = static_cast<size_t>(n);
    while (count > 0 && left >= parts->iov_len) {
      left -= parts->iov_len;
      ++parts;
      --count;
    }
    if (count > 0) {
      parts->iov_base = static_cast<char*>(parts->iov_base) + left;
      parts->iov_len -= left;
    }
  }
}

}  // namespace

void println(std::string_view line) {
  static char newline = '\n';
  iovec parts[2] = {{const_cast<char*>(line.data()), line.size()}, {&newline, 1}};
  std::lock_guard lock(stdout_mutex());
  write_fully(parts, 2);
}

void println() { println(std::string_view()); }

}  // namespace incan
