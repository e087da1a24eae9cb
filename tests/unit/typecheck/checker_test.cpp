// Tests for the type checker: every diagnostic kind it emits (with 1-based lines),
// expression types (LANGUAGE.md 7.4), bindings and mutability (4.1, 4.3), block
// scoping, async rules, returns, and keyword-argument binding.
#include "typecheck/checker.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "frontend/diag/render.h"
#include "frontend/lex/lexer.h"
#include "frontend/parse/parser.h"

namespace incan::sema {
namespace {

// One diagnostic as the tests pin it: its kind name and 1-based line.
struct KindLine {
  std::string kind;
  std::uint32_t line = 0;
  friend bool operator==(const KindLine& a, const KindLine& b) { return a.kind == b.kind && a.line == b.line; }
  friend std::ostream& operator<<(std::ostream& os, const KindLine& d) { return os << d.kind << "@" << d.line; }
};
using KindLines = std::vector<KindLine>;

// Lex, parse and check `source` (a leading newline is dropped, so raw strings can
// start on their own line). Kept on the heap: Program points into the module.
struct Checked {
  SourceManager sources;
  DiagnosticEmitter diags;
  lex::TokenBuffer tokens;
  ast::Module module;
  std::optional<Program> program;

  KindLines kinds() const {
    KindLines out;
    for (const Diagnostic& d : diags.sorted(sources))
      out.push_back({std::string(diag_info(d.kind).name), sources.line_col(d.span.file, d.span.begin).line});
    return out;
  }
  const Diagnostic& only() const {
    EXPECT_EQ(diags.diagnostics().size(), 1u);
    return diags.diagnostics().front();
  }
  // The type of the local named `name` (the last one declared with that name).
  std::string type_of_local(std::string_view name) const {
    std::string found = "<no local " + std::string(name) + ">";
    for (const Local& local : program->locals)
      if (local.name == name) found = program->types.name(local.type);
    return found;
  }
  // The first call expression whose callee is the name `callee`.
  ast::ExprId call_to(std::string_view callee) const {
    for (std::uint32_t i = 0; i < module.exprs.size(); ++i) {
      const ast::Expr& e = module.exprs[i];
      if (e.kind == ast::ExprKind::Call && module.expr(e.lhs).kind == ast::ExprKind::Name &&
          module.expr(e.lhs).text == callee)
        return ast::ExprId(i);
    }
    ADD_FAILURE() << "no call to " << callee;
    return ast::ExprId::invalid();
  }
};

std::unique_ptr<Checked> check_source(std::string_view source) {
  if (!source.empty() && source.front() == '\n') source.remove_prefix(1);
  auto c = std::make_unique<Checked>();
  FileId file = c->sources.add_file("t.incn", std::string(source));
  c->tokens = lex::lex(c->sources, file, c->diags);
  c->module = parse::parse(c->sources, c->tokens, c->diags);
  if (c->diags.has_errors()) {
    ADD_FAILURE() << "the test program does not parse:\n" << render_text(c->diags.sorted(c->sources), c->sources, false);
    return c;
  }
  c->program.emplace(check(c->module, c->diags));
  return c;
}

KindLines diags_of(std::string_view source) { return check_source(source)->kinds(); }

// The type of `expr` when bound as `probe = expr` after `setup` lines in `main`.
std::string type_of(const std::string& expr, const std::string& setup = "") {
  auto c = check_source("def main() -> None:\n" + setup + "    probe = " + expr + "\n");
  EXPECT_EQ(c->kinds(), KindLines{}) << expr;
  if (!c->program) return "<no program>";
  return c->type_of_local("probe");
}

// --- one case per kind and emission site ---------------------------------------------

struct ErrorCase {
  const char* name;
  const char* source;
  KindLines expected;
};

std::ostream& operator<<(std::ostream& os, const ErrorCase& c) { return os << c.name; }

class CheckerErrorTest : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(CheckerErrorTest, ReportsExactlyTheExpectedDiagnostics) {
  EXPECT_EQ(diags_of(GetParam().source), GetParam().expected) << GetParam().source;
}

const ErrorCase kErrorCases[] = {
    {"UnknownName", R"(
def main() -> None:
    x = 1
    println(y)
)",
     {{"UnknownName", 3}}},
    {"UnknownNameInDefaultValue", R"(
def f(a: int = b) -> int:
    return a
)",
     {{"UnknownName", 1}}},
    {"UnknownTypes", R"(
def f(x: string) -> None:
    y: Foo = 1
def g() -> list[int, str]:
    pass
)",
     {{"UnknownType", 1}, {"UnknownType", 2}, {"UnknownType", 3}}},
    {"TypeMismatchInBindingArgumentAndReturn", R"(
def f(x: int) -> int:
    return "one"
def main() -> None:
    y: int = "a"
    f(2.5)
    mut z = 1
    z = "s"
)",
     {{"TypeMismatch", 2}, {"TypeMismatch", 4}, {"TypeMismatch", 5}, {"TypeMismatch", 7}}},
    {"TypeMismatchForMissingReturnValue", R"(
def f() -> int:
    return
)",
     {{"TypeMismatch", 2}}},
    {"TypeMismatchForFunctionsAndBuiltinsAsValues", R"(
def f() -> None:
    pass
def main() -> None:
    a = f
    b = len
)",
     {{"TypeMismatch", 4}, {"TypeMismatch", 5}}},
    {"TypeMismatchInListAndBoolOperators", R"(
def main() -> None:
    xs = [1, "a"]
    b = not 1
    c = 1 and true
)",
     {{"TypeMismatch", 2}, {"TypeMismatch", 3}, {"TypeMismatch", 4}}},
    {"TypeMismatchInBuiltinArgumentsIndexAndRange", R"(
def main() -> None:
    n = len(5)
    xs = [1, 2]
    x = xs["a"]
    for i in 0..2.5:
        pass
    sleep_like = abs("s")
)",
     {{"TypeMismatch", 2}, {"TypeMismatch", 4}, {"TypeMismatch", 5}, {"TypeMismatch", 7}}},
    {"TupleArityForTargets", R"(
def main() -> None:
    for a, b in [1, 2]:
        pass
)",
     {{"TupleArity", 2}}},
    {"WrongArgCount", R"(
def f(x: int) -> int:
    return x
def main() -> None:
    a = f(1, 2)
    b = len()
    c = range(1, 2, 3, 4)
)",
     {{"WrongArgCount", 4}, {"WrongArgCount", 5}, {"WrongArgCount", 6}}},
    {"UnknownKeywordArg", R"(
def f(x: int) -> int:
    return x
def main() -> None:
    a = f(y=1)
    b = len(x=[1])
)",
     {{"UnknownKeywordArg", 4}, {"UnknownKeywordArg", 5}}},
    {"DuplicateArg", R"(
def f(x: int, y: int) -> int:
    return x
def main() -> None:
    a = f(1, x=2)
    b = f(x=1, x=2, y=3)
)",
     {{"DuplicateArg", 4}, {"DuplicateArg", 5}}},
    {"MissingArg", R"(
def f(x: int, y: int = 2) -> int:
    return x
def main() -> None:
    a = f(y=3)
)",
     {{"MissingArg", 4}}},
    {"PositionalAfterKeyword", R"(
def f(x: int, y: int) -> int:
    return x
def main() -> None:
    a = f(x=1, 2)
)",
     {{"UnexpectedToken", 4}}},
    {"InvalidOperands", R"(
def main() -> None:
    a = "a" + 1
    b = -"s"
    c = 1 == "a"
    d = [1] < ["a"]
    e = 1 in 2
    f = 1 is None
    mut s = "x"
    s -= "y"
)",
     {{"InvalidOperands", 2},
      {"InvalidOperands", 3},
      {"InvalidOperands", 4},
      {"InvalidOperands", 5},
      {"InvalidOperands", 6},
      {"InvalidOperands", 7},
      {"InvalidOperands", 9}}},
    {"NotCallable", R"(
def f() -> int:
    return 1
def main() -> None:
    f = 3
    x = f()
)",
     {{"NotCallable", 5}}},
    {"UnknownMember", R"(
def main() -> None:
    s = "a"
    a = s.format()
    xs = [1]
    xs.push(2)
    n = xs.size
    ys = [[1]]
    ys.sort()
)",
     {{"UnknownMember", 3}, {"UnknownMember", 5}, {"UnknownMember", 6}, {"UnknownMember", 8}}},
    {"NotIndexable", R"(
def main() -> None:
    x = 5
    y = x[0]
)",
     {{"NotIndexable", 3}}},
    {"NotIterable", R"(
def main() -> None:
    for i in 5:
        pass
)",
     {{"NotIterable", 2}}},
    {"ConditionNotBool", R"(
def main() -> None:
    if 1:
        pass
    elif "s":
        pass
    while [1]:
        pass
)",
     {{"ConditionNotBool", 2}, {"ConditionNotBool", 4}, {"ConditionNotBool", 6}}},
    {"EmptyListType", R"(
def main() -> None:
    xs = []
    ys: list[int] = []
)",
     {{"EmptyListType", 2}}},
    {"DuplicateDefinition", R"(
def f(a: int, a: int) -> None:
    pass
def f() -> None:
    pass
)",
     {{"DuplicateDefinition", 1}, {"DuplicateDefinition", 3}}},
    {"UnsupportedImport", R"(
import math
from std.async.net import connect
from std.async.time import sleep, teleport
def main() -> None:
    pass
)",
     {{"UnsupportedImport", 1}, {"UnsupportedImport", 2}, {"UnsupportedImport", 3}}},
    {"InvalidMainParameters", R"(
def main(x: int) -> None:
    pass
)",
     {{"InvalidMain", 1}}},
    {"InvalidMainReturnType", R"(
def main() -> int:
    return 0
)",
     {{"InvalidMain", 1}}},
    {"ImmutableAssign", R"(
def main() -> None:
    x = 1
    x = 2
    let y = 1
    y += 1
    for i in range(3):
        i = 0
)",
     {{"ImmutableAssign", 3}, {"ImmutableAssign", 5}, {"ImmutableAssign", 7}}},
    {"ImmutableAssignToParameter", R"(
def f(n: int) -> None:
    n = 2
    n += 1
)",
     {{"ImmutableAssign", 2}, {"ImmutableAssign", 3}}},
    {"MissingReturn", R"(
def f(x: int) -> int:
    if x > 0:
        return 1
)",
     {{"MissingReturn", 1}}},
    {"BreakAndContinueOutsideLoop", R"(
def main() -> None:
    if true:
        break
    continue
)",
     {{"BreakOutsideLoop", 3}, {"ContinueOutsideLoop", 4}}},
    {"ReturnValueInNone", R"(
def f() -> None:
    return 1
)",
     {{"ReturnValueInNone", 2}}},
    {"MutateImmutableParam", R"(
def f(xs: list[int]) -> None:
    xs.append(1)
    xs[0] = 2
    xs[1] += 3
)",
     {{"MutateImmutableParam", 2}, {"MutateImmutableParam", 3}, {"MutateImmutableParam", 4}}},
    {"StringsAreImmutable", R"(
def main() -> None:
    s = "abc"
    s[0] = "x"
)",
     {{"InvalidAssignTarget", 3}}},
    {"AwaitOutsideAsync", R"(
import std.async
async def fetch() -> int:
    return 1
def main() -> None:
    x = await fetch()
)",
     {{"AwaitOutsideAsync", 5}}},
    {"NotAwaitable", R"(
import std.async
async def main() -> None:
    x = await 1
)",
     {{"NotAwaitable", 3}}},
    {"UnawaitedAsyncCall", R"(
import std.async
async def work() -> None:
    pass
async def main() -> None:
    work()
)",
     {{"UnawaitedAsyncCall", 5}}},
    {"AwaitableCannotBeFormatted", R"(
import std.async
async def work() -> int:
    return 1
async def main() -> None:
    println(work())
    s = f"{work()}"
)",
     {{"TypeMismatch", 5}, {"TypeMismatch", 6}}},
    {"SpawnNeedsAnAsyncCallAndAnImport", R"(
import std.async
from std.async.task import spawn
def main() -> None:
    h = spawn(1)
    sleep(1.0)
)",
     {{"TypeMismatch", 4}, {"UnknownName", 5}}},
};

