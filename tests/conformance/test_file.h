// The format of a conformance file test: the first-line directive, the optional
// directive lines under it, and the inline diagnostic expectations. Pure parsing, no
// processes, so the harness tests can exercise it directly.
//
//   # test: run | errorcheck | compile
//   # exit: 101            expected exit code of the program (run only; default 0)
//   # args: a b            program arguments, split on spaces (run only)
//   # sanitize: skip       not run when INCAN_TEST_SANITIZE is set
//   # timeout: 5           seconds for the program run (default 20)
//
//   x = y        # error: [UnknownName] unknown name .y.
//   # error@+1: [UnterminatedString]
//   # warning@-2: [UnawaitedAsyncCall] not awaited
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace incan::testing {

enum class Directive { Run, ErrorCheck, Compile };

enum class Severity { Error, Warning, Note };

std::string_view to_string(Directive d);
std::string_view to_string(Severity s);
std::optional<Severity> parse_severity(std::string_view s);

// One inline `# error: [Kind] regex` (or warning/note) comment.
struct Expectation {
  Severity severity = Severity::Error;
  std::string kind;
  int line = 0;          // line the diagnostic must be reported on (1-based)
  std::string pattern;   // ECMAScript regex searched in the message; empty matches all
  int comment_line = 0;  // line the comment itself is on
};

struct TestFile {
  Directive directive = Directive::Run;
  int exit_code = 0;
  std::vector<std::string> args;
  bool sanitize_skip = false;
  double timeout_seconds = 20.0;
  std::vector<Expectation> expectations;

  bool expects_errors() const;
};

// Parses `text`, the contents of a test file. Returns nullopt and sets `error` when
// the file is malformed (no directive, unknown directive, bad expectation, a regex
// that does not compile, a target line outside the file, ...). When
// `directive_optional` is set (examples/), a missing directive means `run`.
std::optional<TestFile> parse_test_file(std::string_view text, bool directive_optional,
                                        std::string* error);

// The test name for a path relative to its root: every character outside
// [A-Za-z0-9_] becomes `_` and the `.incn` extension is dropped
// (`lex/int-literals.incn` -> `lex_int_literals`).
std::string test_name_for(const std::filesystem::path& relative);

}  // namespace incan::testing
