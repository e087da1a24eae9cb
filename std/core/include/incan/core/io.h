// Line output for `print` / `println` (LANGUAGE.md section 11). Part of std/core.
#pragma once

#include <string_view>

namespace incan {

// Writes `line` followed by "\n" to stdout and flushes it (one write(2) for a line
// that fits stdio's buffer), so the line has reached the pipe, file or terminal when
// println returns, even if the program is killed right after. Thread-safe: lines
// written concurrently never interleave.
void println(std::string_view line);

// `println()`: an empty line.
void println();

}  // namespace incan
