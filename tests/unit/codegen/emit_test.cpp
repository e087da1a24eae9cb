// Tests for the C++ emitter: small programs are lexed, parsed, checked and emitted,
// and key fragments of the C++ text are checked (checked arithmetic functions, `#line`,
// hoisting of awaits and of calls for left-to-right evaluation, names, types).
#include "codegen/codegen.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "frontend/diag/render.h"
#include "frontend/lex/lexer.h"
#include "frontend/parse/parser.h"
#include "typecheck/checker.h"

namespace incan::cg {
namespace {

struct Compiled {
  SourceManager sources;
  DiagnosticEmitter diags;
  lex::TokenBuffer tokens;
  ast::Module module;
  std::optional<sema::Program> program;
};

// Compiles `source` (a leading newline is dropped) and returns the C++ text, or ""
// after a test failure if the program has errors.
std::string emit(std::string_view source, bool line_directives = false) {
  if (!source.empty() && source.front() == '\n') source.remove_prefix(1);
  auto c = std::make_unique<Compiled>();
  FileId file = c->sources.add_file("t.incn", std::string(source));
  c->tokens = lex::lex(c->sources, file, c->diags);
  c->module = parse::parse(c->sources, c->tokens, c->diags);
  if (!c->diags.has_errors()) c->program.emplace(sema::check(c->module, c->diags));
  if (c->diags.has_errors()) {
    ADD_FAILURE() << "the test program has errors:\n" << render_text(c->diags.sorted(c->sources), c->sources, false);
    return "";
  }
  EmitOptions options;
  options.line_directives = line_directives;
  options.source_name = "t.incn";
  return emit_cpp(*c->program, c->sources, options);
}

::testing::AssertionResult Contains(const std::string& cpp, std::string_view fragment) {
  if (cpp.find(fragment) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "missing `" << fragment << "` in:\n" << cpp;
}

::testing::AssertionResult Lacks(const std::string& cpp, std::string_view fragment) {
  if (cpp.find(fragment) == std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "unexpected `" << fragment << "` in:\n" << cpp;
}

// `first` occurs, and before `second`.
::testing::AssertionResult InOrder(const std::string& cpp, std::string_view first, std::string_view second) {
  auto a = cpp.find(first), b = cpp.find(second);
  if (a != std::string::npos && b != std::string::npos && a < b) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "`" << first << "` is not before `" << second << "` in:\n" << cpp;
}

std::size_t count(const std::string& cpp, std::string_view fragment) {
  std::size_t n = 0;
  for (auto at = cpp.find(fragment); at != std::string::npos; at = cpp.find(fragment, at + 1)) ++n;
  return n;
}

// --- arithmetic (LANGUAGE.md 7.4) ----------------------------------------------------------

TEST(EmitArithmeticTest, IntOperatorsUseCheckedFunctions) {
  std::string cpp = emit(R"(
def f(a: int, b: int) -> int:
    return a + b - a * b
def g(a: float, b: int) -> float:
    return a + b
)");
  EXPECT_TRUE(Contains(cpp, "return incan::isub(incan::iadd(a, b), incan::imul(a, b));"));
  EXPECT_TRUE(Contains(cpp, "return (a + static_cast<double>(b));"));
}

TEST(EmitArithmeticTest, DivisionModuloAndPower) {
  std::string cpp = emit(R"(
def main() -> None:
    e = 3
    a = 7 / 2
    b = -7 // 2
    c = -7 % 3
    d = 2 ** 3
    f = 2 ** e
    g = 7.5 % 2
)");
  EXPECT_TRUE(Contains(cpp, "double a = incan::true_div(static_cast<double>(7L), static_cast<double>(2L));"));
  EXPECT_TRUE(Contains(cpp, "std::int64_t b = incan::floordiv(incan::ineg(7L), 2L);"));
  EXPECT_TRUE(Contains(cpp, "std::int64_t c = incan::imod(incan::ineg(7L), 3L);"));
  EXPECT_TRUE(Contains(cpp, "std::int64_t d = incan::ipow(2L, 3L);"));
  EXPECT_TRUE(Contains(cpp, "double f = incan::fpow(static_cast<double>(2L), static_cast<double>(e));"));
  EXPECT_TRUE(Contains(cpp, "double g = incan::fmod_py(7.5, static_cast<double>(2L));"));
}

TEST(EmitArithmeticTest, CompoundAssignment) {
  std::string cpp = emit(R"(
def main() -> None:
    mut x = 1
    x += 2
    x //= 2
    mut y = 1.5
    y /= 2
    y -= 1
    mut s = "a"
    s += "b"
    xs = [1]
    xs[0] *= 3
)");
  EXPECT_TRUE(Contains(cpp, "x = incan::iadd(x, 2L);"));
  EXPECT_TRUE(Contains(cpp, "x = incan::floordiv(x, 2L);"));
  EXPECT_TRUE(Contains(cpp, "y = incan::true_div(y, static_cast<double>(2L));"));
  EXPECT_TRUE(Contains(cpp, "y = y - static_cast<double>(1L);"));
  EXPECT_TRUE(Contains(cpp, "s += std::string(\"b\");"));
  EXPECT_TRUE(Contains(cpp, "auto& tmp_1_ = xs.at(0L);\n  tmp_1_ = incan::imul(tmp_1_, 3L);"));
}

TEST(EmitArithmeticTest, LiteralsAndComparisons) {
  std::string cpp = emit(R"(
def main() -> None:
    a = 1.0
    b = 0.1
    c = 1e300
    d = 2.5e-3
    e = 9223372036854775807
    f = True and not false
    g = 1 <= 2.5
)");
  EXPECT_TRUE(Contains(cpp, "double a = 1.0;"));
  EXPECT_TRUE(Contains(cpp, "double b = 0.1;"));
  EXPECT_TRUE(Contains(cpp, "double c = 1e+300;"));
  EXPECT_TRUE(Contains(cpp, "double d = 0.0025;"));
  EXPECT_TRUE(Contains(cpp, "std::int64_t e = 9223372036854775807L;"));
  EXPECT_TRUE(Contains(cpp, "bool f = (true && (!false));"));
  EXPECT_TRUE(Contains(cpp, "bool g = (static_cast<double>(1L) <= 2.5);"));
}

// --- program layout and #line -----------------------------------------------------------

TEST(EmitLayoutTest, LineDirectivesOnlyWhenRequested) {
  const char* source = R"(
def main() -> None:
    x = 1

    println(x)
)";
  std::string with = emit(source, true);
  EXPECT_TRUE(InOrder(with, "#line 1 \"t.incn\"\nvoid main_() {", "#line 2 \"t.incn\"\n  std::int64_t x = 1L;"));
  EXPECT_TRUE(Contains(with, "#line 4 \"t.incn\"\n  incan::println(incan::to_display(x));"));
  std::string without = emit(source, false);
  EXPECT_TRUE(Lacks(without, "#line"));
  EXPECT_TRUE(Contains(without, "std::int64_t x = 1L;\n  incan::println(incan::to_display(x));"));
}

TEST(EmitLayoutTest, ForwardDeclarationsPrecedeDefinitionsAndMainWrapsUserMain) {
  std::string cpp = emit(R"(
def f(mut xs: list[int], mut n: int, s: str, ys: list[list[float]]) -> bool:
    return true
def g() -> None:
    pass
def main() -> None:
    g()
)");
  EXPECT_TRUE(Contains(cpp, "#include <incan/prelude.h>"));
  EXPECT_TRUE(Contains(cpp, "namespace incan_user {"));
  // In-out `mut` parameters by reference, scalars by value, read-only heavy values by const reference.
  EXPECT_TRUE(Contains(cpp, "bool f(incan::list<std::int64_t>& xs, std::int64_t n, const std::string& s, "
                            "const incan::list<incan::list<double>>& ys);\n"));
  EXPECT_TRUE(InOrder(cpp, "void g();", "bool f(incan::list<std::int64_t>& xs, std::int64_t n, const std::string& s, "
                                        "const incan::list<incan::list<double>>& ys) {"));
  EXPECT_TRUE(Contains(cpp, "int main(int argc, char** argv) {\n  incan::set_program_args(argc, argv);\n  return incan::rt::run_main(&incan_user::main_);\n}\n"));
}

TEST(EmitLayoutTest, ReferenceArgumentsAreCopiedWhenACallAlsoPassesAnInOutArgument) {
  std::string cpp = emit(R"(
def grow(mut xs: list[int], snapshot: list[int]) -> int:
    xs.append(9)
    return len(snapshot)
def size(xs: list[int]) -> int:
    return len(xs)
def main() -> None:
    mut a = [1]
    println(grow(a, a))
    println(size(a))
)");
  EXPECT_TRUE(Contains(cpp, "grow(a, incan::list<std::int64_t>(a))")) << cpp;
  EXPECT_TRUE(Contains(cpp, "size(a)")) << cpp;
}

TEST(EmitLayoutTest, OutputIsDeterministic) {
  const char* source = R"(
def trace(v: int) -> int:
    return v
def main() -> None:
    x = trace(1) + trace(2)
    y = trace(3) * trace(4)
)";
  std::string first = emit(source, true);
  EXPECT_EQ(first, emit(source, true));
  // Temporaries are numbered per function, in source order.
  EXPECT_TRUE(InOrder(first, "std::int64_t tmp_1_ = trace(1L);", "std::int64_t tmp_2_ = trace(3L);"));
}

// --- names ------------------------------------------------------------------------------

TEST(EmitNamesTest, KeywordsAndTrailingUnderscoresAreMangled) {
  std::string cpp = emit(R"(
def switch(auto: int) -> int:
    return auto
def main() -> None:
    new = switch(1)
    x_ = new
    println(x_)
)");
  EXPECT_TRUE(Contains(cpp, "std::int64_t switch_(std::int64_t auto_);"));
  EXPECT_TRUE(Contains(cpp, "return auto_;"));
  EXPECT_TRUE(Contains(cpp, "std::int64_t new_ = switch_(1L);"));
  EXPECT_TRUE(Contains(cpp, "std::int64_t x_u = new_;"));
  EXPECT_TRUE(Contains(cpp, "void main_();"));
}

TEST(EmitNamesTest, ShadowedLocalsGetNumberedNames) {
  std::string cpp = emit(R"(
def main() -> None:
    x = 1
    let x = 2
    if true:
        let x = 3
        println(x)
    for i in range(2):
        pass
    for i in 0..2:
        pass
    println(x)
)");
  EXPECT_TRUE(Contains(cpp, "std::int64_t x = 1L;"));
  EXPECT_TRUE(Contains(cpp, "std::int64_t x_2_ = 2L;"));
  EXPECT_TRUE(Contains(cpp, "std::int64_t x_3_ = 3L;\n    incan::println(incan::to_display(x_3_));"));
  EXPECT_TRUE(Contains(cpp, "for (std::int64_t i : incan::range_view(2L)) {"));
  EXPECT_TRUE(Contains(cpp, "for (std::int64_t i_2_ : incan::range_view(0L, 2L)) {"));
  EXPECT_TRUE(Contains(cpp, "  incan::println(incan::to_display(x_2_));\n}"));
}

// --- evaluation order -----------------------------------------------------------------------

TEST(EmitOrderTest, CallArgumentsAreHoistedLeftToRight) {
  std::string cpp = emit(R"(
def trace(v: int) -> int:
    return v
def combine(a: int, b: int, c: int) -> int:
    return a + b + c
def main() -> None:
    x = combine(trace(1), trace(2), trace(3))
    y = combine(trace(4), c=trace(6), b=trace(5))
)");
  EXPECT_TRUE(Contains(cpp,
                       "  std::int64_t tmp_1_ = trace(1L);\n"
                       "  std::int64_t tmp_2_ = trace(2L);\n"
                       "  std::int64_t x = combine(tmp_1_, tmp_2_, trace(3L));\n"));
  // Keyword arguments run in source order and are then passed by parameter.
  EXPECT_TRUE(Contains(cpp,
                       "  std::int64_t tmp_3_ = trace(4L);\n"
                       "  std::int64_t tmp_4_ = trace(6L);\n"
                       "  std::int64_t y = combine(tmp_3_, trace(5L), tmp_4_);\n"));
}

TEST(EmitOrderTest, OperandsAreHoistedOnlyWhenBothHaveEffects) {
  std::string cpp = emit(R"(
def trace(v: int) -> int:
    return v
def main() -> None:
    z = trace(7) - trace(8)
    w = trace(9) + 1
    v = 2 * trace(10)
    xs = [trace(11), 12, trace(13)]
)");
  EXPECT_TRUE(Contains(cpp, "std::int64_t tmp_1_ = trace(7L);\n  std::int64_t z = incan::isub(tmp_1_, trace(8L));"));
  EXPECT_TRUE(Contains(cpp, "std::int64_t w = incan::iadd(trace(9L), 1L);"));
  EXPECT_TRUE(Contains(cpp, "std::int64_t v = incan::imul(2L, trace(10L));"));
  EXPECT_TRUE(Contains(cpp, "std::int64_t tmp_2_ = trace(11L);\n"
                            "  incan::list<std::int64_t> xs = incan::list<std::int64_t>{tmp_2_, 12L, trace(13L)};"));
  EXPECT_EQ(count(cpp, "tmp_3_"), 0u);
}

TEST(EmitOrderTest, ShortCircuitRightOperandKeepsItsHoistsConditional) {
  std::string cpp = emit(R"(
def check(v: int) -> bool:
    return v > 0
def main() -> None:
    ok = check(1) and check(2) == check(3)
    no = check(4) or check(5) != check(6)
)");
  EXPECT_TRUE(Contains(cpp,
                       "  bool tmp_2_ = check(1L);\n"
                       "  if (tmp_2_) {\n"
                       "    bool tmp_1_ = check(2L);\n"
                       "    tmp_2_ = (tmp_1_ == check(3L));\n"
                       "  }\n"
                       "  bool ok = tmp_2_;\n"));
  EXPECT_TRUE(Contains(cpp, "  if (!tmp_4_) {\n"));
}

TEST(EmitOrderTest, WhileConditionWithHoistsIsReevaluatedEachIteration) {
  std::string cpp = emit(R"(
def g(v: int) -> int:
    return v
def main() -> None:
    mut i = 0
    while g(i) < g(3):
        i += 1
    while i > 0:
        i -= 1
)");
  EXPECT_TRUE(Contains(cpp,
                       "  while (true) {\n"
                       "    std::int64_t tmp_1_ = g(i);\n"
                       "    if (!((tmp_1_ < g(3L)))) break;\n"
                       "    i = incan::iadd(i, 1L);\n"
                       "  }\n"));
  EXPECT_TRUE(Contains(cpp, "  while ((i > 0L)) {\n"));
}

TEST(EmitOrderTest, ElifWithoutHoistsIsAnElseIf) {
  std::string cpp = emit(R"(
def g(v: int) -> int:
    return v
def main() -> None:
    if g(0) == 1:
        println("a")
    elif g(1) == 2:
        println("b")
    else:
        println("c")
)");
  EXPECT_TRUE(Contains(cpp, "  if ((g(0L) == 1L)) {\n"));
  EXPECT_TRUE(Contains(cpp, "  } else if ((g(1L) == 2L)) {\n"));
  EXPECT_TRUE(Contains(cpp, "  } else {\n    incan::println(std::string(\"c\"));\n  }\n"));
}

// An elif condition that needs hoisted statements is emitted (and so runs) once.
TEST(EmitOrderTest, ElifConditionWithHoistsIsEvaluatedOnce) {
  std::string cpp = emit(R"(
def g(v: int) -> int:
    return v
def main() -> None:
    if g(0) == 1:
        pass
    elif g(1) == g(2):
        pass
)");
  EXPECT_EQ(count(cpp, "g(1L)"), 1u) << cpp;
  EXPECT_EQ(count(cpp, "g(2L)"), 1u) << cpp;
}

// --- async --------------------------------------------------------------------------------

TEST(EmitAsyncTest, AwaitsAreHoistedIntoTemporaries) {
  std::string cpp = emit(R"(
import std.async
async def num(n: int) -> int:
    return n
async def main() -> None:
    x = 1 + await num(2)
    println(await num(3))
    await num(4)
    y = await num(5)
)");
  EXPECT_TRUE(Contains(cpp, "incan::rt::task<std::int64_t> num(std::int64_t n) {\n  co_return n;\n}"));
  EXPECT_TRUE(Contains(cpp, "  std::int64_t tmp_1_ = co_await num(2L);\n  std::int64_t x = incan::iadd(1L, tmp_1_);\n"));
  EXPECT_TRUE(Contains(cpp, "  std::int64_t tmp_2_ = co_await num(3L);\n  incan::println(incan::to_display(tmp_2_));\n"));
  // Statement-level awaits and the initializer of a binding need no temporary.
  EXPECT_TRUE(Contains(cpp, "  co_await num(4L);\n"));
  EXPECT_TRUE(Contains(cpp, "  std::int64_t y = co_await num(5L);\n"));
  EXPECT_TRUE(Contains(cpp, "  co_return;\n}"));
  EXPECT_TRUE(Contains(cpp, "incan::rt::run_async_main(&incan_user::main_);"));
}

TEST(EmitAsyncTest, AwaitsInsideConditionsAndArgumentsStayInOrder) {
  std::string cpp = emit(R"(
import std.async
async def num(n: int) -> int:
    return n
async def main() -> None:
    if await num(1) < await num(2):
        pass
    println(await num(3) - await num(4))
)");
  EXPECT_TRUE(InOrder(cpp, "co_await num(1L);", "co_await num(2L);"));
  EXPECT_TRUE(InOrder(cpp, "co_await num(2L);", "if ("));
  EXPECT_TRUE(InOrder(cpp, "co_await num(3L);", "co_await num(4L);"));
  // No co_await is left inside a larger expression.
  for (std::size_t at = cpp.find("co_await"); at != std::string::npos; at = cpp.find("co_await", at + 1)) {
    std::size_t line_start = cpp.rfind('\n', at) + 1;
    std::string prefix = cpp.substr(line_start, at - line_start);
    EXPECT_NE(prefix.find("= "), std::string::npos) << "co_await not hoisted: " << cpp.substr(line_start, 80);
  }
}

TEST(EmitAsyncTest, UnitValuesAndUnawaitedCalls) {
  std::string cpp = emit(R"(
import std.async
def nothing() -> None:
    pass
async def work() -> None:
    pass
async def main() -> None:
    x = nothing()
    work()
    _ = nothing()
)");
  EXPECT_TRUE(Contains(cpp, "incan::unit x = (nothing(), incan::unit{});"));
  EXPECT_TRUE(Contains(cpp, "(void)work();  // not awaited: the coroutine never runs"));
  EXPECT_TRUE(Contains(cpp, "(void)(nothing(), incan::unit{});"));
}

// --- statements and values -------------------------------------------------------------------

TEST(EmitStatementTest, ForLoopsOverStringsListsAndMutatedLists) {
  std::string cpp = emit(R"(
def main() -> None:
    s = "héllo"
    for ch in s:
        println(ch)
    xs = [1, 2]
    for x in xs:
        xs.append(x)
    names = ["a"]
    for n in names:
        println(n)
)");
  EXPECT_TRUE(Contains(cpp, "for (const std::string& ch : incan::str_chars(s)) {"));
  // The body changes `xs`: the loop runs over a snapshot.
  EXPECT_TRUE(Contains(cpp, "const auto tmp_1_ = xs;\n    for (std::int64_t x : tmp_1_) {"));
  EXPECT_TRUE(Contains(cpp, "for (const std::string& n : names) {"));
}

TEST(EmitStatementTest, StringLiteralsAreEscaped) {
  std::string cpp = emit(R"(
def main() -> None:
    s = "quote \" backslash \\ tab \t newline \n verbatim \0 ?? end"
    t = """line1
line2"""
)");
  EXPECT_TRUE(Contains(cpp, R"(std::string s = std::string("quote \" backslash \\ tab \t newline \n verbatim \\0 ?? end");)"));
  EXPECT_TRUE(Contains(cpp, R"(std::string t = std::string("line1\nline2");)"));
}

TEST(EmitStatementTest, FStringsConcatenateDisplayAndDebugParts) {
  std::string cpp = emit(R"(
def main() -> None:
    n = 1
    s = "x"
    a = f"n={n} s={s} d={s:?}"
    b = f"{s}"
    c = f"{n}"
    e = f""
)");
  EXPECT_TRUE(Contains(cpp, "std::string a = (std::string(\"n=\") + incan::to_display(n) + \" s=\" + s + \" d=\" + "
                            "incan::to_debug(s));"));
  EXPECT_TRUE(Contains(cpp, "std::string b = std::string(s);"));
  EXPECT_TRUE(Contains(cpp, "std::string c = incan::to_display(n);"));
  EXPECT_TRUE(Contains(cpp, "std::string e = std::string();"));
}

TEST(EmitStatementTest, BuiltinsAndMethods) {
  std::string cpp = emit(R"(
def main() -> None:
    xs = [3, 1]
    s = " a "
    a = len(xs) + len(s)
    b = s.strip().upper()
    c = sorted(xs)
    xs.append(4)
    d = "a" in s
    e = 2 in xs
)");
  EXPECT_TRUE(Contains(cpp, "std::int64_t tmp_1_ = incan::len(xs);\n"
                            "  std::int64_t a = incan::iadd(tmp_1_, incan::str_len(s));"));
  EXPECT_TRUE(Contains(cpp, "std::string b = incan::str_upper(incan::str_strip(s));"));
  EXPECT_TRUE(Contains(cpp, "incan::list<std::int64_t> c = incan::sorted(xs);"));
  EXPECT_TRUE(Contains(cpp, "xs.append(4L);"));
  EXPECT_TRUE(Contains(cpp, "bool d = incan::str_contains(s, std::string(\"a\"));"));
  EXPECT_TRUE(Contains(cpp, "bool e = xs.contains(2L);"));
}

TEST(EmitStatementTest, MutParametersArePassedByReference) {
  std::string cpp = emit(R"(
def fill(mut xs: list[int], mut n: int) -> None:
    xs.append(n)
    n += 1
def main() -> None:
    ys = [1]
    fill(ys, 2)
    fill([5], 3)
)");
  EXPECT_TRUE(Contains(cpp, "void fill(incan::list<std::int64_t>& xs, std::int64_t n);"));
  EXPECT_TRUE(Contains(cpp, "fill(ys, 2L);"));
  // A temporary gets a named local so that it can bind to the reference.
  EXPECT_TRUE(Contains(cpp, "incan::list<std::int64_t> tmp_1_ = incan::list<std::int64_t>{5L};\n  fill(tmp_1_, 3L);"));
}

// A 12000-term `+` chain: the parser stops it at its operator limit, so the
// recursive emitter never sees a tree that deep.
TEST(EmitDeathTest, LongOperatorChainDoesNotOverflowTheStack) {
  std::string source = "def main() -> None:\n    x = 1";
  for (int i = 0; i < 12000; ++i) source += " + 1";
  source += "\n    println(x)\n";
  // Any verdict is fine (a diagnostic or C++ text), as long as the process survives.
  EXPECT_EXIT(
      {
        emit(source);
        std::exit(0);
      },
      ::testing::ExitedWithCode(0), "");
}

}  // namespace
}  // namespace incan::cg
