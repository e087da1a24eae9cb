// A small line diff for test failures: expected vs actual text rendered in unified
// style (`-` expected, `+` actual, hunks with context). Part of tests/tools.
#pragma once

#include <string>
#include <string_view>

namespace incan::testing {

// Returns "" when the texts are equal byte for byte. Otherwise a unified-style diff
// with `context` lines around each change. Control characters other than newline are
// shown escaped (`\t`, `\r`, `\x01`) so invisible differences are visible, and a
// missing final newline is reported as in `diff -u`.
std::string unified_diff(std::string_view expected, std::string_view actual,
                         std::string_view expected_label, std::string_view actual_label,
                         int context = 3);

}  // namespace incan::testing
