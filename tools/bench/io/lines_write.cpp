// The floor for line-at-a-time output: the same 1,000,000 lines as lines.incn, each
// handed to the kernel with one write(2), as Rust's stdout (a LineWriter) does.
#include <unistd.h>

#include <cstdint>
#include <cstdio>

int main() {
  char line[64];
  std::int64_t total = 0;
  for (std::int64_t i = 0; i < 1000000; ++i) {
    int n = std::snprintf(line, sizeof line, "line %lld of the io benchmark\n", static_cast<long long>(i));
    if (::write(STDOUT_FILENO, line, static_cast<size_t>(n)) != n) return 1;
    total += i % 7;
  }
  int n = std::snprintf(line, sizeof line, "checksum=%lld\n", static_cast<long long>(total));
  return ::write(STDOUT_FILENO, line, static_cast<size_t>(n)) == n ? 0 : 1;
}
