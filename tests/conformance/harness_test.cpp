// Tests of the runner's own pieces: the test-file format, test names, the line diff
// and the child-process runner. They need no compiler.
#include <gtest/gtest.h>

#include "line_diff.h"
#include "process.h"
#include "test_file.h"

namespace incan::testing {
namespace {

TEST(TestFileFormat, ParsesRunDirectives) {
  std::string error;
  auto f = parse_test_file(
      "# test: run\n# exit: 101\n# args: a bb\n# sanitize: skip\n# timeout: 2.5\n"
      "def main() -> None:\n    pass\n",
      false, &error);
  ASSERT_TRUE(f) << error;
  EXPECT_EQ(f->directive, Directive::Run);
  EXPECT_EQ(f->exit_code, 101);
  EXPECT_EQ(f->args, (std::vector<std::string>{"a", "bb"}));
  EXPECT_TRUE(f->sanitize_skip);
  EXPECT_DOUBLE_EQ(f->timeout_seconds, 2.5);
  EXPECT_TRUE(f->expectations.empty());
}

TEST(TestFileFormat, DirectiveLinesStopAtCode) {
  std::string error;
  auto f = parse_test_file("# test: run\ndef main() -> None:\n    pass\n# exit: 3\n", false,
                           &error);
  ASSERT_TRUE(f) << error;
  EXPECT_EQ(f->exit_code, 0);
}

TEST(TestFileFormat, RejectsMissingOrUnknownDirective) {
  std::string error;
  EXPECT_FALSE(parse_test_file("def main() -> None:\n    pass\n", false, &error));
  EXPECT_NE(error.find("directive"), std::string::npos);
  EXPECT_FALSE(parse_test_file("# test: explode\n", false, &error));
  auto f = parse_test_file("def main() -> None:\n    pass\n", true, &error);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->directive, Directive::Run);
}

TEST(TestFileFormat, ParsesExpectations) {
  std::string error;
  auto f = parse_test_file(
      "# test: errorcheck\n"
      "def main() -> None:\n"
      "    x = y  # error: [UnknownName] unknown name .y.\n"
      "    # error@+1: [UnterminatedString]\n"
      "    s = \"abc\n"
      "    f()\n"
      "    # warning@-1: [UnawaitedAsyncCall]   not awaited  \n",
      false, &error);
  ASSERT_TRUE(f) << error;
  ASSERT_EQ(f->expectations.size(), 3u);
  EXPECT_EQ(f->directive, Directive::ErrorCheck);
  EXPECT_EQ(f->expectations[0].kind, "UnknownName");
  EXPECT_EQ(f->expectations[0].line, 3);
  EXPECT_EQ(f->expectations[0].pattern, "unknown name .y.");
  EXPECT_EQ(f->expectations[1].line, 5);
  EXPECT_EQ(f->expectations[1].pattern, "");
  EXPECT_EQ(f->expectations[2].severity, Severity::Warning);
  EXPECT_EQ(f->expectations[2].line, 6);
  EXPECT_EQ(f->expectations[2].pattern, "not awaited");
  EXPECT_TRUE(f->expects_errors());
}

TEST(TestFileFormat, ExpectationOnTheDirectiveLine) {
  std::string error;
  auto f = parse_test_file("# test: errorcheck \xff # error: [InvalidUtf8]\n", false, &error);
  ASSERT_TRUE(f) << error;
  EXPECT_EQ(f->directive, Directive::ErrorCheck);
  ASSERT_EQ(f->expectations.size(), 1u);
  EXPECT_EQ(f->expectations[0].line, 1);
}

TEST(TestFileFormat, RejectsBadExpectations) {
  std::string error;
  EXPECT_FALSE(parse_test_file("# test: errorcheck\nx  # error: no kind\n", false, &error));
  EXPECT_FALSE(parse_test_file("# test: errorcheck\nx  # error: [K] (unclosed\n", false, &error));
  EXPECT_NE(error.find("regex"), std::string::npos);
  EXPECT_FALSE(parse_test_file("# test: errorcheck\n# error@+5: [K]\n", false, &error));
  EXPECT_FALSE(parse_test_file("# test: run\n# exit: lots\n", false, &error));
}

TEST(TestNames, SanitizeRelativePaths) {
  EXPECT_EQ(test_name_for("lex/int-literals.incn"), "lex_int_literals");
  EXPECT_EQ(test_name_for("hello.incn"), "hello");
  EXPECT_EQ(test_name_for("a b/c.d.incn"), "a_b_c_d");
}

TEST(LineDiff, EqualTextsGiveNothing) {
  EXPECT_EQ(unified_diff("a\nb\n", "a\nb\n", "e", "a"), "");
}

TEST(LineDiff, ShowsChangedLinesWithContext) {
  std::string d = unified_diff("1\n2\n3\n4\n5\n6\n7\n8\n", "1\n2\n3\n4\nfive\n6\n7\n8\n", "exp",
                               "act", 1);
  EXPECT_EQ(d, "--- exp\n+++ act\n@@ -4,3 +4,3 @@\n 4\n-5\n+five\n 6\n");
}

TEST(LineDiff, InsertionsDeletionsAndMissingNewline) {
  std::string d = unified_diff("a\nb\nc\n", "a\nc\nd", "exp", "act");
  EXPECT_NE(d.find("-b\n"), std::string::npos) << d;
  EXPECT_NE(d.find("+d\n\\ No newline at end of file\n"), std::string::npos) << d;
  EXPECT_EQ(unified_diff("x\n", "x", "e", "a"),
            "--- e\n+++ a\n@@ -1,1 +1,1 @@\n-x\n+x\n\\ No newline at end of file\n");
}

TEST(LineDiff, EscapesInvisibleCharacters) {
  std::string d = unified_diff("a b\n", "a\tb\r\n", "e", "a");
  EXPECT_NE(d.find("+a\\tb\\r\n"), std::string::npos) << d;
}

TEST(LineDiff, EmptyExpected) {
  EXPECT_EQ(unified_diff("", "boom\n", "e", "a"), "--- e\n+++ a\n@@ -0,0 +1,1 @@\n+boom\n");
}

TEST(Process, CapturesStreamsAndExitCode) {
  ProcessOptions o;
  o.env.emplace_back("INCAN_PROBE", "v1");
  ProcessResult r =
      run_process({"/bin/sh", "-c", "echo out; echo err >&2; echo $INCAN_PROBE; exit 3"}, o);
  ASSERT_TRUE(r.exited()) << r.describe();
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.out, "out\nv1\n");
  EXPECT_EQ(r.err, "err\n");
}

TEST(Process, TimesOutAndKillsTheGroup) {
  ProcessOptions o;
  o.timeout_seconds = 0.3;
  ProcessResult r = run_process({"/bin/sh", "-c", "sleep 30 & sleep 30"}, o);
  EXPECT_TRUE(r.timed_out);
  EXPECT_LT(r.seconds, 5.0);
}

TEST(Process, ReportsSignalsAndMissingPrograms) {
  ProcessResult r = run_process({"/bin/sh", "-c", "kill -SEGV $$"}, {});
  EXPECT_EQ(r.term_signal, 11) << r.describe();
  ProcessResult missing = run_process({"/nonexistent/incan"}, {});
  EXPECT_FALSE(missing.spawn_error.empty());
}

TEST(Process, QuotesForTheShell) {
  EXPECT_EQ(shell_quote("plain/path.incn"), "plain/path.incn");
  EXPECT_EQ(shell_quote("it's"), "'it'\\''s'");
  EXPECT_EQ(command_line({"a", "b c"}), "a 'b c'");
}

}  // namespace
}  // namespace incan::testing
