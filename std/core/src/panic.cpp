// Panic reporting and the synchronous program entry. Part of std/core.
#include "incan/core/panic.h"

#include <cstdio>
#include <cstdlib>
#include <mutex>

namespace incan {
namespace {
// Serialises panic output so that two panicking tasks never interleave their lines.
std::mutex& stderr_mutex() {
  static std::mutex m;
  return m;
}
}  // namespace

void flush_stdout() noexcept { std::fflush(stdout); }

void panic(std::string_view message) {
  {
    std::lock_guard lock(stderr_mutex());
    flush_stdout();
    std::fwrite(message.data(), 1, message.size(), stderr);
    std::fputc('\n', stderr);
    std::fflush(stderr);
  }
  throw panic_exception{std::string(message)};
}

void unreachable_end(const char* function) noexcept {
  flush_stdout();
  std::fprintf(stderr, "internal error: %s fell off its end (an incan compiler bug)\n", function);
  std::abort();
}

int run_main(void (*main_fn)()) noexcept {
  int code = 0;
  try {
    main_fn();
  } catch (const panic_exception&) {
    code = 101;  // the message was printed when the panic happened
  }
  flush_stdout();
  return code;
}

}  // namespace incan