INSTANTIATE_TEST_SUITE_P(AllKinds, CheckerErrorTest, ::testing::ValuesIn(kErrorCases),
                         [](const ::testing::TestParamInfo<ErrorCase>& info) { return std::string(info.param.name); });

TEST(CheckerErrorTest, EveryKindTheCheckerEmitsHasACase) {
  // The kinds that typecheck/*.cpp emits.
  const std::set<std::string> emitted = {
      "AwaitOutsideAsync", "BreakOutsideLoop",  "ConditionNotBool",     "ContinueOutsideLoop",
      "DuplicateArg",      "DuplicateDefinition", "EmptyListType",      "ImmutableAssign",
      "InvalidAssignTarget", "InvalidMain",     "InvalidOperands",      "MissingArg",
      "MissingReturn",     "MutateImmutableParam", "NotAwaitable",      "NotCallable",
      "NotIndexable",      "NotIterable",       "ReturnValueInNone",    "TypeMismatch",
      "UnawaitedAsyncCall", "UnexpectedToken",  "UnknownKeywordArg",    "UnknownMember",
      "UnknownName",       "UnknownType",       "UnsupportedImport",    "WrongArgCount",
  };
  std::set<std::string> covered;
  for (const ErrorCase& c : kErrorCases)
    for (const KindLine& d : c.expected) covered.insert(d.kind);
  for (const std::string& kind : emitted) EXPECT_TRUE(covered.count(kind)) << kind << " has no case";
}

