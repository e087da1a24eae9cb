// The AST: flat stores of expressions, statements, type expressions and
// declarations, referring to each other by typed 32-bit IDs. Immutable once the
// parser returns it; later stages keep side tables indexed by these IDs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "frontend/common/id.h"
#include "frontend/source/source_manager.h"

namespace incan::ast {

struct ExprTag;
struct StmtTag;
struct TypeExprTag;
struct FunctionTag;
using ExprId = Id<ExprTag>;
using StmtId = Id<StmtTag>;
using TypeExprId = Id<TypeExprTag>;
using FunctionId = Id<FunctionTag>;
struct PatternTag;
using PatternId = Id<PatternTag>;
struct TypeDeclTag;
using TypeDeclId = Id<TypeDeclTag>;

enum class PatternKind : std::uint8_t {
  Error,
  Wildcard,  // `_`
  Binding,   // `name`
  Literal,   // value: an IntLit/FloatLit/StrLit/BoolLit expression
  Ctor,      // name (`Some`, `None`, `Ok`, `Err`), subpatterns
  Tuple,     // subpatterns
  Or,        // subpatterns: the alternatives
};

struct Pattern {
  PatternKind kind;
  Span span;
  std::string name;
  ExprId value;
  std::vector<PatternId> subpatterns;
};

enum class ExprKind : std::uint8_t {
  Error,      // recovery: a parse error was reported here
  IntLit,
  FloatLit,
  BoolLit,
  StrLit,
  FString,    // parts + part_exprs
  NoneLit,
  Name,       // name
  List,       // elements
  Unary,      // op, lhs
  Binary,     // op, lhs, rhs
  Call,       // lhs = callee, args
  Member,     // lhs . name  (also `.0` tuple fields: name = "0")
  Index,      // lhs [ rhs ]
  Slice,      // lhs [ elements[0] : elements[1] : elements[2] ]; each part may be invalid (absent)
  Await,      // await lhs
  Range,      // lhs .. rhs (op = Range or RangeInclusive)
  Tuple,      // elements (`()`, `(a,)`, `(a, b)`)
  Dict,       // elements: key, value, key, value, ...
  Set,        // elements
  Try,        // lhs ?
  Loop,       // `loop:` used as a value; stmt = the Loop statement
  ListComp,   // [elements[0] for args(names) in lhs if rhs]
  DictComp,   // {elements[0]: elements[1] for args(names) in lhs if rhs}
  Lambda,     // (args[].keyword, ...) => lhs
};

enum class Op : std::uint8_t {
  // binary
  Add, Sub, Mul, Div, FloorDiv, Mod, Pow,
  Eq, Ne, Lt, Le, Gt, Ge, In, NotIn, Is, IsNot,
  And, Or,
  Range, RangeInclusive,
  // unary
  Neg, Not,
};

const char* op_spelling(Op op);

struct Arg {
  std::string keyword;  // empty for positional
  Span keyword_span;
  ExprId value;
};

struct FStringPiece {
  bool is_expr = false;
  std::string text;      // literal text
  ExprId expr;           // when is_expr
  bool debug = false;    // `{x:?}`
};

struct Expr {
  ExprKind kind;
  Span span;
  Op op = Op::Add;
  ExprId lhs;
  ExprId rhs;
  std::int64_t int_value = 0;
  double float_value = 0;
  bool bool_value = false;
  std::string text;  // name, member name, or string literal value
  Span name_span;    // for Member: the member name
  StmtId stmt;       // for Loop: the loop statement
  std::vector<ExprId> elements;
  std::vector<Arg> args;
  std::vector<FStringPiece> pieces;
};

struct TypeExpr {
  Span span;
  std::string name;  // `int`, `list`, `None`, ...
  std::vector<TypeExprId> args;
  bool is_error = false;
};

enum class StmtKind : std::uint8_t {
  Error,
  Expr,            // value
  Assign,          // target (expr), value, binding, annotation
  CompoundAssign,  // target, op, value
  If,              // cond, body, else_body (an elif is a nested If in else_body)
  While,           // cond, body
  For,             // targets, value (iterable), body
  Return,          // value (may be invalid)
  Pass,
  Break,
  Continue,
  Unpack,          // for_targets = value (tuple unpacking `a, b = e`), binding
  Match,           // value (subject), arms
  IfLet,           // pattern, value, body
  WhileLet,        // pattern, value, body
  Loop,            // body (`loop:`); Break may carry a value when the loop is an expression
  Assert,          // cond, value (the message; may be invalid)
};

struct MatchArm {
  PatternId pattern;
  ExprId guard;  // invalid when there is none
  Span span;
  std::vector<StmtId> body;
};

enum class Binding : std::uint8_t { Plain, Let, Mut };

struct Stmt {
  StmtKind kind;
  Span span;
  ExprId target;
  ExprId value;
  ExprId cond;
  Op op = Op::Add;
  Binding binding = Binding::Plain;
  TypeExprId annotation;
  std::vector<StmtId> body;
  std::vector<StmtId> else_body;
  bool has_else = false;
  bool is_elif = false;  // this If came from `elif` (for dumps)
  std::vector<std::string> for_targets;
  std::vector<Span> for_target_spans;
  PatternId pattern;
  std::vector<MatchArm> arms;
};

struct Param {
  std::string name;
  Span span;
  TypeExprId type;
  ExprId default_value;
  bool is_mut = false;
};

// A decorator line: `@name` or `@name(args)`. `@derive(A, B)` keeps the names in
// `names`; `@requires(f: T, ...)` keeps them in `fields`.
struct Decorator {
  std::string name;
  Span span;
  std::vector<std::string> names;
  std::vector<Span> name_spans;
  std::vector<Param> fields;  // `@requires(name: Type)`: name, span, type
};

enum class Receiver : std::uint8_t { None, Self, MutSelf };

struct Function {
  std::string name;
  Span span;       // the whole `def` header line
  Span name_span;
  std::vector<std::string> type_params;  // `def f[T](...)` (generic functions)
  Span type_params_span;
  bool is_async = false;
  bool is_pub = false;
  std::vector<Param> params;  // without the receiver
  TypeExprId return_type;
  std::vector<StmtId> body;
  std::string docstring;
  // Methods: the declaring type, the receiver, `@staticmethod`.
  TypeDeclId owner;
  Receiver receiver = Receiver::None;
  Span receiver_span;
  bool is_static = false;
  bool has_body = true;  // false for a trait's required method (`: ...` or no block)
  std::vector<Decorator> decorators;
};

enum class DeclKind : std::uint8_t { Model, Class, Trait, Enum, Newtype };

struct Field {
  std::string name;
  Span span;
  TypeExprId type;
  ExprId default_value;
  bool is_pub = false;
};

struct Variant {
  std::string name;
  Span span;
  std::vector<TypeExprId> payload;
};

// `model`, `class`, `trait`, `enum` and `newtype` declarations.
struct TypeDecl {
  DeclKind kind = DeclKind::Model;
  std::string name;
  Span span;  // the header line
  Span name_span;
  bool is_pub = false;
  std::vector<std::string> type_params;  // `[T]` (generic declarations)
  std::string base;                      // class `extends Base`
  Span base_span;
  std::vector<std::string> traits;       // `with A, B`
  std::vector<Span> trait_spans;
  std::vector<Field> fields;
  std::vector<Variant> variants;
  std::vector<FunctionId> methods;
  TypeExprId underlying;                 // newtype
  std::vector<Decorator> decorators;
  std::string docstring;
};

struct ImportName {
  std::string name;
  std::string alias;  // empty: same as name
  Span span;
};

// `[pub] const NAME: Type = expr` at module level (LANGUAGE.md 5.11).
struct ConstDecl {
  std::string name;
  Span span;  // the whole declaration
  Span name_span;
  bool is_pub = false;
  TypeExprId annotation;
  ExprId value;
};

// `import a.b [as c]` (names empty) or `from a.b import x, y as z` / `*`.
struct Import {
  std::vector<std::string> path;
  Span span;
  bool is_from = false;
  bool is_star = false;
  std::string alias;
  std::vector<ImportName> names;
};

struct Module {
  FileId file;
  std::vector<Expr> exprs;
  std::vector<Stmt> stmts;
  std::vector<TypeExpr> types;
  std::vector<Pattern> patterns;
  std::vector<Function> functions;
  std::vector<Import> imports;
  std::vector<TypeDecl> decls;
  std::vector<ConstDecl> consts;
  bool async_enabled = false;  // some `std.async` import was seen

  const Expr& expr(ExprId id) const { return exprs[id.index]; }
  const Stmt& stmt(StmtId id) const { return stmts[id.index]; }
  const TypeExpr& type(TypeExprId id) const { return types[id.index]; }
  const Pattern& pattern(PatternId id) const { return patterns[id.index]; }
  const Function& function(FunctionId id) const { return functions[id.index]; }
  const TypeDecl& decl(TypeDeclId id) const { return decls[id.index]; }
};

// Deterministic text dump of the module (for `incan emit --stage=ast` and tests).
std::string dump(const Module& module);

}  // namespace incan::ast
