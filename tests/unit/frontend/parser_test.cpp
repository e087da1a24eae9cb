// Tests for the parser: the precedence ladder of LANGUAGE.md 7.1 (checked through
// ast::dump), statements, declarations, docstrings, and error recovery.
#include "frontend/parse/parser.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "frontend/lex/lexer.h"

namespace incan::parse {
namespace {

struct Parsed {
  SourceManager sources;
  DiagnosticEmitter diags;
  lex::TokenBuffer tokens;
  ast::Module module;

  std::string dump() const { return ast::dump(module); }
  // "Kind@line" for every diagnostic, in emission order.
  std::vector<std::string> diag_kinds() const {
    std::vector<std::string> out;
    for (const Diagnostic& d : diags.diagnostics())
      out.push_back(std::string(diag_info(d.kind).name) + "@" +
                    std::to_string(sources.line_col(d.span.file, d.span.begin).line));
    return out;
  }
};

std::unique_ptr<Parsed> parse_text(std::string text) {
  auto p = std::make_unique<Parsed>();
  FileId file = p->sources.add_file("t.incn", std::move(text));
  p->tokens = lex::lex(p->sources, file, p->diags);
  p->module = parse(p->sources, p->tokens, p->diags);
  return p;
}

// Parses `expr_text` as the only statement of a function and returns its dump.
std::string expr_dump(const std::string& expr_text) {
  auto p = parse_text("def f() -> None:\n    " + expr_text + "\n");
  EXPECT_TRUE(p->diag_kinds().empty()) << expr_text;
  std::string d = p->dump();
  const std::string head = "def f() -> None\n  ";
  if (d.rfind(head, 0) != 0 || d.back() != '\n') return "unexpected dump: " + d;
  return d.substr(head.size(), d.size() - head.size() - 1);
}

// Parses `body` (already indented by four spaces) as the body of `def f() -> None`
// and returns the dump of the body statements, without the header line.
std::string body_dump(const std::string& body) {
  auto p = parse_text("def f() -> None:\n" + body);
  EXPECT_TRUE(p->diag_kinds().empty()) << body;
  std::string d = p->dump();
  return d.substr(d.find('\n') + 1);
}

using Strings = std::vector<std::string>;

// --- precedence (LANGUAGE.md 7.1) -------------------------------------------------

TEST(ParserPrecedenceTest, PowerTakesAUnaryLeftOperand) {
  EXPECT_EQ(expr_dump("-2 ** 2"), "((- 2) ** 2)");
  EXPECT_EQ(expr_dump("2 ** -1"), "(2 ** (- 1))");
  EXPECT_EQ(expr_dump("- x ** y"), "((- x) ** y)");
}

TEST(ParserPrecedenceTest, PowerIsRightAssociative) {
  EXPECT_EQ(expr_dump("2 ** 3 ** 2"), "(2 ** (3 ** 2))");
}

TEST(ParserPrecedenceTest, ArithmeticLevels) {
  EXPECT_EQ(expr_dump("1 + 2 * 3 ** 2"), "(1 + (2 * (3 ** 2)))");
  EXPECT_EQ(expr_dump("a - b - c"), "((a - b) - c)");
  EXPECT_EQ(expr_dump("a / b // c % d * e"), "((((a / b) // c) % d) * e)");
  EXPECT_EQ(expr_dump("a * b + c * d"), "((a * b) + (c * d))");
  EXPECT_EQ(expr_dump("(1 + 2) * 3"), "((1 + 2) * 3)");
  EXPECT_EQ(expr_dump("--x"), "(- (- x))");
}

TEST(ParserPrecedenceTest, NotBindsLooserThanComparison) {
  EXPECT_EQ(expr_dump("not a == b"), "(not (a == b))");
  EXPECT_EQ(expr_dump("not not a"), "(not (not a))");
  EXPECT_EQ(expr_dump("not a and b"), "((not a) and b)");
}

TEST(ParserPrecedenceTest, AndBindsTighterThanOr) {
  EXPECT_EQ(expr_dump("a or b and c"), "(a or (b and c))");
  EXPECT_EQ(expr_dump("a and b or c and d"), "((a and b) or (c and d))");
  EXPECT_EQ(expr_dump("a or b or c"), "((a or b) or c)");
  EXPECT_EQ(expr_dump("x < 1 or y >= 2"), "((x < 1) or (y >= 2))");
}

TEST(ParserPrecedenceTest, RangesSitBetweenComparisonAndArithmetic) {
  EXPECT_EQ(expr_dump("0..n + 1"), "(0 .. (n + 1))");
  EXPECT_EQ(expr_dump("1..=5"), "(1 ..= 5)");
  EXPECT_EQ(expr_dump("a..b == c"), "((a .. b) == c)");
  EXPECT_EQ(expr_dump("i in 0..10"), "(i in (0 .. 10))");
}

TEST(ParserPrecedenceTest, MembershipAndIdentityOperators) {
  EXPECT_EQ(expr_dump("x in xs"), "(x in xs)");
  EXPECT_EQ(expr_dump("x not in xs"), "(x not in xs)");
  EXPECT_EQ(expr_dump("o is None"), "(o is None)");
  EXPECT_EQ(expr_dump("o is not None"), "(o is not None)");
  EXPECT_EQ(expr_dump("\"@\" in a + b"), "(\"@\" in (a + b))");
}

TEST(ParserPrecedenceTest, PostfixBindsTightest) {
  EXPECT_EQ(expr_dump("a.b(1, k=2)[0]"), "a.b(1, k=2)[0]");
  EXPECT_EQ(expr_dump("-f(x).y"), "(- f(x).y)");
  EXPECT_EQ(expr_dump("t.0"), "t.0");
  EXPECT_EQ(expr_dump("xs[i + 1] ** 2"), "(xs[(i + 1)] ** 2)");
}

TEST(ParserPrecedenceTest, ComparisonChainingIsAnError) {
  auto p = parse_text("def f() -> None:\n    x = a < b < c\n    y = 1 == 2 != 3 == 4\n    z = 1\n");
  EXPECT_EQ(p->diag_kinds(), (Strings{"ComparisonChain@2", "ComparisonChain@3"}));
  EXPECT_EQ(p->diags.diagnostics()[0].message, "comparison chaining is not supported");
  EXPECT_EQ(p->dump(), "def f() -> None\n  x = (a < b)\n  y = (1 == 2)\n  z = 1\n");
}

TEST(ParserPrecedenceTest, LiteralsAndFStrings) {
  EXPECT_EQ(expr_dump("[1, 2.5, True, false, None, \"s\"]"), "[1, 2.5, true, false, None, \"s\"]");
  EXPECT_EQ(expr_dump("f\"a{x + 1}b{y:?}\""), "f(\"a\"{(x + 1)}\"b\"{y:?})");
  EXPECT_EQ(expr_dump("[]"), "[]");
  EXPECT_EQ(expr_dump("[\n1,\n2,\n]"), "[1, 2]");
}

// --- statements -------------------------------------------------------------------

TEST(ParserStatementTest, IfElifElse) {
  EXPECT_EQ(body_dump("    if a:\n        x()\n    elif b:\n        y()\n    else:\n        z()\n"),
            "  if a\n"
            "    x()\n"
            "  else\n"
            "    if b\n"
            "      y()\n"
            "    else\n"
            "      z()\n");
  auto p = parse_text("def f() -> None:\n    if a:\n        pass\n    elif b:\n        pass\n");
  const ast::Stmt& outer = p->module.stmt(p->module.functions[0].body[0]);
  ASSERT_EQ(outer.else_body.size(), 1u);
  EXPECT_TRUE(p->module.stmt(outer.else_body[0]).is_elif);
  EXPECT_FALSE(p->module.stmt(outer.else_body[0]).has_else);
}

TEST(ParserStatementTest, WhileBreakContinue) {
  EXPECT_EQ(body_dump("    while i < 3:\n        if done:\n            break\n        continue\n"),
            "  while (i < 3)\n"
            "    if done\n"
            "      break\n"
            "    continue\n");
}

TEST(ParserStatementTest, ForWithOneAndSeveralTargets) {
  EXPECT_EQ(body_dump("    for i in range(3):\n        pass\n    for k, v in items:\n        pass\n"),
            "  for i in range(3)\n"
            "    pass\n"
            "  for k, v in items\n"
            "    pass\n");
  auto p = parse_text("def f() -> None:\n    for k, v in items:\n        pass\n");
  const ast::Stmt& s = p->module.stmt(p->module.functions[0].body[0]);
  EXPECT_EQ(s.for_targets, (Strings{"k", "v"}));
  EXPECT_EQ(s.for_target_spans.size(), 2u);
}

TEST(ParserStatementTest, LetMutAndAnnotatedBindings) {
  EXPECT_EQ(body_dump("    x = 1\n    let y: int = 2\n    mut z = 3\n    mut w: list[int] = []\n"
                      "    count: Result[int, str] = r\n    xs[0] = 1\n    p.x = 2\n"),
            "  x = 1\n"
            "  let y: int = 2\n"
            "  mut z = 3\n"
            "  mut w: list[int] = []\n"
            "  count: Result[int, str] = r\n"
            "  xs[0] = 1\n"
            "  p.x = 2\n");
  auto p = parse_text("def f() -> None:\n    let a = 1\n    mut b = 2\n    c = 3\n");
  const auto& body = p->module.functions[0].body;
  EXPECT_EQ(p->module.stmt(body[0]).binding, ast::Binding::Let);
  EXPECT_EQ(p->module.stmt(body[1]).binding, ast::Binding::Mut);
  EXPECT_EQ(p->module.stmt(body[2]).binding, ast::Binding::Plain);
}

TEST(ParserStatementTest, CompoundAssignment) {
  EXPECT_EQ(body_dump("    x += 1\n    x -= 2\n    x *= 3\n    x /= 4\n    x //= 5\n    x %= 6\n"
                      "    xs[0] -= 1\n    p.x *= 2\n"),
            "  x += 1\n  x -= 2\n  x *= 3\n  x /= 4\n  x //= 5\n  x %= 6\n  xs[0] -= 1\n  p.x *= 2\n");
}

TEST(ParserStatementTest, KeywordArguments) {
  EXPECT_EQ(expr_dump("f(1, b=2, c=g(3, d=4))"), "f(1, b=2, c=g(3, d=4))");
  auto p = parse_text("def f() -> None:\n    g(1,\n      key=2,\n    )\n");
  ASSERT_TRUE(p->diag_kinds().empty());
  const ast::Expr& call = p->module.expr(p->module.stmt(p->module.functions[0].body[0]).value);
  ASSERT_EQ(call.args.size(), 2u);
  EXPECT_EQ(call.args[0].keyword, "");
  EXPECT_EQ(call.args[1].keyword, "key");
  EXPECT_EQ(p->sources.line_col(call.args[1].keyword_span.file, call.args[1].keyword_span.begin).line, 3u);
}

TEST(ParserStatementTest, ReturnPassAndEllipsis) {
  EXPECT_EQ(body_dump("    pass\n    ...\n    return\n    return 1 + 2\n"),
            "  pass\n  pass\n  return\n  return (1 + 2)\n");
}

TEST(ParserDeclTest, FunctionSignatures) {
  auto p = parse_text(
      "pub def f(mut xs: list[int], n: int = 3,) -> Option[int]:\n    pass\n"
      "fn g() -> None:\n    pass\n");
  EXPECT_TRUE(p->diag_kinds().empty());
  EXPECT_EQ(p->dump(),
            "pub def f(mut xs: list[int], n: int = 3) -> Option[int]\n  pass\n"
            "def g() -> None\n  pass\n");
}

TEST(ParserDeclTest, ImportsAndAsync) {
  auto p = parse_text(
      "import std.async\nfrom std.async.time import sleep, sleep_ms as ms\nfrom std.async.task import (\n"
      "    spawn,\n)\nasync def f() -> int:\n    x = await g()\n    return x\n");
  EXPECT_TRUE(p->diag_kinds().empty());
  EXPECT_TRUE(p->module.async_enabled);
  EXPECT_EQ(p->dump(),
            "import std.async\n"
            "from std.async.time import sleep, sleep_ms as ms\n"
            "from std.async.task import spawn\n"
            "async def f() -> int\n"
            "  x = (await g())\n"
            "  return x\n");
}

TEST(ParserDeclTest, AsyncNeedsAStdAsyncImport) {
  auto p = parse_text("async def f() -> None:\n    pass\n");
  EXPECT_EQ(p->diag_kinds(), Strings{"AsyncWithoutImport@1"});
  EXPECT_EQ(p->diags.diagnostics()[0].hint, "Add `import std.async` or `from std.async import ...`");
  // Without the import, `await` is an ordinary name.
  EXPECT_EQ(expr_dump("await(1)"), "await(1)");
}

TEST(ParserDeclTest, MissingAnnotations) {
  auto p = parse_text("def f(x) -> int:\n    return x\ndef g(y: int):\n    pass\ndef h() -> None:\n    pass\n");
  EXPECT_EQ(p->diag_kinds(), (Strings{"MissingParamType@1", "MissingReturnType@3"}));
  ASSERT_EQ(p->module.functions.size(), 2u);  // g and h: recovery keeps parsing
  EXPECT_EQ(p->module.functions[1].name, "h");
}

TEST(ParserDeclTest, Docstrings) {
  auto p = parse_text(
      "\"\"\"Module docstring.\"\"\"\n"
      "def f() -> int:\n    \"\"\"Triple-quoted docstring.\"\"\"\n    return 1\n"
      "def g() -> None:\n    \"One-line docstring\"\n    \"a later string is an expression statement\"\n");
  EXPECT_TRUE(p->diag_kinds().empty());
  ASSERT_EQ(p->module.functions.size(), 2u);
  EXPECT_EQ(p->module.functions[0].docstring, "Triple-quoted docstring.");
  EXPECT_EQ(p->module.functions[1].docstring, "One-line docstring");
  EXPECT_EQ(p->dump(),
            "def f() -> int\n  return 1\n"
            "def g() -> None\n  \"a later string is an expression statement\"\n");
}

TEST(ParserDeclTest, FileWithOnlyComments) {
  auto p = parse_text("# one\n   # two, indented\n\n# three");
  EXPECT_TRUE(p->diag_kinds().empty());
  EXPECT_TRUE(p->module.functions.empty());
  EXPECT_EQ(p->dump(), "");
  auto empty = parse_text("");
  EXPECT_TRUE(empty->diag_kinds().empty());
  EXPECT_EQ(empty->dump(), "");
}

// --- errors and recovery ------------------------------------------------------------

TEST(ParserErrorTest, OneDiagnosticPerBadLine) {
  auto p = parse_text(
      "def f() -> None:\n"
      "    x = = 1\n"
      "    y = 1 +\n"
      "    z = (1 2) + 3\n"
      "    w = 4\n"
      "def g() -> None:\n"
      "    h(,)\n");
  EXPECT_EQ(p->diag_kinds(), (Strings{"ExpectedExpression@2", "ExpectedExpression@3", "UnexpectedToken@4",
                                      "ExpectedExpression@7"}));
  // The good statement after the bad ones and the next function are still parsed.
  EXPECT_NE(p->dump().find("  w = 4\n"), std::string::npos) << p->dump();
  ASSERT_EQ(p->module.functions.size(), 2u);
}

TEST(ParserErrorTest, SingleLineSuiteAndMissingBody) {
  auto p = parse_text("def f(x: int) -> int:\n    if x: return 1\n    while x:\n    return 2\n");
  EXPECT_EQ(p->diag_kinds(), (Strings{"ExpectedBlock@2", "ExpectedBlock@4"}));
  EXPECT_EQ(p->diags.diagnostics()[0].message, "expected an indented block after `:`");
}

TEST(ParserErrorTest, StatementsAtModuleLevel) {
  auto p = parse_text("x = 1\nprintln(x)\ndef main() -> None:\n    pass\n");
  EXPECT_EQ(p->diag_kinds(), (Strings{"TopLevelStatement@1", "TopLevelStatement@2"}));
  ASSERT_EQ(p->module.functions.size(), 1u);
}

TEST(ParserErrorTest, InvalidAssignmentTargets) {
  auto p = parse_text("def f() -> None:\n    g() = 1\n    a + b = 2\n    xs[0]: int = 3\n    h() += 1\n");
  EXPECT_EQ(p->diag_kinds(), (Strings{"InvalidAssignTarget@2", "InvalidAssignTarget@3", "InvalidAssignTarget@4",
                                      "InvalidAssignTarget@5"}));
}

TEST(ParserErrorTest, UnexpectedIndentRecoversTheBlock) {
  auto p = parse_text("def f() -> None:\n    x = 1\n        y = 2\n        z = 3\n    w = 4\n");
  EXPECT_EQ(p->diag_kinds(), Strings{"UnexpectedIndent@3"});
  EXPECT_NE(p->dump().find("  w = 4\n"), std::string::npos) << p->dump();
}

TEST(ParserErrorTest, NestedFunctionsAreRejected) {
  auto p = parse_text("def f() -> None:\n    def g() -> None:\n        pass\n    x = 1\n");
  EXPECT_EQ(p->diag_kinds(), Strings{"UnexpectedToken@2"});
  EXPECT_EQ(p->diags.diagnostics()[0].message, "nested functions are not supported");
}

TEST(ParserErrorTest, LexerErrorsSilenceTheParser) {
  // One mistake, one diagnostic: the unterminated string must not also be a parse error.
  auto p = parse_text("def f() -> None:\n    x = \"abc\n    y = 1 +\n");
  EXPECT_EQ(p->diag_kinds(), Strings{"UnterminatedString@2"});
}

TEST(ParserErrorTest, DeeplyNestedParenthesesReportNestingTooDeep) {
  std::string e(5000, '(');
  e += "1";
  e += std::string(5000, ')');
  auto p = parse_text("def f() -> None:\n    x = " + e + "\n    y = 2\n");
  EXPECT_EQ(p->diag_kinds(), Strings{"NestingTooDeep@2"});
}

TEST(ParserErrorTest, DeeplyNestedOperatorsReportNestingTooDeep) {
  std::string minus, nots, pow = "2";
  for (int i = 0; i < 20000; ++i) minus += "-";
  for (int i = 0; i < 20000; ++i) nots += "not ";
  for (int i = 0; i < 20000; ++i) pow += " ** 2";
  for (const std::string& e : {minus + "1", nots + "a", pow}) {
    auto p = parse_text("def f() -> None:\n    x = " + e + "\n");
    EXPECT_EQ(p->diag_kinds(), Strings{"NestingTooDeep@2"}) << e.substr(0, 20);
  }
}

TEST(ParserErrorTest, DeeplyNestedBlocksReportNestingTooDeep) {
  std::string src = "def f() -> None:\n";
  for (int depth = 1; depth <= 400; ++depth) src += std::string(depth * 4, ' ') + "if a:\n";
  src += std::string(401 * 4, ' ') + "pass\n";
  auto p = parse_text(src);
  ASSERT_EQ(p->diag_kinds().size(), 1u);
  EXPECT_EQ(p->diag_kinds()[0].substr(0, 15), "NestingTooDeep@");
}

TEST(ParserErrorTest, NestingBelowTheLimitIsFine) {
  std::string e(150, '(');
  e += "1";
  e += std::string(150, ')');
  EXPECT_EQ(expr_dump("x = " + e), "x = 1");
}

// Long postfix chains must not leak nesting depth from one statement into the next.
TEST(ParserErrorTest, LongPostfixChainsDoNotLeakNestingDepth) {
  std::string chain = "xs";
  for (int i = 0; i < 210; ++i) chain += ".b";
  std::string src = "def f() -> None:\n";
  for (int i = 0; i < 30; ++i) src += "    y = " + chain + "\n";
  auto one = parse_text("def f() -> None:\n    y = " + chain + "\n");
  auto many = parse_text(src);
  EXPECT_EQ(many->diag_kinds(), one->diag_kinds());
}

}  // namespace
}  // namespace incan::parse
