// Panics: the fatal runtime errors of LANGUAGE.md section 14. Part of std/core.
//
// A panic prints its message (only) to stderr at once, after flushing stdout, and then
// unwinds as a C++ exception: the main flow turns it into exit code 101, a spawned task
// turns it into `Err(TaskJoinError)` on its handle.
#pragma once

#include <string>
#include <string_view>

namespace incan {

// The exception that carries a panic through C++ frames. Generated code never
// catches it; only `run_main` and the runtime's task boundary do.
struct panic_exception {
  std::string message;
};

// Prints `message` + "\n" to stderr (flushing stdout first) and throws
// panic_exception. Never returns.
[[noreturn]] void panic(std::string_view message);

// Ends a function whose every path returns (the checker proved it, e.g. a `match`
// whose arms all return) so that the C++ compiler sees no fall-through. Reaching it
// is a compiler bug: it reports one and aborts.
[[noreturn]] void unreachable_end(const char* function) noexcept;

// Flushes stdout; used before a panic message and before the process exits.
void flush_stdout() noexcept;

// Runs a synchronous `main`: returns 0, or 101 after a panic. Always flushes stdout.
int run_main(void (*main_fn)()) noexcept;

}  // namespace incan
