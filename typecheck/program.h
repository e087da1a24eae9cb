// sema::Program: what the type checker hands to codegen. Side tables indexed by
// AST node IDs; the AST itself is never modified.
#pragma once

#include <string>
#include <vector>

#include "frontend/ast/ast.h"
#include "typecheck/side_table.h"
#include "typecheck/types/type_store.h"

namespace incan::sema {

enum class Builtin : std::uint8_t {
#define INCAN_BUILTIN(kind, name, module) kind,
#include "typecheck/builtins.def"
};

enum class Method : std::uint8_t {
#define INCAN_METHOD(kind, receiver, name, mutates) kind,
#include "typecheck/methods.def"
};

struct LocalTag;
using LocalId = Id<LocalTag>;

struct Local {
  std::string name;
  TypeId type;
  bool is_mut = false;
  bool is_param = false;
  Span span;
  ast::FunctionId function;
  // Move-only values (un-awaited coroutines, JoinHandle): where the last use that
  // consumed it was (the checker keeps whether it is moved now).
  Span moved_at;
  int loop_depth = 0;  // loops enclosing the declaration
};

enum class NameKind : std::uint8_t { Unresolved, Local, Function, Builtin, Type, Const };

struct NameRef {
  NameKind kind = NameKind::Unresolved;
  LocalId local;
  ast::FunctionId function;
  Builtin builtin = Builtin::Print;
  ast::TypeDeclId decl;  // NameKind::Type
  std::uint32_t konst = UINT32_MAX;  // NameKind::Const: index into Program::consts
};

enum class CallKind : std::uint8_t {
  Unresolved,
  Function,      // a free function
  Builtin,
  Method,        // a method of a built-in type
  UserMethod,    // `x.m(...)`: function = the method, the receiver is the callee's lhs
  StaticMethod,  // `Type.m(...)`: function = the method
  Construct,     // `Point(x=1)`, `UserId(1)`: decl
  Variant,       // `Shape.Circle(5)`: decl, variant
  ValidationError,  // `ValidationError("msg")` / `(message=..., code=...)`
  Closure,       // calling a local of function type (a closure or a function-typed parameter)
  LibStatic,     // `Mutex.new(v)`: lib
  LibMethod,     // a method of an async-library type: lib, the name is the callee's
};

struct CallInfo {
  CallKind kind = CallKind::Unresolved;
  ast::FunctionId function;
  Builtin builtin = Builtin::Print;
  Method method = Method::StrUpper;
  ast::TypeDeclId decl;
  int variant = -1;
  // For function and method calls: for each parameter, the index of the argument
  // that supplies it, or -1 when the parameter's default is used. For Construct:
  // the same per field of the type (DeclInfo::fields order).
  std::vector<int> arg_for_param;
  // The newtype's checked construction runs `from_underlying` (Construct of a
  // newtype, outside its own `from_underlying`).
  bool validated = false;
  LibType lib = LibType::Mutex;
  bool lib_async = false;  // LibMethod: the C++ method returns an awaiter
  TypeId type_arg;         // `channel[T](...)`: T
};

// What a Member expression (not a call's callee) denotes.
enum class MemberKind : std::uint8_t {
  Unresolved,
  TupleField,     // `.0` of a tuple: index
  Field,          // a model/class field: decl, index into DeclInfo::fields
  NewtypeValue,   // `.0` of a newtype
  UnitVariant,    // `Color.Red`: decl, index = variant
  ErrorMessage,   // `.message` of a ValidationError
};

struct MemberRef {
  MemberKind kind = MemberKind::Unresolved;
  ast::TypeDeclId decl;
  int index = -1;
};

struct FunctionInfo {
  std::vector<TypeId> param_types;
  std::vector<LocalId> param_locals;
  TypeId return_type;
  LocalId self_local;  // methods with a receiver
};

struct FieldInfo {
  std::string name;
  TypeId type;
  bool is_pub = false;
  Span span;
  ast::TypeDeclId origin;  // the declaring type (a parent class for inherited fields)
  ast::ExprId default_value;
};

struct VariantInfo {
  std::string name;
  std::vector<TypeId> payload;
};

struct MethodEntry {
  std::string name;
  ast::FunctionId function;  // its owner may be a parent class or a trait
};

// A user type, resolved: every field (inherited ones first), variants, the method
// table (own, inherited, trait defaults: what the type answers to).
struct DeclInfo {
  TypeId type;
  std::vector<FieldInfo> fields;
  std::vector<VariantInfo> variants;
  TypeId underlying;  // newtypes
  std::vector<MethodEntry> methods;
  std::vector<ast::TypeDeclId> traits;
  ast::TypeDeclId base;  // class `extends`
  bool has_eq = false;   // `==` allowed: enums, `@derive(Eq)`/`@derive(PartialEq)`
  ast::FunctionId from_underlying;  // newtypes with validation
  ast::FunctionId str_method;       // `__str__`, for Display

  const MethodEntry* find_method(const std::string& name) const {
    for (const MethodEntry& m : methods)
      if (m.name == name) return &m;
    return nullptr;
  }
  int find_field(const std::string& name) const {
    for (std::size_t i = 0; i < fields.size(); ++i)
      if (fields[i].name == name) return static_cast<int>(i);
    return -1;
  }
  int find_variant(const std::string& name) const {
    for (std::size_t i = 0; i < variants.size(); ++i)
      if (variants[i].name == name) return static_cast<int>(i);
    return -1;
  }
};

// A module-level `const` (LANGUAGE.md 5.11), or an item of Rust's std mapped to C++
// (`from rust::std::f64::consts import PI`).
struct ConstInfo {
  std::string name;  // the name in scope (an import's alias)
  TypeId type;
  int decl = -1;     // index into ast::Module::consts; -1 for a mapped Rust item
  std::string cpp;   // a mapped Rust item: its C++ expression
};

struct Program {
  const ast::Module* module = nullptr;
  TypeStore types;
  std::vector<TypeId> expr_types;           // by ExprId
  SideTable<NameRef> names;                 // by ExprId (Name expressions)
  SideTable<CallInfo> calls;                // by ExprId (Call expressions)
  std::vector<LocalId> stmt_locals;         // by StmtId: the local an Assign binds or updates
  std::vector<bool> stmt_declares;          // by StmtId: the Assign creates a new binding
  std::vector<std::vector<LocalId>> for_locals;  // by StmtId (For)
  SideTable<std::vector<LocalId>> comp_locals;  // by ExprId (comprehension targets, closure parameters)
  std::vector<Local> locals;
  std::vector<TypeId> pattern_types;        // by PatternId: the type the pattern matches
  std::vector<LocalId> pattern_locals;      // by PatternId (Binding patterns)
  std::vector<FunctionInfo> functions;      // by FunctionId
  std::vector<DeclInfo> decls;              // by TypeDeclId
  SideTable<MemberRef> members;             // by ExprId (Member expressions)
  std::vector<int> pattern_variants;        // by PatternId: the enum variant a pattern names, or -1
  std::vector<ConstInfo> consts;
  std::vector<std::uint32_t> const_order;  // the declared consts, each after those it reads
  std::vector<bool> last_use;               // by ExprId: a Name that is the last use of a handle (moved)
  ast::FunctionId main;                     // invalid if the file has no `main`
  bool uses_async = false;

  TypeId type_of(ast::ExprId id) const { return expr_types[id.index]; }
  const Local& local(LocalId id) const { return locals[id.index]; }
  const DeclInfo& decl(ast::TypeDeclId id) const { return decls[id.index]; }
};

}  // namespace incan::sema
