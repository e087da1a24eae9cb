// sema::Program: what the type checker hands to codegen. Side tables indexed by
// AST node IDs; the AST itself is never modified.
#pragma once

#include <string>
#include <vector>

#include "frontend/ast/ast.h"
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
};

enum class NameKind : std::uint8_t { Unresolved, Local, Function, Builtin };

struct NameRef {
  NameKind kind = NameKind::Unresolved;
  LocalId local;
  ast::FunctionId function;
  Builtin builtin = Builtin::Print;
};

enum class CallKind : std::uint8_t { Unresolved, Function, Builtin, Method };

struct CallInfo {
  CallKind kind = CallKind::Unresolved;
  ast::FunctionId function;
  Builtin builtin = Builtin::Print;
  Method method = Method::StrUpper;
  // For function calls: for each parameter, the index of the argument that
  // supplies it, or -1 when the parameter's default is used.
  std::vector<int> arg_for_param;
};

struct FunctionInfo {
  std::vector<TypeId> param_types;
  std::vector<LocalId> param_locals;
  TypeId return_type;
};

struct Program {
  const ast::Module* module = nullptr;
  TypeStore types;
  std::vector<TypeId> expr_types;           // by ExprId
  std::vector<NameRef> names;               // by ExprId (Name expressions)
  std::vector<CallInfo> calls;              // by ExprId (Call expressions)
  std::vector<LocalId> stmt_locals;         // by StmtId: the local an Assign binds or updates
  std::vector<bool> stmt_declares;          // by StmtId: the Assign creates a new binding
  std::vector<std::vector<LocalId>> for_locals;  // by StmtId (For)
  std::vector<std::vector<LocalId>> comp_locals;  // by ExprId (comprehension targets)
  std::vector<Local> locals;
  std::vector<TypeId> pattern_types;        // by PatternId: the type the pattern matches
  std::vector<LocalId> pattern_locals;      // by PatternId (Binding patterns)
  std::vector<FunctionInfo> functions;      // by FunctionId
  ast::FunctionId main;                     // invalid if the file has no `main`
  bool uses_async = false;

  TypeId type_of(ast::ExprId id) const { return expr_types[id.index]; }
  const Local& local(LocalId id) const { return locals[id.index]; }
};

}  // namespace incan::sema
