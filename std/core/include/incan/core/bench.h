// `std.bench` (an extension for benchmark programs, not in the language
// specification): the program's command-line arguments and two clocks, so that a
// compiled Incan program can time its own measured section (tools/bench). Part of
// std/core.
#pragma once

#include <string>

#include "incan/core/list.h"

namespace incan {

// Records argv; the generated `main` calls it first.
void set_program_args(int argc, char** argv) noexcept;
// `argv()`: the arguments after the program name.
list<std::string> program_args();
// `monotonic()`: seconds on a monotonic clock (steady_clock).
double monotonic_seconds() noexcept;
// `cpu_time()`: user + system CPU seconds of the whole process, all threads.
double cpu_seconds() noexcept;

}  // namespace incan