// --- messages -------------------------------------------------------------------------

TEST(CheckerMessageTest, ImmutableAssignWordingAndLabel) {
  auto c = check_source(R"(
def main() -> None:
    x = 1
    x = 2
)");
  const Diagnostic& d = c->only();
  EXPECT_EQ(d.message, "Cannot mutate 'x' - variable is immutable");
  ASSERT_EQ(d.labels.size(), 1u);
  EXPECT_EQ(c->sources.line_col(d.labels[0].span.file, d.labels[0].span.begin).line, 2u);
  EXPECT_EQ(d.hint, "declare it with `mut x = ...` to allow reassignment");
}

TEST(CheckerMessageTest, AwaitOutsideAsyncWording) {
  auto c = check_source(R"(
import std.async
async def f() -> None:
    pass
def main() -> None:
    await f()
)");
  const Diagnostic& d = c->only();
  EXPECT_EQ(diag_info(d.kind).name, "AwaitOutsideAsync");
  EXPECT_EQ(d.message, "Cannot use 'await' outside of an async function or async method");
  EXPECT_EQ(d.hint, "declare it `async def main() -> None:`");
}

TEST(CheckerMessageTest, TypeMismatchNamesBothTypes) {
  auto c = check_source(R"(
def main() -> None:
    x: float = 1
)");
  EXPECT_EQ(c->only().message, "expected `float`, found `int`");
  EXPECT_EQ(c->only().hint, "write a float literal such as `1.0`, or use `float(x)`");
}

