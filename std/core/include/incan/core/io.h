// Line output for `print` / `println` (LANGUAGE.md section 11). Part of std/core.
#pragma once

#include <string_view>

namespace incan {

// Writes `line` followed by "\n" to stdout. Thread-safe: lines written concurrently
// never interleave. Not flushed per line; stdout is flushed at exit and before every
// panic message (flush_stdout()).
void println(std::string_view line);

// `println()`: an empty line.
void println();

}  // namespace incan
