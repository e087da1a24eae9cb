// Runs the compiler on a thread with a large stack. The stages recurse over the
// AST; the parser bounds nesting and statement length, and a big stack makes
// sure every input inside those bounds compiles instead of overflowing.
#pragma once

#include <functional>

namespace incan::driver {

// Runs `fn` on a new thread with a 512 MiB stack (reserved, touched on demand)
// and returns its result; falls back to the calling thread if that fails.
int run_with_big_stack(const std::function<int()>& fn);

}  // namespace incan::driver