TEST(CheckerMessageTest, UnknownNameSuggestsACloseName) {
  auto c = check_source(R"(
def main() -> None:
    total = 1
    println(totl)
)");
  EXPECT_EQ(c->only().message, "unknown name `totl`");
  EXPECT_EQ(c->only().hint, "did you mean `total`?");
}

TEST(CheckerMessageTest, UnawaitedAsyncCallIsOnlyAWarning) {
  auto c = check_source(R"(
import std.async
async def work() -> None:
    pass
async def main() -> None:
    work()
)");
  EXPECT_FALSE(c->diags.has_errors());
  EXPECT_EQ(c->only().severity(), Severity::Warning);
  EXPECT_EQ(c->only().message, "Async call `work` is not awaited");
}

// --- types of expressions (LANGUAGE.md 7.4) ------------------------------------------

TEST(CheckerTypeTest, DivisionIsAlwaysFloat) {
  EXPECT_EQ(type_of("7 / 2"), "float");
  EXPECT_EQ(type_of("4 / 2"), "float");
  EXPECT_EQ(type_of("7.0 / 2"), "float");
}

TEST(CheckerTypeTest, FloorDivisionAndModulo) {
  EXPECT_EQ(type_of("7 // 2"), "int");
  EXPECT_EQ(type_of("7 % 2"), "int");
  EXPECT_EQ(type_of("7.5 // 2"), "float");
  EXPECT_EQ(type_of("7 % 2.0"), "float");
}

TEST(CheckerTypeTest, PowerIsIntOnlyForANonNegativeIntLiteralExponent) {
  EXPECT_EQ(type_of("2 ** 3"), "int");
  EXPECT_EQ(type_of("2 ** 0"), "int");
  EXPECT_EQ(type_of("2 ** -1"), "float");
  EXPECT_EQ(type_of("2 ** e", "    e = 3\n"), "float");
  EXPECT_EQ(type_of("2.0 ** 2"), "float");
  EXPECT_EQ(type_of("-2 ** 2"), "int");
}

TEST(CheckerTypeTest, MixedIntAndFloatArithmeticIsFloat) {
  EXPECT_EQ(type_of("1 + 2"), "int");
  EXPECT_EQ(type_of("1 + 2.5"), "float");
  EXPECT_EQ(type_of("2.5 * 2"), "float");
  EXPECT_EQ(type_of("1 - 0.5"), "float");
  EXPECT_EQ(type_of("-x", "    x = 1\n"), "int");
  EXPECT_EQ(type_of("1 < 2.5"), "bool");
}

TEST(CheckerTypeTest, LiteralsCollectionsAndRanges) {
  EXPECT_EQ(type_of("\"a\" + \"b\""), "str");
  EXPECT_EQ(type_of("f\"{1}\""), "str");
  EXPECT_EQ(type_of("[1, 2]"), "list[int]");
  EXPECT_EQ(type_of("[[1.5], []]"), "list[list[float]]");
  EXPECT_EQ(type_of("0..3"), "range");
  EXPECT_EQ(type_of("range(1, 9, 2)"), "range");
  EXPECT_EQ(type_of("True"), "bool");
  EXPECT_EQ(type_of("\"a\" in \"abc\""), "bool");
  EXPECT_EQ(type_of("not (1 == 2)"), "bool");
}

TEST(CheckerTypeTest, BuiltinsAndMethods) {
  const std::string setup = "    xs = [3, 1]\n    s = \"a b\"\n";
  EXPECT_EQ(type_of("len(s)", setup), "int");
  EXPECT_EQ(type_of("str(1)", setup), "str");
  EXPECT_EQ(type_of("int(\"3\")", setup), "int");
  EXPECT_EQ(type_of("float(1)", setup), "float");
  EXPECT_EQ(type_of("abs(-1.5)", setup), "float");
  EXPECT_EQ(type_of("sum(xs)", setup), "int");
  EXPECT_EQ(type_of("sum([1.5])", setup), "float");
  EXPECT_EQ(type_of("sorted(xs)", setup), "list[int]");
  EXPECT_EQ(type_of("min(xs)", setup), "int");
  EXPECT_EQ(type_of("s.split(\" \")", setup), "list[str]");
  EXPECT_EQ(type_of("s.upper()", setup), "str");
  EXPECT_EQ(type_of("xs.pop()", setup), "int");
  EXPECT_EQ(type_of("xs[0]", setup), "int");
  EXPECT_EQ(type_of("s[0]", setup), "str");
  EXPECT_EQ(type_of("xs.contains(1)", setup), "bool");
}

TEST(CheckerTypeTest, AsyncCallsAndHandles) {
  auto c = check_source(R"(
import std.async
from std.async.task import spawn
async def work(n: int) -> int:
    return n
async def main() -> None:
    pending = work(1)
    handle = spawn(work(2))
    joined = await handle
    value = await pending
)");
  EXPECT_EQ(c->kinds(), KindLines{});
  EXPECT_EQ(c->type_of_local("pending"), "Awaitable[int]");
  EXPECT_EQ(c->type_of_local("handle"), "JoinHandle[int]");
  EXPECT_EQ(c->type_of_local("joined"), "Result[int, TaskJoinError]");
  EXPECT_EQ(c->type_of_local("value"), "int");
  EXPECT_TRUE(c->program->uses_async);
}

TEST(CheckerTypeTest, CompoundDivisionOnIntIsATypeMismatch) {
  auto c = check_source(R"(
def main() -> None:
    mut x = 10
    x /= 2
    x //= 2
    mut y = 1.0
    y /= 2
    x += 0.5
)");
  EXPECT_EQ(c->kinds(), (KindLines{{"TypeMismatch", 3}, {"TypeMismatch", 7}}));
  EXPECT_EQ(c->diags.diagnostics()[0].hint, "`/` always gives a `float`; use `//` for integer division");
}

// --- mutability (LANGUAGE.md 4.1, 4.3) ---------------------------------------------------

TEST(CheckerMutabilityTest, MutBindingsMayBeReassigned) {
  EXPECT_EQ(diags_of(R"(
def main() -> None:
    mut x = 1
    x = 2
    x += 3
    mut s = "a"
    s += "b"
    mut total: int = 0
    total -= 1
)"),
            KindLines{});
}

TEST(CheckerMutabilityTest, InPlaceMutationOfAnyLocalIsAllowed) {
  EXPECT_EQ(diags_of(R"(
def main() -> None:
    xs = [1]
    xs.append(2)
    xs[0] = 5
    xs[1] += 1
    xs.sort()
    for x in [[1]]:
        x.append(2)
)"),
            KindLines{});
}

TEST(CheckerMutabilityTest, MutParametersMayBeMutatedAndReassigned) {
  EXPECT_EQ(diags_of(R"(
def f(mut xs: list[int], mut n: int, ys: list[int]) -> int:
    xs.append(1)
    xs[0] = 2
    xs = [3]
    n += 1
    return len(ys) + ys[0] + n
)"),
            KindLines{});
}

TEST(CheckerMutabilityTest, MutateImmutableParamWording) {
  auto c = check_source(R"(
def f(xs: list[int]) -> None:
    xs.append(1)
)");
  EXPECT_EQ(c->only().message, "cannot mutate parameter `xs`: it is not declared `mut`");
  EXPECT_EQ(c->only().hint, "declare it as `mut xs: list[int]` to change the caller's value");
}

TEST(CheckerMutabilityTest, AssigningInAnInnerBlockReassignsTheOuterBinding) {
  auto c = check_source(R"(
def main() -> None:
    x = 1
    if true:
        x = 2
    mut total = 0
    for i in range(3):
        total = total + i
    println(total)
)");
  EXPECT_EQ(c->kinds(), (KindLines{{"ImmutableAssign", 4}}));
  // `total = total + i` updates the outer binding; it declares nothing.
  const ast::Stmt& loop = c->module.stmt(c->module.functions[0].body[3]);
  ASSERT_EQ(loop.kind, ast::StmtKind::For);
  ast::StmtId inner = loop.body[0];
  EXPECT_FALSE(c->program->stmt_declares[inner.index]);
  EXPECT_EQ(c->program->stmt_locals[inner.index], c->program->stmt_locals[c->module.functions[0].body[2].index]);
}

TEST(CheckerMutabilityTest, LetShadowsInsteadOfReassigning) {
  auto c = check_source(R"(
def main() -> None:
    x = 1
    let x = "now a string"
    if true:
        let x = 2.5
    println(x)
)");
  EXPECT_EQ(c->kinds(), KindLines{});
  // The last `println(x)` sees the string binding of line 3.
  ast::ExprId call = c->call_to("println");
  ast::ExprId arg = c->module.expr(call).args[0].value;
  EXPECT_EQ(c->program->type_of(arg), c->program->types.str());
}

// --- scoping (LANGUAGE.md 4.1, 9) -------------------------------------------------------

TEST(CheckerScopeTest, BindingsInsideABlockDoNotExistAfterIt) {
  EXPECT_EQ(diags_of(R"(
def main() -> None:
    if true:
        y = 1
    else:
        z = 2
    println(y)
    println(z)
    while false:
        w = 3
    println(w)
    for i in range(3):
        v = i
    println(i)
    println(v)
)"),
            (KindLines{{"UnknownName", 6}, {"UnknownName", 7}, {"UnknownName", 10}, {"UnknownName", 13},
                       {"UnknownName", 14}}));
}

TEST(CheckerScopeTest, LocalsAreNotVisibleInOtherFunctions) {
  EXPECT_EQ(diags_of(R"(
def f() -> None:
    secret = 1
def g() -> None:
    println(secret)
)"),
            (KindLines{{"UnknownName", 4}}));
}

TEST(CheckerScopeTest, LocalsMayShadowBuiltinsAndFunctions) {
  EXPECT_EQ(diags_of(R"(
def compute() -> int:
    return 1
def main() -> None:
    sum = 1 + 2
    println(sum)
    compute = "text"
    println(compute)
)"),
            KindLines{});
}

// --- returns ----------------------------------------------------------------------------

TEST(CheckerReturnTest, AllPathsReturn) {
  EXPECT_EQ(diags_of(R"(
def sign(x: int) -> int:
    if x > 0:
        return 1
    elif x < 0:
        return -1
    else:
        return 0
def forever() -> int:
    while true:
        pass
def inner_break() -> int:
    while True:
        for i in range(3):
            break
def nothing() -> None:
    pass
)"),
            KindLines{});
}

TEST(CheckerReturnTest, SomePathsFallThrough) {
  EXPECT_EQ(diags_of(R"(
def a(x: int) -> int:
    if x > 0:
        return 1
    elif x < 0:
        return -1
def b() -> int:
    while true:
        if false:
            break
def c(xs: list[int]) -> int:
    for x in xs:
        return x
def d() -> str:
    pass
)"),
            (KindLines{{"MissingReturn", 1}, {"MissingReturn", 6}, {"MissingReturn", 10}, {"MissingReturn", 13}}));
}

TEST(CheckerReturnTest, MissingReturnWording) {
  auto c = check_source("def f() -> int:\n    pass\n");
  EXPECT_EQ(c->only().message, "function `f` must return `int` on every path");
}

TEST(CheckerReturnTest, NoneFunctionsMayReturnNoneOrAUnitCall) {
  EXPECT_EQ(diags_of(R"(
def g() -> None:
    return
def f(x: int) -> None:
    if x > 0:
        return None
    return g()
)"),
            KindLines{});
}

// --- calls and keyword arguments ---------------------------------------------------------

TEST(CheckerCallTest, KeywordArgumentsBindToParameters) {
  auto c = check_source(R"(
def f(a: int, b: str = "b", c: float = 1.0) -> int:
    return a
def main() -> None:
    x = f(c=2.5, a=1)
)");
  ASSERT_EQ(c->kinds(), KindLines{});
  const CallInfo& call = c->program->calls[c->call_to("f").index];
  EXPECT_EQ(call.kind, CallKind::Function);
  EXPECT_EQ(call.arg_for_param, (std::vector<int>{1, -1, 0}));
}

TEST(CheckerCallTest, KeywordArgumentsAreTypeCheckedAgainstTheirParameter) {
  EXPECT_EQ(diags_of(R"(
def f(a: int, b: str) -> int:
    return a
def main() -> None:
    x = f(b=1, a="s")
    y = f(1, b="ok")
)"),
            (KindLines{{"TypeMismatch", 4}, {"TypeMismatch", 4}}));
}

TEST(CheckerCallTest, BuiltinCallsAreResolved) {
  auto c = check_source(R"(
def main() -> None:
    println(len([1]))
)");
  ASSERT_EQ(c->kinds(), KindLines{});
  EXPECT_EQ(c->program->calls[c->call_to("len").index].kind, CallKind::Builtin);
  EXPECT_EQ(c->program->calls[c->call_to("len").index].builtin, Builtin::Len);
  EXPECT_STREQ(builtin_name(Builtin::Len), "len");
  EXPECT_STREQ(method_name(Method::ListAppend), "append");
}

// --- whole valid programs -------------------------------------------------------------

TEST(CheckerValidProgramTest, SynchronousProgramHasNoDiagnostics) {
  auto c = check_source(R"(
"""A small program using most of the checked subset."""

def describe(n: int, label: str = "n", verbose: bool = false) -> str:
    """Formats `n`."""
    if verbose:
        return f"{label} = {n:?}"
    return f"{label}={n}"

def grow(mut xs: list[int], count: int) -> None:
    for i in range(count):
        xs.append(i * i)

def main() -> None:
    mut xs: list[int] = []
    grow(xs, 4)
    total = sum(xs)
    mut acc = 0.0
    for x in xs:
        if x % 2 == 0 and x > 0:
            acc += x / 2
        elif not (x in [1, 9]):
            continue
        else:
            acc -= 1
    words = "a b c".split(" ")
    println(", ".join(words))
    println(describe(total, verbose=true))
    println(f"{acc} {len(xs)} {xs} {2 ** 10} {-7 // 2} {7 % -3}")
    mut i = 0
    while i < 3:
        i += 1
        if i == 2:
            break
    for ch in "héllo":
        print(ch.upper())
    for k in 0..=2:
        println(k)
)");
  EXPECT_EQ(c->kinds(), KindLines{});
  EXPECT_TRUE(c->program->main.is_valid());
  EXPECT_FALSE(c->program->uses_async);
}

TEST(CheckerValidProgramTest, AsyncProgramHasNoDiagnostics) {
  EXPECT_EQ(diags_of(R"(
import std.async
from std.async.time import sleep, sleep_ms
from std.async.task import spawn, yield_now

async def fetch(source: str) -> str:
    await sleep_ms(1)
    return f"data from {source}"

async def main() -> None:
    result = await fetch("server")
    handle = spawn(fetch("api"))
    await yield_now()
    await sleep(0.01)
    joined = await handle
    if joined.is_ok():
        println(joined.unwrap())
    println(result)
)"),
            KindLines{});
}

// --- one mistake, one diagnostic ----------------------------------------------------------

TEST(CheckerCascadeTest, ErrorTypesAreAcceptedSilently) {
  EXPECT_EQ(diags_of(R"(
def f(x: Foo) -> int:
    y = x + 1
    z: list[Bar] = [1]
    return missing
def main() -> None:
    a = nothing
    b = a * 2
    c = len(a)
    if a:
        println(a[0])
    for e in a:
        a.push(e)
    mut d = a
    d += 1
)"),
            (KindLines{{"UnknownType", 1}, {"UnknownType", 3}, {"UnknownName", 4}, {"UnknownName", 6}}));
}

// `return <error>` in a `-> None` function reports only the first error.
TEST(CheckerCascadeTest, ReturnOfAnUnknownNameInNoneFunction) {
  EXPECT_EQ(diags_of(R"(
def f() -> None:
    return missing
)"),
            (KindLines{{"UnknownName", 2}}));
}

// `sum` and `sort` accept a list whose element type is the error type silently.
TEST(CheckerCascadeTest, SumAndSortOfAListOfErrors) {
  EXPECT_EQ(diags_of(R"(
def main() -> None:
    xs = [missing]
    total = sum(xs)
    xs.sort()
)"),
            (KindLines{{"UnknownName", 2}}));
}

// A 100000-term `+` chain is stopped by the parser's operator limit, so the
// recursive checker never sees a tree that deep.
TEST(CheckerDeathTest, LongOperatorChainDoesNotOverflowTheStack) {
  std::string source = "def main() -> None:\n    x = 1";
  for (int i = 0; i < 100000; ++i) source += " + 1";
  source += "\n    println(x)\n";
  // Any verdict is fine (no diagnostic, or NestingTooDeep), as long as the process survives.
  EXPECT_EXIT(
      {
        check_source(source);
        std::exit(0);
      },
      ::testing::ExitedWithCode(0), "");
}

// `s[i] += t` on a string is rejected like `s[i] = t`.
TEST(CheckerMutabilityTest, CompoundAssignToAStringIndexIsRejected) {
  EXPECT_EQ(diags_of(R"(
def main() -> None:
    mut s = "abc"
    s[0] += "x"
)"),
            (KindLines{{"InvalidAssignTarget", 3}}));
}

}  // namespace
}  // namespace incan::sema
